"""The interface's language for this run: from the link's ``ui``, else the one chosen
earlier in this session, else the reader's browser; the menu that changes it; and the
page's ``lang`` attribute, which tells screen readers how to pronounce the page."""

from __future__ import annotations

import json

import streamlit as st

from storymap import panel
from storymap.i18n import (
    INTERFACE_LANGUAGES,
    SOURCE_LANGUAGE,
    _,
    current_language,
    language_from_browser,
    set_language,
)
from storymap.ui.keys import INTERFACE_KEY, INTERFACE_MENU_KEY
from storymap.view import INTERFACE_PARAMETER


def choose_interface_language() -> str:
    """Set and return the language this run speaks; its page's ``lang`` is set by the
    language menu, in the sidebar (interface_menu)."""
    return speak_chosen_language()


def speak_chosen_language() -> str:
    """Speak the language the link, the menu or the browser chose, and return it.

    app.py does it first; every page does it again, as a page may run without app.py
    around it (on a server's first run, and in AppTest after the first page).
    """
    asked = (st.query_params.get(INTERFACE_PARAMETER) or "").strip().lower()
    if asked in INTERFACE_LANGUAGES:
        st.session_state[INTERFACE_KEY] = asked
    remembered = st.session_state.get(INTERFACE_KEY)
    # Only one of the five: a menu's value comes from the browser, which may send anything.
    set_language(remembered if remembered in INTERFACE_LANGUAGES else _browser_language())
    return current_language()


def _browser_language() -> str:
    try:
        locale = st.context.locale
        accept = st.context.headers.get("Accept-Language")
    except Exception:  # no browser behind this run (a test's script runner)
        return SOURCE_LANGUAGE
    return language_from_browser(locale, accept)


def _mark_page_language(code: str) -> None:
    # The code is one of INTERFACE_LANGUAGES' keys, never text from the link; and even so
    # it is written as a JSON string, which cannot close the script.
    if code not in INTERFACE_LANGUAGES:
        return
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(code)};</script>",
        unsafe_allow_javascript=True,
    )


def interface_menu() -> None:
    """The sidebar's menu of the interface's languages, each named in itself; in
    Japanese, a line under it on which dates are also given in the era system.

    Marks the page's language too. (On a reader's first map, which leaves the sidebar
    out until the map has drawn, the served page has marked it: storymap.ui.index_page.)
    """
    # Here, not at the top of the page: an element in the page's main area, even one
    # that shows nothing, takes room there.
    _mark_page_language(current_language())
    st.session_state[INTERFACE_MENU_KEY] = current_language()

    def on_change() -> None:
        chosen = st.session_state[INTERFACE_MENU_KEY]
        if chosen in INTERFACE_LANGUAGES:  # a forged value is ignored
            st.session_state[INTERFACE_KEY] = chosen
            st.query_params[INTERFACE_PARAMETER] = chosen

    st.selectbox(
        _("Language"),
        list(INTERFACE_LANGUAGES),
        key=INTERFACE_MENU_KEY,
        format_func=INTERFACE_LANGUAGES.__getitem__,
        on_change=on_change,
        help=_(
            "The language of the app's words and dates. The story's own text follows "
            "where it has a translation."
        ),
    )
    if current_language() == "ja":  # the one language whose dates have a second calendar
        # Small print, as storymap.ui.frame.small_print writes it (frame imports this module).
        note = _(
            "Dates from 1873, when Japan adopted the Gregorian calendar, are also "
            "given in the Japanese era system; earlier dates are Gregorian only."
        )
        st.html(panel.small_print_html(note))

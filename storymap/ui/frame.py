"""What every page runs in: app.py's navigation, an error boundary, and shared chrome
(small print, download buttons). The pages' style is in the page Streamlit serves
(storymap.ui.index_page)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from storymap import panel
from storymap.assets import install_map_assets
from storymap.i18n import _, current_language, speaking
from storymap.ui.interface import speak_chosen_language
from storymap.ui.keys import UPLOADED_STORY_KEY
from storymap.ui.streamlit_internals import in_pages_directory_mode, leave_pages_directory_mode

_LOGGER = logging.getLogger(__name__)


def inside_app_frame() -> None:
    """Run this page inside app.py's navigation, even on a server's very first run.

    Streamlit runs a new server the old way when a ``pages/`` folder exists: each file
    its own page, without app.py, until some run calls st.navigation. A server's own
    run at its start (storymap.ui.server_start) is such a run; without it
    (STORYMAP_WARM_START=0, or a run that could not be made), a first visitor arriving
    on a link to a page other than the map would get a menu of file names, and so would
    every visitor after them until someone opened the map. Turning that mode off and
    rerunning runs app.py, which opens the same page: its address names it the same way.

    Once per process: Streamlit's AppTest sets the old mode again before every run,
    and a rerun there would drop the click that started the run.
    """
    global _FRAME_SET
    if in_pages_directory_mode() and not _FRAME_SET:
        _FRAME_SET = True
        leave_pages_directory_mode()
        st.rerun()


_FRAME_SET = False  # whether inside_app_frame has turned the old mode off in this process


@st.cache_resource(show_spinner=False)
def prepare_assets() -> None:
    """Copy the map's scripts into the served folder, once per server."""
    install_map_assets()


def layout_box(key: str, height: int, horizontal: bool = False) -> DeltaGenerator:
    """A container ``height`` pixels tall until the layout's style lets it grow; its
    ``key`` names it to the style (storymap/layout.py). ``horizontal``: its elements
    side by side."""
    return st.container(
        height=height, border=False, key=key, autoscroll=False, horizontal=horizontal
    )


def small_print(text: str) -> None:
    """A line of small print, as plain text, in a colour readable on both themes.

    (st.caption's grey has too little contrast for small text.)
    """
    st.html(panel.small_print_html(text))


def story_caption(title: str) -> None:
    """A line that says which story the dashboard shows: ``title``, and whose it is.

    ``title``: story_title(), worked out once per run by the caller.
    """
    if UPLOADED_STORY_KEY in st.session_state:
        small_print(_("“{title}”: your own story, shown in this tab only.").format(title=title))
    else:
        small_print(
            _("A map of the places in “{title}”, and what happened at each.").format(title=title)
        )


def download(
    data: bytes | Callable[[], bytes],
    file_name: str,
    mime: str,
    label: str | None = None,
    purpose: str | None = None,
) -> None:
    """A button that downloads ``data`` as ``file_name``; ``label`` is in the reader's
    language, "Download ``file_name``" by default.

    Given a function, the file is made only when the button is pressed, not on every
    run of the page: an export of a large story takes seconds to write.

    ``purpose`` names what the button is for, once on its page ("data-folder"); by
    default it is the label and the file name (then the button is another one in each
    language, which does not matter to a button). File names alone can repeat: a story
    titled "Areas" names its GeoJSON export areas.geojson, as the areas file is named.

    A press does not rerun the page: nothing on it changes, and a run that starts while
    a made-on-press file is on its way drops Streamlit's answer, which leaves the button
    spinning.
    """
    if callable(data):
        data = _in_this_language(data)
    label = label or _("Download {file_name}").format(file_name=file_name)
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        key=f"download-{purpose or f'{label}-{file_name}'}",
        on_click="ignore",
    )


def _in_this_language(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """``make``, run in this run's language: Streamlit calls a download's function later,
    on another thread, where the language of the page it was pressed on is not set."""
    language = current_language()

    def made() -> bytes:
        with speaking(language):
            return make()

    return made


@contextlib.contextmanager
def page_body() -> Iterator[None]:
    """What every page runs in: app.py's navigation, its language, and an error boundary."""
    inside_app_frame()
    speak_chosen_language()
    with error_boundary():
        yield


@contextlib.contextmanager
def error_boundary() -> Iterator[None]:
    """Show a failing page as a short message, never a traceback; log the details.

    (st.stop and st.rerun are not Exceptions, so they pass through.)
    """
    try:
        yield
    except Exception:
        _LOGGER.exception("A page of the app failed")
        st.error(
            _(
                "This page could not be shown: something went wrong in the app, not in what "
                "you did. Reload the page to try again; the view you had is kept in the "
                "address. The details are in the server's log."
            ),
            icon=":material/error:",
        )

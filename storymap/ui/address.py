"""The view in the address bar: every control writes a new view there (so that copying
the address shares it), and every run reads it back from there."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from storymap.model import Event
from storymap.ui.keys import (
    ARRIVED_KEY,
    INTERFACE_KEY,
    LAST_PAGE_KEY,
    LAST_QUERY_KEY,
    MOVE_MAP_KEY,
)
from storymap.view import (
    INTERFACE_PARAMETER,
    Notice,
    ViewContext,
    ViewState,
    query_from_view,
    tour_view,
    view_from_query,
    window_of,
    with_window,
)
from storymap.window import TimeWindow


def record_page(page: str) -> None:
    """Record which page this run shows, so that a page can tell it was just opened."""
    st.session_state[ARRIVED_KEY] = st.session_state.get(LAST_PAGE_KEY) not in (None, page)
    st.session_state[LAST_PAGE_KEY] = page


def read_view(context: ViewContext) -> ViewState:
    """The view the address bar asks for; notices for what it could not honour.

    Streamlit's page navigation drops the query string, so a page opened from another
    one without a query brings the view (time window, language, place) along.
    """
    query = st.query_params.to_dict()
    if not query and st.session_state.get(ARRIVED_KEY) and st.session_state.get(LAST_QUERY_KEY):
        query = st.session_state[LAST_QUERY_KEY]
        st.query_params.from_dict(query)
    view, notices = view_from_query(query, context)
    chosen = st.session_state.get(INTERFACE_KEY)
    if view.interface is None and chosen:  # chosen earlier: every link keeps it
        view = replace(view, interface=chosen)
        st.query_params[INTERFACE_PARAMETER] = chosen
    if notices:  # show the corrected view's link, so that what is shared is what is seen
        st.query_params.from_dict(query_from_view(view))
    st.session_state[LAST_QUERY_KEY] = query_from_view(view)
    show_notices(notices)
    return view


def write_view(view: ViewState, move_map: bool = False) -> None:
    """Put ``view`` in the address bar; ``move_map``: the map goes to its place.

    Set for a place chosen outside the map (the list, the tour, a related event, the
    timeline), never for a click on the map, which leaves the reader's view alone.
    """
    wanted = query_from_view(view)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[LAST_QUERY_KEY] = wanted
    if move_map:
        st.session_state[MOVE_MAP_KEY] = st.session_state.get(MOVE_MAP_KEY, 0) + 1


def show_notices(notices: list[Notice]) -> None:
    for notice in notices:
        # st.text: the message may repeat part of the URL, and must stay plain text.
        with st.container(border=True):
            st.text("ℹ️ " + notice.message)


def go_to_event(view: ViewState, event: Event, span: TimeWindow) -> None:
    """Open ``event``'s place, widening the window if the event lies outside it.

    An event without a place has none to open: the tour opens at it instead, which
    shows it in the panel and leaves the map where it is.
    """
    window = window_of(view, span)
    if not window.contains_date(event.date):
        window = TimeWindow(
            min(window.first, event.date.first_year), max(window.last, event.date.last_year)
        )
        view = with_window(view, window, span)
    if view.touring or not event.has_place:
        view = tour_view(view, event)
    else:
        view = replace(view, place=event.place_id)
    write_view(view, move_map=event.has_place)

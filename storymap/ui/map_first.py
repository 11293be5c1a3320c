"""The map first: on a reader's first page, the rest of the page waits until the map
has drawn.

A fresh page loads the code of each kind of Streamlit element it shows, a file at a
time, over the six connections a browser opens to the app, and draws every element
that has come before it makes the map's frame. The map page's select boxes and years
slider are about thirty such files; the panel's text, legend and small print (Html
elements and their sanitizer) and its tour button three more, and drawing them took
the page about 0.1 s. Asked for in the same moment as the map's component, they held
the map's frame back behind them, and the default story's map showed its places later
than a plain folium app's (benchmarks/analysis.md). So the first run of a reader's
session on the map page writes the title, the map and the room kept for the controls
(storymap.layout), and leaves out the place list, the names' language, the years, the
panel beside the map, the events under it and the sidebar's language menu and caption;
the run that the map's first report causes, once it has drawn, brings them. The map's
frame has the connections and the page to itself, and the rest follows it by a moment:
the panel about 0.2 s after the map's places, where it came with them before, its code
asked for as the places are drawn. (The page's style, the start of loading the map's
places and that of the panel's code are in the page Streamlit serves:
storymap.ui.index_page.)

A map that never draws (its code failed to load) does not keep them away: they come
after MAP_WAIT_SECONDS all the same, with a note over the map's room that says it has
not loaded, until it draws. A client that sends no address (a test's script runner) has
no map that would report, and gets everything at once; the load test's readers send one,
and the map's first report, as a browser does (benchmarks/protocol_load.py).
"""

from __future__ import annotations

import time

import streamlit as st

from storymap.ui.keys import CONTROLS_KEY, CONTROLS_WAIT_STARTED_KEY

# The state of the rest of the map page, "the controls" for short, in a session
# (CONTROLS_KEY), from its first run (controls_wait):
#   WAITING --the map's first report--> DUE --the page's body: a whole run--> SHOWN
#   WAITING --MAP_WAIT_SECONDS, no report--> WITHOUT_MAP --the map's report--> SHOWN
#   WAITING or WITHOUT_MAP --a run of another page--> SHOWN
# A session never waits again: at most one whole run more than before, per session.
WAITING = "waiting"  # left out until the map has drawn
DUE = "due"  # the map has drawn: the next run of the page brings them
SHOWN = "shown"  # written on every run, as the other elements are
# Written, as the map had not drawn after MAP_WAIT_SECONDS: a note over its room says so
# until it draws (map_has_drawn makes them SHOWN).
WITHOUT_MAP = "without map"

# How long the controls wait for a map that does not draw: well past the first paint
# of 50,000 places on a busy machine (benchmarks/analysis.md), so that only a map that
# has failed is waited for this long.
MAP_WAIT_SECONDS = 5.0


def controls_wait(map_page: bool) -> bool:
    """Whether this run leaves the controls out, waiting for the map; app.py asks once
    a run, before it writes the sidebar. ``map_page``: the run shows the map page, and
    the controls may wait there.

    Decided on the session's first run: a reader opening the map in a browser waits.
    The wait ends when the map first reports (map_has_drawn), after MAP_WAIT_SECONDS,
    or on another page, which has no map to wait for.
    """
    state = st.session_state.get(CONTROLS_KEY)
    if state is None:
        state = WAITING if map_page and _reader_has_a_browser() else SHOWN
        if state == WAITING:
            st.session_state[CONTROLS_WAIT_STARTED_KEY] = time.monotonic()
    elif state == DUE or (state in (WAITING, WITHOUT_MAP) and not map_page):
        # This whole run writes them, the sidebar's menu too. (A map that had not drawn
        # is not waited for again: the next map page makes a new one.)
        state = SHOWN
    st.session_state[CONTROLS_KEY] = state
    if state == WAITING:
        # In the sidebar: a fragment is a container of its own, and one in the page
        # would put the map at another place in the page's tree on the next run, where
        # the browser would make a new map.
        with st.sidebar:
            _stop_waiting_for_a_map_that_does_not_draw()
    return state == WAITING


def rest_of_page_shown() -> bool:
    """Whether the map page writes its controls, its panel and the events under the map
    in this run."""
    return st.session_state.get(CONTROLS_KEY) != WAITING


def map_has_not_drawn() -> bool:
    """Whether the map page says, over the map's room, that the map has not loaded: it
    had not drawn when the controls stopped waiting for it, nor has it since."""
    return st.session_state.get(CONTROLS_KEY) == WITHOUT_MAP


def map_has_drawn() -> None:
    """The map has sent a report (the map component's change callback): the controls
    it kept waiting are due; a note that it has not loaded goes with the run it causes."""
    state = st.session_state.get(CONTROLS_KEY)
    if state == WAITING:
        st.session_state[CONTROLS_KEY] = DUE
    elif state == WITHOUT_MAP:
        st.session_state[CONTROLS_KEY] = SHOWN


def bring_controls_when_due() -> None:
    """At the start of the map page's body: if the map has just drawn, run the whole
    app instead, which writes the controls: the map's report reruns only the page's
    body, and the language menu is in app.py's sidebar."""
    if st.session_state.get(CONTROLS_KEY) == DUE:
        st.session_state[CONTROLS_KEY] = SHOWN
        st.rerun(scope="app")


@st.fragment(run_every=MAP_WAIT_SECONDS)
def _stop_waiting_for_a_map_that_does_not_draw() -> None:
    # Run with the run that starts the wait, then every MAP_WAIT_SECONDS by the browser
    # until a whole run of the app no longer calls it (Streamlit then stops the timer).
    waited = time.monotonic() - st.session_state.get(CONTROLS_WAIT_STARTED_KEY, 0.0)
    # The browser's timer starts after the wait began here, so its tick comes later
    # than MAP_WAIT_SECONDS; the margin is for the two clocks' rounding, as a tick
    # taken for early would keep the controls waiting another interval.
    if st.session_state.get(CONTROLS_KEY) == WAITING and waited >= 0.9 * MAP_WAIT_SECONDS:
        st.session_state[CONTROLS_KEY] = WITHOUT_MAP
        st.rerun(scope="app")


def _reader_has_a_browser() -> bool:
    # A browser tells the app its address with every run; a client that does not draw
    # the map (AppTest) leaves it out.
    return st.context.url is not None

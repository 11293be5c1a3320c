"""The map first (storymap.ui.map_first): a reader's first map in a browser leaves its
controls, its panel and the sidebar for the run its first report causes, or for a
while; without a browser, every run has them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from storymap import layout
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.ui import index_page, map_first
from storymap.ui.keys import (
    CONTROLS_KEY,
    INTERFACE_MENU_KEY,
    LANGUAGE_KEY,
    PLACE_SELECT_KEY,
    YEARS_KEY,
)
from tests.test_pages import APP, html_of, run_page, sidebar_of

STORY = load_story(DEFAULT_DATA_FOLDER)

CONTROLS = [INTERFACE_MENU_KEY, PLACE_SELECT_KEY, LANGUAGE_KEY, YEARS_KEY]


def controls_of(app: AppTest) -> list[str]:
    """The keys of the select boxes and sliders the run wrote, in CONTROLS' order."""
    keys = {element.key for kind in ("selectbox", "slider") for element in app.get(kind)}
    return [key for key in CONTROLS if key in keys]


@pytest.fixture
def in_a_browser(monkeypatch):
    """Runs as a reader's browser makes them: it sends its address, and draws the map."""
    monkeypatch.setattr(map_first, "_reader_has_a_browser", lambda: True)


def first_map(**query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_readers_first_map_is_its_title_and_map_and_the_rest_waits(in_a_browser):
    app = first_map(place="kherson")  # no served page has started its places
    assert controls_of(app) == []
    assert app.session_state[CONTROLS_KEY] == map_first.WAITING
    # The title, the map and the start of loading its places; no panel, no tour button,
    # nothing in the sidebar.
    assert len(app.title) == 1
    assert len(app.get("component_instance")) == 1
    (loading,) = app.get("html")
    assert "startStoryLoading(" in loading.proto.body
    assert not app.button
    assert sidebar_of(app) == ""
    assert not app.sidebar.get("selectbox")


def test_a_first_map_whose_served_page_started_its_places_has_no_html_element(in_a_browser):
    first_map()  # a reader before: the story's places in English are recorded
    (recorded,) = index_page._map_data.values()

    app = first_map()  # an English reader's page, which started loading them as it was served

    assert index_page._map_data == {"en": recorded}
    assert recorded.startswith("/app/static/stories/")
    assert not app.get("html")
    assert len(app.get("component_instance")) == 1


def test_a_first_map_whose_page_started_other_places_starts_its_own(in_a_browser):
    index_page.record_map_data("en", "/app/static/stories/an-older-story.json")

    app = first_map()

    (loading,) = app.get("html")
    assert "startStoryLoading(" in loading.proto.body
    assert "an-older-story" not in loading.proto.body
    assert index_page._map_data["en"] != "/app/static/stories/an-older-story.json"


def run_in_state(state: str) -> AppTest:
    """The map page of a session whose controls are in ``state``, in an AppTest of its own:
    a second run of an AppTest that has run before may run the last page's script alone,
    without app.py, once an earlier test has switched pages in the same process."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["place"] = "kherson"
    app.session_state[CONTROLS_KEY] = state
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_run_after_the_map_has_drawn_writes_the_rest(in_a_browser):
    app = run_in_state(map_first.DUE)  # as map_has_drawn leaves a waiting session
    assert controls_of(app) == CONTROLS
    assert app.selectbox(key=PLACE_SELECT_KEY).value == "kherson"
    assert app.session_state[CONTROLS_KEY] == map_first.SHOWN
    # The panel, the tour's button, the loading of the places and the page's language.
    assert "<h2>Kherson</h2>" in html_of(app)
    assert app.button[0].label == "Start the tour"
    assert "startStoryLoading(" in html_of(app)
    assert "document.documentElement.lang" in sidebar_of(app)


NOT_DRAWN_NOTE = "The map has not loaded yet"


def map_box_of(app: AppTest) -> list[str]:
    """What the map's box holds, in order: its elements' types, the note by its key."""
    boxes = [
        block
        for block in app.main.get("flex_container")
        if block.proto.id.endswith(f"-{layout.MAP_BOX_KEY}")
    ]
    assert len(boxes) == 1
    return [
        layout.MAP_NOTE_KEY if child.proto.id.endswith(f"-{layout.MAP_NOTE_KEY}") else child.type
        for child in boxes[0].children.values()
    ]


def test_a_map_that_has_not_drawn_in_time_says_so_over_its_room(in_a_browser):
    app = run_in_state(map_first.WITHOUT_MAP)
    assert controls_of(app) == CONTROLS
    notes = [info for info in app.info if info.value.startswith(NOT_DRAWN_NOTE)]
    assert len(notes) == 1
    # After the map, in its box: the map keeps its place there when the note goes.
    assert map_box_of(app) == ["component_instance", layout.MAP_NOTE_KEY]


def test_a_map_that_has_drawn_has_no_note(in_a_browser):
    app = run_in_state(map_first.SHOWN)
    assert controls_of(app) == CONTROLS
    assert not [info for info in app.info if info.value.startswith(NOT_DRAWN_NOTE)]
    assert map_box_of(app) == ["component_instance"]


def _kinds_in(block) -> set[str]:
    """The kinds of element in ``block`` and in the blocks inside it."""
    kinds: set[str] = set()
    for child in block.children.values():
        kinds |= _kinds_in(child) if child.type in ("flex_container", "column") else {child.type}
    return kinds


@pytest.mark.parametrize(
    "query",
    [{}, {"place": "kherson"}, {"event": STORY.events[0].id}, {"from": "1700", "to": "1701"}],
    ids=["introduction", "place", "tour", "no events in the years"],
)
def test_every_panel_has_the_text_and_the_button_it_shows_once_drawn(query):
    """layout.css shows the panel once it has an Html element and a button drawn."""
    app = run_page(**query)
    (panel,) = [
        block
        for block in app.main.get("flex_container")
        if block.proto.id.endswith(f"-{layout.PANEL_BOX_KEY}")
    ]
    assert {"html", "button"} <= _kinds_in(panel)


def test_without_a_browser_the_first_run_has_everything():
    assert controls_of(run_page()) == CONTROLS


def state_after(steps: list[tuple[str, tuple]], state: str | None, waited: float = 0.0) -> str:
    """The controls' state after ``steps`` (map_first's functions, by name, with their
    arguments) from ``state``, decided ``waited`` seconds ago, in a run of its own."""

    def script(steps: list[tuple[str, tuple]], state: str | None, waited: float) -> None:
        import time

        import streamlit as st

        from storymap.ui import map_first
        from storymap.ui.keys import CONTROLS_KEY, CONTROLS_WAIT_STARTED_KEY

        if "ran" in st.session_state:  # a rerun that a step asked for
            return
        st.session_state["ran"] = True
        if state is not None:  # as controls_wait leaves a session it has decided for
            st.session_state[CONTROLS_KEY] = state
            st.session_state[CONTROLS_WAIT_STARTED_KEY] = time.monotonic() - waited
        for name, arguments in steps:
            getattr(map_first, name)(*arguments)

    app = AppTest.from_function(script, args=(steps, state, waited), default_timeout=30).run()
    assert not app.exception, app.exception
    return app.session_state[CONTROLS_KEY]


WAIT = map_first.MAP_WAIT_SECONDS


@pytest.mark.parametrize(
    ("steps", "state", "waited", "after"),
    [
        # A reader's first run: waits on the map page only.
        ([("controls_wait", (True,))], None, 0.0, map_first.WAITING),
        ([("controls_wait", (False,))], None, 0.0, map_first.SHOWN),
        # The map's first report makes them due; a click after it changes nothing.
        ([("map_has_drawn", ())], map_first.WAITING, 0.0, map_first.DUE),
        ([("map_has_drawn", ())], map_first.SHOWN, 0.0, map_first.SHOWN),
        # The page's body brings them once they are due, and only then.
        ([("bring_controls_when_due", ())], map_first.WAITING, 0.0, map_first.WAITING),
        ([("bring_controls_when_due", ())], map_first.DUE, 0.0, map_first.SHOWN),
        # A whole run of the app writes them once due, or on another page.
        ([("controls_wait", (True,))], map_first.DUE, 0.0, map_first.SHOWN),
        ([("controls_wait", (False,))], map_first.WAITING, 0.0, map_first.SHOWN),
        ([("controls_wait", (True,))], map_first.WAITING, 0.0, map_first.WAITING),
        ([("controls_wait", (True,))], map_first.SHOWN, 0.0, map_first.SHOWN),
        # A map that has not drawn for MAP_WAIT_SECONDS keeps them waiting no longer,
        # and the page says it has not loaded until it reports; another page's run
        # ends that (the next map page makes a new map).
        ([("controls_wait", (True,))], map_first.WAITING, WAIT, map_first.WITHOUT_MAP),
        ([("controls_wait", (True,))], map_first.WAITING, WAIT / 2, map_first.WAITING),
        ([("controls_wait", (True,))], map_first.WITHOUT_MAP, WAIT, map_first.WITHOUT_MAP),
        ([("controls_wait", (False,))], map_first.WITHOUT_MAP, WAIT, map_first.SHOWN),
        ([("bring_controls_when_due", ())], map_first.WITHOUT_MAP, WAIT, map_first.WITHOUT_MAP),
        ([("map_has_drawn", ())], map_first.WITHOUT_MAP, WAIT, map_first.SHOWN),
    ],
)
def test_the_controls_state(in_a_browser, steps, state, waited, after):
    assert state_after(steps, state, waited) == after


def test_a_session_without_a_browser_never_waits():
    assert state_after([("controls_wait", (True,))], None) == map_first.SHOWN

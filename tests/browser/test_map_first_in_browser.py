"""The map first, in Chromium (storymap.ui.map_first): a reader's first map loads its
frame's code before the controls' code is asked for, keeps its frame when the controls
come, and a map that never draws does not keep them away."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import expect

from storymap import layout
from storymap.assets import MAP_BUNDLE
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_prefetch import MAP_DRAWN_HOOK
from storymap.ui import index_page, map_component
from storymap.ui.map_first import MAP_WAIT_SECONDS
from tests.browser import driver

STORY = load_story(DEFAULT_DATA_FOLDER)
# Streamlit's code for a select box and for a slider, each loaded by the first page that
# shows one: its files are named after the element, and a hash.
STREAMLIT_CODE = Path(streamlit.__file__).parent / "static" / "static" / "js"
CONTROLS_CODE = ("Selectbox", "Slider")


def first_request(requests: list[str], part: str) -> int:
    """Where the first request whose address holds ``part`` is in ``requests``."""
    found = [number for number, url in enumerate(requests) if part in url]
    assert found, f"nothing was asked for at an address with {part!r}"
    return found[0]


def wait_for_controls(page) -> None:
    """Wait until the place list and the sidebar's language menu are on the page."""
    expect(page.get_by_role("combobox", name="Place")).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebarContent").get_by_role("combobox").wait_for(state="attached")


def test_the_maps_code_loads_before_the_controls_code_and_the_map_stays(page, app_url):
    for name in CONTROLS_CODE:  # a Streamlit that names its files otherwise fails here
        assert list(STREAMLIT_CODE.glob(f"{name}.*.js")), f"Streamlit has no {name} file"
    frames = []
    page.on("framenavigated", lambda frame: frames.append(frame.url))
    page.goto(app_url + "/?place=kherson")
    driver.wait_for_markers(page, len(STORY.places))
    wait_for_controls(page)
    expect(page.get_by_role("combobox", name="Place")).to_have_value("Kherson")
    driver.wait_for_map_settled(page)
    bundle = first_request(page.requests, f"/{MAP_BUNDLE}?")
    for name in CONTROLS_CODE:
        assert bundle < first_request(page.requests, f"/static/js/{name}.")
    # The whole run that brought the controls kept the map's frame: one map, made once.
    assert len([url for url in frames if map_component.FULL_NAME in url]) == 1
    # The map, once drawn, called the page (storymap/static/panel_code.js), which asked
    # for the panel's code then, after the map's code and before the controls'.
    assert page.evaluate(f"window.{MAP_DRAWN_HOOK} === undefined")
    for address in (address.removeprefix(".") for address in index_page.panel_code()):
        panel_code = first_request(page.requests, address)
        assert bundle < panel_code
        for name in CONTROLS_CODE:
            assert panel_code < first_request(page.requests, f"/static/js/{name}.")
    expect(page.locator(f".st-key-{layout.MAP_NOTE_KEY}")).to_have_count(0)


# What can fail to load: the app's own map code (Leaflet and the story layer), or the
# map component's page and code altogether.
MAP_FAILURES = {
    "map-code": f"**/{MAP_BUNDLE}?*",
    "component": f"**/component/{map_component.FULL_NAME}/**",
}


@pytest.mark.parametrize("blocked", MAP_FAILURES.values(), ids=MAP_FAILURES.keys())
def test_a_map_that_never_draws_does_not_keep_the_controls_away(page, app_url, blocked):
    page.route(blocked, lambda route: route.abort())
    page.goto(app_url + "/")
    frame = page.locator(driver.MAP_FRAME)
    frame.wait_for(state="attached")
    driver.wait_for_app_idle(page)
    frame_before = frame.bounding_box()
    expect(page.get_by_role("combobox", name="Place")).to_be_visible(
        timeout=(MAP_WAIT_SECONDS + 30) * 1000
    )
    wait_for_controls(page)
    # They came when the wait ran out, not from the map: it has not drawn. (A frame
    # whose page could not load holds the browser's error page, of another origin.)
    assert not page.evaluate(
        """selector => {
            try { return Boolean(document.querySelector(selector)?.contentWindow?.map); }
            catch { return false; }
        }""",
        driver.MAP_FRAME,
    )
    # The page says so, over the top of the map's room, which has not moved.
    note = page.locator(f".st-key-{layout.MAP_NOTE_KEY}")
    expect(note).to_contain_text("The map has not loaded yet")
    note_box = note.bounding_box()
    assert frame.bounding_box() == frame_before
    assert frame_before["y"] <= note_box["y"] < frame_before["y"] + frame_before["height"] / 2
    assert frame_before["x"] <= note_box["x"]
    assert note_box["x"] + note_box["width"] <= frame_before["x"] + frame_before["width"]


def test_a_map_that_draws_late_takes_the_note_away_and_keeps_its_frame(page, app_url):
    held = []  # the component's requests, answered once the controls have stopped waiting
    page.route(MAP_FAILURES["component"], lambda route: held.append(route))
    frames = []
    page.on("framenavigated", lambda frame: frames.append(frame.url))
    page.goto(app_url + "/?place=kherson")
    note = page.locator(f".st-key-{layout.MAP_NOTE_KEY}")
    expect(note).to_be_visible(timeout=(MAP_WAIT_SECONDS + 30) * 1000)
    frame_before = page.locator(driver.MAP_FRAME).bounding_box()
    page.unroute(MAP_FAILURES["component"])
    for route in held:
        route.continue_()
    driver.wait_for_markers(page, len(STORY.places))
    expect(note).to_have_count(0)
    assert page.locator(driver.MAP_FRAME).bounding_box() == frame_before
    assert len([url for url in frames if map_component.FULL_NAME in url]) == 1

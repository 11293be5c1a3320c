"""The dashboard in a real Chromium: click each marker, open links, use a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver
from tests.conftest import FEATURED_PLACES

STORY = load_story(DEFAULT_DATA_FOLDER)
PLACES = len(STORY.places)


def first_event_title(place_id: str) -> str:
    return STORY.events_by_place[place_id][0].title


def open_map(page, url: str) -> None:
    page.goto(url)
    driver.wait_for_markers(page, PLACES)


def test_clicking_each_featured_marker_opens_its_panel(page, app_url):
    open_map(page, app_url + "/")
    for place_id, name in FEATURED_PLACES.items():
        place = STORY.places[place_id]
        driver.click_place(page, place.lat, place.lon)
        driver.panel_heading(page, name).wait_for()
        assert page.get_by_text(first_event_title(place_id), exact=True).is_visible()
        page.wait_for_url(f"**/?place={place_id}")
        share = page.get_by_role("region", name="Share this view").get_by_role("link")
        expect(share).to_have_attribute("href", f"{app_url}/?place={place_id}")
        expect(share).to_have_text(f"{app_url}/?place={place_id}")


def test_the_map_keeps_its_frame_when_the_selection_changes(page, app_url):
    open_map(page, app_url + "/")
    page.locator(driver.MAP_FRAME).element_handle().content_frame().evaluate(
        "window.__sameMap = true"
    )
    kherson = STORY.places["kherson"]
    driver.click_place(page, kherson.lat, kherson.lon)
    driver.panel_heading(page, "Kherson").wait_for()
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    assert frame.evaluate("window.__sameMap === true"), "the map was reloaded"


def test_a_deep_link_opens_the_panel(page, app_url):
    open_map(page, app_url + "/?place=portsmouth")
    driver.panel_heading(page, "Portsmouth").wait_for()
    assert page.get_by_text(first_event_title("portsmouth"), exact=True).is_visible()
    assert page.get_by_text("Kittery, Maine", exact=False).first.is_visible()


def test_the_place_list_selects_with_the_keyboard(page, app_url):
    open_map(page, app_url + "/")
    select = page.get_by_role("combobox", name="Place")
    select.focus()
    page.keyboard.type("Kuril")
    page.keyboard.press("Enter")
    driver.panel_heading(page, "Kuril Islands").wait_for()
    page.wait_for_url("**/?place=kuril-islands")


def test_a_tap_on_a_phone_opens_the_panel_below_the_map(phone_page, app_url):
    page = phone_page
    open_map(page, app_url + "/")
    kherson = STORY.places["kherson"]
    driver.click_place(page, kherson.lat, kherson.lon, touch=True)
    heading = driver.panel_heading(page, "Kherson")
    heading.wait_for()
    map_box = page.locator(driver.MAP_FRAME).bounding_box()
    heading_box = heading.bounding_box()
    assert heading_box["y"] > map_box["y"] + map_box["height"], "the panel is not under the map"
    assert map_box["width"] <= 390 and heading_box["x"] + heading_box["width"] <= 390


def test_no_request_leaves_the_machine_except_tiles(page, app_url):
    open_map(page, app_url + "/")  # every place in view; a click leaves the view as it is
    kherson = STORY.places["kherson"]
    driver.click_place(page, kherson.lat, kherson.lon)
    driver.panel_heading(page, "Kherson").wait_for()
    port_arthur = STORY.places["port-arthur"]
    driver.click_place(page, port_arthur.lat, port_arthur.lon)
    driver.panel_heading(page, "Port Arthur").wait_for()
    for link, heading in (
        ("Timeline", "Timeline"),
        ("Sources and data", "Sources and data"),
        ("About", "About this map"),
    ):
        page.get_by_role("link", name=link).click()
        page.get_by_role("heading", name=heading, level=1).wait_for()
    outside = [url for url in page.requests if not driver.is_allowed_request(url)]
    assert outside == []
    # Leaflet, bundled with the map's own script
    assert any("/app/static/storymap/map.js?v=" in url for url in page.requests)


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/timeline", "Timeline"), ("/sources", "Sources and data"), ("/about", "About this map")],
)
def test_every_page_opens(page, app_url, path, heading):
    page.goto(app_url + path)
    page.get_by_role("heading", name=heading, level=1).wait_for()


def test_a_timeline_entry_opens_its_place_on_the_map(page, app_url):
    page.goto(app_url + "/timeline")
    event = STORY.events[0]
    place = STORY.places[event.place_id]
    entry = page.get_by_role("article", name=event.title)
    entry.wait_for()
    # The chart above the list takes its height when it has drawn, which moves the
    # list down: a click aimed before that lands on a later entry's link.
    page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first.wait_for()
    driver.wait_for_app_idle(page)
    link = page.get_by_role("link", name="Show on the map").first
    expect(link).to_have_attribute("href", re.compile(rf"\?place={place.id}$"))
    link.click()
    expect(driver.panel_heading(page, place.name)).to_be_visible(timeout=30_000)
    page.wait_for_url(lambda url: url.endswith(f"?place={place.id}"))


def test_zooming_the_map_does_not_rerun_the_app(page, app_url):
    page.add_init_script(driver.COUNT_MAP_REPORTS_JS)
    open_map(page, app_url + "/?place=kherson")
    driver.wait_for_map_at_rest(page)
    # The map reports its view once, 250 ms after it first settles, and the app runs
    # for that: a run that can start after the map is at rest. The app runs for the
    # map only on a report, so it is the reports that are counted, from that one on.
    page.wait_for_function("() => window.__mapReports > 0")
    reports = page.evaluate("window.__mapReports")
    zoom_before = driver.map_zoom(page)
    driver.map_frame(page).get_by_role("button", name="Zoom in").click()
    driver.wait_for_map_at_rest(page)
    # A view change would reach the app 250 ms after the map settles. Nothing can be
    # awaited for an event that must not happen, so watch for six times that long.
    with pytest.raises(PlaywrightTimeout):
        page.wait_for_function(f"() => window.__mapReports > {reports}", timeout=1500)
    assert driver.map_zoom(page) == zoom_before + 1, "the zoom button did not zoom the map"


@pytest.mark.parametrize("place_id", sorted(STORY.places))
def test_every_marker_opens_its_panel_when_zoomed_to(page, app_url, place_id):
    # At the world view some context places lie under others; zoomed in, each is clear.
    place = STORY.places[place_id]
    open_map(page, app_url + "/")
    driver.zoom_to(page, place.lat, place.lon, 7)
    assert driver.map_zoom(page) == 7
    driver.click_place(page, place.lat, place.lon)
    driver.wait_for_panel(page, place.name)

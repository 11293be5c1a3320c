"""Time and story in a real Chromium: the tour by keyboard, related events, areas, and an
accessibility audit of every page."""

from __future__ import annotations

import pytest

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

STORY = load_story(DEFAULT_DATA_FOLDER)


def open_map(page, url: str) -> None:
    page.goto(url)
    driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_map_at_rest(page)


def test_the_tour_steps_forward_and_back_with_the_arrow_keys(page, app_url):
    first, second = STORY.events[0], STORY.events[1]
    open_map(page, f"{app_url}/?event={first.id}")
    page.get_by_text(f"Step 1 of {len(STORY.events)}").wait_for()
    page.locator("body").press("ArrowRight")
    page.get_by_text(f"Step 2 of {len(STORY.events)}").wait_for()
    page.wait_for_url(lambda url: url.endswith(f"?event={second.id}"))
    driver.wait_for_panel(page, STORY.places[second.place_id].name)
    page.locator("body").press("ArrowLeft")
    page.get_by_text(f"Step 1 of {len(STORY.events)}").wait_for()
    page.wait_for_url(lambda url: url.endswith(f"?event={first.id}"))


def test_the_tour_buttons_work_from_the_keyboard(page, app_url):
    open_map(page, f"{app_url}/?event={STORY.events[3].id}")
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Step 5 of {len(STORY.events)}").wait_for()
    page.wait_for_url(lambda url: url.endswith(f"?event={STORY.events[4].id}"))


def test_a_tour_step_brings_its_place_into_view_without_reloading_the_map(page, app_url):
    index = next(
        i
        for i, e in enumerate(STORY.events[:-1])
        if e.place_id == "tsushima" and STORY.events[i + 1].place_id != "tsushima"
    )
    here, following = STORY.places["tsushima"], STORY.places[STORY.events[index + 1].place_id]
    open_map(page, f"{app_url}/?event={STORY.events[index].id}")
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    assert frame.evaluate(f"window.map.getBounds().contains([{here.lat}, {here.lon}])")
    frame.evaluate("window.__sameMap = true")
    # The tour's panel, and its keys, come once the map has drawn (storymap.ui.map_first).
    page.get_by_text(f"Step {index + 1} of {len(STORY.events)}").wait_for()
    page.locator("body").press("ArrowRight")
    page.get_by_text(f"Step {index + 2} of {len(STORY.events)}").wait_for()
    frame.wait_for_function(  # the map flies there: waited for, not read once
        "([lat, lon]) => window.map.getBounds().pad(-0.2).contains([lat, lon])",
        arg=[following.lat, following.lon],
        polling="raf",
    )
    assert frame.evaluate("window.__sameMap === true"), "the map was reloaded"


def test_a_related_event_opens_the_other_end(page, app_url):
    open_map(page, f"{app_url}/?place=port-arthur")
    page.get_by_role("button", name="Ended by: Treaty of Portsmouth signed").click()
    driver.wait_for_panel(page, "Portsmouth")
    assert "place=portsmouth" in page.url


def test_clicking_an_area_selects_its_place(page, app_url):
    open_map(page, f"{app_url}/?from=1905&to=1945")
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    frame.evaluate("void window.map.setView([48.2, 142.6], 6, {animate: false})")
    assert driver.map_zoom(page) == 6
    driver.wait_for_map_at_rest(page)
    page.mouse.click(*driver.point_of(page, 48.0, 142.6))  # inside southern Sakhalin
    driver.wait_for_panel(page, "Sakhalin")


def test_the_language_switches_the_names_on_the_map(page, app_url):
    open_map(page, f"{app_url}/?lang=ja&from=1905&to=1945")
    place = STORY.places["port-arthur"]
    page.mouse.move(*driver.point_of(page, place.lat, place.lon))
    driver.map_frame(page).get_by_text("旅順 (Ryojun)").wait_for()


def test_the_window_dims_places_without_events(page, app_url):
    open_map(page, f"{app_url}/?from=2022&to=2022")
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    dimmed = frame.evaluate("""() => {
        const found = {};
        window.map.eachLayer(layer => {
            const id = layer.feature?.properties?.place_id;
            if (id && layer.options.radius) found[id] = layer.options.fillOpacity;
        });
        return found;
    }""")
    assert dimmed["kherson"] > 0.5 and dimmed["portsmouth"] < 0.5


PAGES = [
    "/",
    "/?place=port-arthur",
    f"/?event={STORY.events[5].id}",
    "/?place=kuril-islands&from=1940&to=1960&lang=ja",
    "/timeline",
    "/sources",
    "/upload",
    "/about",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, app_url, path):
    page.goto(app_url + path)
    if path.startswith("/?"):
        driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_app_idle(page)
    assert driver.serious_accessibility_violations(page) == []


def test_autoplay_moves_the_tour_on_by_itself(page, app_url):
    open_map(page, f"{app_url}/?event={STORY.events[0].id}")
    page.get_by_text("Play automatically").click()
    # The next step comes after the autoplay delay; wait for it, not for a fixed time.
    page.get_by_text(f"Step 2 of {len(STORY.events)}").wait_for(timeout=20_000)
    page.wait_for_url(lambda url: url.endswith(f"?event={STORY.events[1].id}"))

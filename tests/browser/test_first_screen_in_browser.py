"""The first screen of a link to a place, in Chromium: nothing on it jumps, the map takes
the window on a desktop, and a phone shows the place's events soon after the map."""

from __future__ import annotations

import pytest

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

STORY = load_story(DEFAULT_DATA_FOLDER)
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
SCREENS = {"desktop": DESKTOP, "phone": driver.PHONE}
LINK = "/?place=kherson"
PLACE = "Kherson"

# Every layout shift of the page from its start, as the browser reports them: a
# PerformanceObserver (buffered, so that none before it is missed), with the elements
# that moved.
LAYOUT_SHIFTS_JS = """
window.__layoutShifts = [];
window.__layoutShiftObserver = new PerformanceObserver(list => {
    window.__layoutShifts.push(...list.getEntries());
});
window.__layoutShiftObserver.observe({type: "layout-shift", buffered: true});
"""
READ_SHIFTS_JS = """() => {
    const entries = window.__layoutShifts.concat(window.__layoutShiftObserver.takeRecords());
    const name = node => !node ? "(gone)" : node.nodeType !== 1 ? "#text"
        : node.tagName.toLowerCase() + (node.dataset.testid ? `[${node.dataset.testid}]` : "")
          + ([...node.classList].find(c => c.startsWith("st-key-")) || "");
    return entries.map(entry => ({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        time: Math.round(entry.startTime),
        sources: (entry.sources || []).map(source => name(source.node)),
    }));
}"""
# Where an element is from the top of the page, in pixels, wherever the page is scrolled
# to (Streamlit scrolls its main area, not the window).
PAGE_BOX_JS = """(element) => {
    const box = element.getBoundingClientRect();
    const main = document.querySelector("[data-testid=stMain]");
    return {top: box.top + (main ? main.scrollTop : 0), height: box.height};
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    """A fresh page at each screen size, with map tiles blocked, watching layout shifts."""
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    driver.block_tiles(page)
    page.add_init_script(LAYOUT_SHIFTS_JS)
    yield request.param, page
    context.close()


def open_link(page, app_url: str) -> None:
    """Open the link, and wait until the map has drawn every place and settled, and the
    panel shows the place."""
    page.goto(app_url + LINK)
    driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_panel(page, PLACE)
    driver.wait_for_map_settled(page)


def page_box(page, locator) -> dict[str, float]:
    return locator.evaluate(PAGE_BOX_JS)


def test_nothing_on_the_first_screen_jumps(screen, app_url):
    name, page = screen
    open_link(page, app_url)
    shifts = page.evaluate(READ_SHIFTS_JS)
    score = sum(shift["value"] for shift in shifts if not shift["hadRecentInput"])
    moved = [(round(shift["value"], 4), shift["time"], shift["sources"]) for shift in shifts]
    print(f"{name}: cumulative layout shift {score:.3f}; shifts: {moved}")
    assert score <= 0.1, f"{name}: cumulative layout shift {score:.3f}: {moved}"


def test_a_phone_shows_the_places_events_within_a_screen_and_a_half(phone_page, app_url):
    page = phone_page
    open_link(page, app_url)
    screen_height = page.viewport_size["height"]
    heading = page_box(page, driver.panel_heading(page, PLACE))
    first_event = page_box(page, page.locator(".place-panel li.event").first)
    map_box = page_box(page, page.locator(driver.MAP_FRAME))
    print(f"phone: heading {heading}, first event {first_event}, map {map_box}")
    assert heading["top"] <= 1.5 * screen_height
    assert first_event["top"] <= 1.5 * screen_height
    assert map_box["height"] >= 0.45 * screen_height
    # The map is on the first screen, under the title.
    assert map_box["top"] < 0.3 * screen_height


def test_on_a_desktop_the_map_takes_the_window_and_the_title_little(browser, app_url):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    driver.block_tiles(page)
    open_link(page, app_url)
    window_height = page.viewport_size["height"]
    map_box = page_box(page, page.locator(driver.MAP_FRAME))
    title = page_box(page, page.get_by_role("heading", level=1))
    print(f"desktop: map {map_box}, title {title}")
    context.close()
    assert map_box["height"] >= 0.7 * window_height
    assert map_box["top"] + map_box["height"] <= window_height  # all of it on the screen
    assert title["height"] < 0.12 * window_height

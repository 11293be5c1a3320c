"""A feature the map cannot draw leaves out only itself, and the map says so.

The loader lets no such feature through, so the test puts them into the story data
on its way to the browser, as a file from an older version or a faulty cache would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_script import left_out_message
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(DEFAULT_DATA_FOLDER)
STORY_DATA = "**/app/static/stories/*.json"
SQUARE = [[145.0, 43.0], [146.0, 43.0], [146.0, 44.0], [145.0, 43.0]]
BROKEN_AREA = {
    "type": "Feature",
    "geometry": {"type": "Polygon", "coordinates": SQUARE},  # its ring level missing
    "properties": {
        "place_id": "kuril-islands",
        "kind": "area",
        "label": "Broken area",
        "from": None,
        "to": None,
    },
}
BROKEN_PLACE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [SQUARE]},
    "properties": {
        "place_id": "nowhere",
        "kind": "place",
        "label": "Broken place",
        "radius": 9,
        "names": {},
        "events": [],
    },
}


def serve_with(broken: list[dict]):
    """A route handler that puts ``broken`` features first in the story data."""

    def handle(route):
        response = route.fetch()
        data = response.json()
        data["features"] = broken + data["features"]
        route.fulfill(response=response, json=data)

    return handle


@pytest.mark.parametrize(
    ("broken", "notice"),
    [
        ([BROKEN_AREA], left_out_message(1).format(count=1)),
        ([BROKEN_AREA, BROKEN_PLACE], left_out_message(2).format(count=2)),
    ],
    ids=["an area", "an area and a place"],
)
def test_the_map_draws_every_other_place_and_area_and_says_what_it_left_out(
    page, app_url, broken, notice
):
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and message.text.startswith("Story feature")
            and errors.append(message.text)
        ),
    )
    page.route(STORY_DATA, serve_with(broken))
    page.goto(app_url + "/")  # every place in view, to click one
    driver.wait_for_markers(page, len(STORY.places))
    assert driver.count_in_map(page, "place") == len(STORY.places)
    assert driver.count_in_map(page, "area") == sum(
        STORY.span.meets(area.year_from if area.year_from is not None else -9999, area.year_to)
        for area in STORY.areas
    )
    shown = driver.map_frame(page).get_by_text(notice, exact=True)
    expect(shown).to_be_visible()
    expect(shown).to_have_attribute("role", "status")
    assert [error.split(" could not be drawn")[0] for error in errors] == [
        'Story feature 1 (area "Broken area" of place "kuril-islands")',
        'Story feature 2 (place "Broken place" of place "nowhere")',
    ][: len(broken)]
    # The rest of the map works: a click on a place opens it.
    place = STORY.places["port-arthur"]
    driver.click_place(page, place.lat, place.lon)
    driver.wait_for_panel(page, place.name)

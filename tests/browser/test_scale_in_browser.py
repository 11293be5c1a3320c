"""The product on a synthetic story of 1,000 places: the map draws them all, and a
click still names the exact place."""

from __future__ import annotations

import random

import pytest

from storymap.load import load_story
from storymap.synth import write_synthetic_story
from tests.browser import driver

PLACES = 1_000


@pytest.fixture(scope="module")
def large_story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large") / "data"
    write_synthetic_story(folder, PLACES, events_per_place=5, seed=3)
    with driver.running_app(folder, timeout=120) as url:
        yield url, load_story(folder)


def test_a_click_among_a_thousand_places_opens_that_place(page, large_story):
    url, story = large_story
    page.goto(url + "/")
    driver.wait_for_markers(page, PLACES, timeout=60_000)
    driver.wait_for_map_at_rest(page)
    for place in random.Random(5).sample(list(story.places.values()), 3):
        driver.zoom_to(page, place.lat, place.lon, 10)
        driver.click_place(page, place.lat, place.lon)
        driver.wait_for_panel(page, place.name)
        wanted = f"?place={place.id}"
        page.wait_for_url(lambda url, wanted=wanted: url.endswith(wanted))

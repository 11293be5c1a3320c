"""A story whose every text cell is hostile, in a real browser: nothing runs, all is text.

Every page is opened, every marker and area hovered and clicked. The payloads set a
``window`` flag if they run; it must stay unset, no dialog may open, no request may leave
the machine (tiles aside), and every value must appear character for character.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from storymap.load import load_story
from tests.browser import driver
from tests.hostile import COUNT, FLAG, event_title, hostile, place_name, write_hostile_story

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    write_hostile_story(folder)
    story = load_story(folder)  # the folder is valid: only its text is hostile
    with driver.running_app(folder) as url:
        yield url, story


@pytest.fixture
def watched(page):
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def assert_nothing_ran(page) -> None:
    assert page.dialogs == []
    for frame in page.frames:
        assert frame.evaluate(f"window.{FLAG}") is None, f"a payload ran in {frame.url}"
    left = [url for url in page.requests if not driver.is_allowed_request(url)]
    assert left == [], "requests left the machine"


def text_of(locator) -> str:
    return locator.evaluate("element => element.textContent")


def tooltip_at(page, x: float, y: float) -> str:
    page.mouse.move(x, y)
    tooltip = driver.map_frame(page).locator(".leaflet-tooltip").last
    tooltip.wait_for()
    return text_of(tooltip)


def test_every_place_shows_its_text_as_text_and_runs_nothing(watched, hostile_story):
    url, story = hostile_story
    page = watched
    page.goto(url + "/")
    driver.wait_for_markers(page, COUNT)
    for number in range(COUNT):
        place = story.places[f"place-{number}"]
        driver.zoom_to(page, place.lat, place.lon, 7)
        x, y = driver.point_of(page, place.lat, place.lon)
        assert tooltip_at(page, x, y) == place_name(number)
        page.mouse.click(x, y)
        heading = page.locator(".place-panel h2")
        expect(heading).to_have_count(1)
        page.wait_for_function(
            "name => document.querySelector('.place-panel h2')?.textContent === name",
            arg=place_name(number),
            polling="raf",
        )
        panel = text_of(page.locator(".place-panel"))
        for value in (
            place.today,
            place.location_note,
            event_title(number),
            hostile(number + 6),
            hostile(number + 7),  # summary, quote
            hostile(number + 4),
            hostile(number + 5),  # source title, publisher
            hostile(number + 8),
            hostile(number + 9),
        ):  # name in Japanese
            assert value in panel
        # Markup in the data is never markup on the page.
        assert (
            page.locator(
                ".place-panel img, .place-panel script, .place-panel svg, "
                ".place-panel b, .place-panel u"
            ).count()
            == 0
        )
        assert_nothing_ran(page)


def test_areas_and_related_events_are_text_too(watched, hostile_story):
    url, story = hostile_story
    page = watched
    page.goto(url + "/?place=place-1")
    driver.wait_for_markers(page, COUNT)
    for area in story.areas:
        (lon0, lat0), (lon1, lat1) = area.geometry["coordinates"][:2]
        lat, lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
        driver.zoom_to(page, lat, lon, 7)
        x, y = driver.point_of(page, lat, lon)
        assert tooltip_at(page, x, y) == area.name
        page.mouse.click(x, y)
        driver.wait_for_panel(page, story.places[area.place_id].name)
    # The panel of place-1 lists its links both ways, as buttons whose labels are text.
    page.goto(url + "/?place=place-1")
    driver.wait_for_panel(page, place_name(1))
    related = page.get_by_role("button", name=event_title(0)[:40])
    expect(related).to_have_count(1)
    assert event_title(0) in related.inner_text()
    assert_nothing_ran(page)


def test_tour_timeline_sources_and_about_pages_run_nothing(watched, hostile_story):
    url, story = hostile_story
    page = watched
    page.goto(url + "/?event=event-3")
    driver.wait_for_app_idle(page)
    tour = text_of(page.locator(".tour-step"))
    assert event_title(3) in tour and hostile(3 + 6) in tour
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**event=event-4**")
    page.goto(url + "/timeline")
    driver.wait_for_app_idle(page)
    page.get_by_test_id("stVegaLiteChart").wait_for()
    timeline = text_of(page.get_by_test_id("stMain"))
    for number in range(COUNT):
        assert event_title(number) in timeline
    assert_nothing_ran(page)
    page.goto(url + "/sources")
    driver.wait_for_app_idle(page)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert_nothing_ran(page)
    page.goto(url + "/about")
    expect(page.get_by_role("heading", name="About this map")).to_be_visible()
    assert_nothing_ran(page)


def test_a_url_full_of_markup_is_not_echoed_as_markup(watched, hostile_story):
    url, _ = hostile_story
    page = watched
    payload = f"<img src=x onerror=window.{FLAG}=1>"
    page.goto(
        url
        + "/?place="
        + payload.replace("<", "%3C").replace(">", "%3E")
        + "&lang=%3Cscript%3E&from=%3Csvg%20onload%3Dalert(1)%3E"
    )
    driver.wait_for_app_idle(page)
    expect(page.get_by_text("The link's place is not valid").first).to_be_visible()
    expect(page.get_by_text("The link's language is not valid").first).to_be_visible()
    assert page.locator("[data-testid=stMain] img").count() == 0
    assert_nothing_ran(page)


def test_downloaded_csv_is_safe_to_open_in_a_spreadsheet(watched, hostile_story):
    url, story = hostile_story
    page = watched
    page.goto(url + "/sources")
    driver.wait_for_app_idle(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download places.csv").click()
    rows = list(
        csv.DictReader(
            io.StringIO(download_info.value.path().read_text(encoding="utf-8"), newline="")
        )
    )
    assert len(rows) == COUNT
    for row in rows:
        for column in ("name", "today", "location_note"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row[column]
        assert float(row["lat"]) == story.places[row["id"]].lat  # numbers kept
    today = {row["id"]: row["today"] for row in rows}
    formula = next(n for n in range(COUNT) if hostile(n + 2).startswith("="))
    assert today[f"place-{formula}"] == "'" + hostile(formula + 2)
    assert_nothing_ran(page)

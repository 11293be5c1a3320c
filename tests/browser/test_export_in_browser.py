"""The standalone HTML map, opened from disk in Chromium with the network blocked.

Only map tiles may be asked for (and are refused here); the file must draw every place
and area, and a click on a marker must open its popup with the place's events.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storymap.export import write_standalone_html
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_script import left_out_message
from storymap.model import Area, Story
from tests.hostile import FLAG, HOSTILE, write_hostile_story

pytestmark = pytest.mark.browser

# The map object folium names map_<hex>, found by what it is, not by its name.
MAP_JS = "Object.values(window).find(value => value instanceof L.Map)"


@pytest.fixture
def offline_page(browser):
    """A page for which every request but a tile's is refused, and all are recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda sent: page.requests.append(sent.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    # Every request to the network, tiles too: the test needs none.
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    yield page
    context.close()


def open_export(page, story: Story, title: str, folder: Path) -> None:
    target = folder / "story-map.html"
    write_standalone_html(story, title, target)
    page.goto(target.as_uri())
    page.wait_for_function(
        f"""count => {{ const map = {MAP_JS}; if (!map) return false;
            let places = 0;
            map.eachLayer(l => {{ if (l.feature?.properties?.kind === "place") places++; }});
            return places === count; }}""",
        arg=len(story.places),
        polling="raf",
    )


def click_marker(page, lat: float, lon: float) -> None:
    """Close any popup, centre the map on (lat, lon) and click there, as a person would."""
    x, y = page.evaluate(
        f"""async ([lat, lon]) => {{ const map = {MAP_JS};
            const frame = () => new Promise(requestAnimationFrame);
            // The map opens by zooming to the story; a setView during that is dropped.
            while (map._animatingZoom || map._panAnim?._inProgress) await frame();
            map.closePopup();
            map.setView([lat, lon], 12, {{animate: false}});
            // The canvas redraws on the next frames: click what the reader would see.
            for (let i = 0; i < 2; i++) await frame();
            if (map.getZoom() !== 12) throw new Error("the map did not move");
            const point = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [point.x + box.left, point.y + box.top]; }}""",
        [lat, lon],
    )
    page.locator(".leaflet-popup").wait_for(state="detached")
    page.mouse.click(x, y)


def popup_text(page) -> dict:
    popup = page.locator(".leaflet-popup-content .storymap-popup")
    popup.wait_for()
    return popup.evaluate("""box => ({
        heading: box.querySelector("h2").textContent,
        events: [...box.querySelectorAll("li > strong")].map(node => node.textContent),
        summaries: [...box.querySelectorAll("li > p:not(.source, .status, .where)")]
            .map(n => n.textContent),
        statuses: [...box.querySelectorAll("li > p.status")].map(n => n.textContent),
        wheres: [...box.querySelectorAll("li > p.where")].map(n => n.textContent),
        quotes: [...box.querySelectorAll("li > blockquote")].map(node => node.textContent),
        notes: [...box.querySelectorAll(":scope > p.today")].map(node => node.textContent),
        links: [...box.querySelectorAll("a")].map(node => node.getAttribute("href")),
        elements: [...box.querySelectorAll("*")].map(node => node.tagName.toLowerCase()),
    })""")


def only_tiles_were_asked_for(page) -> bool:
    return all(
        url.startswith(("file:", "data:")) or "tile.openstreetmap.org" in url
        for url in page.requests
    )


def test_the_exported_map_opens_from_disk_and_a_marker_shows_its_events(offline_page, tmp_path):
    story = load_story(DEFAULT_DATA_FOLDER)
    open_export(offline_page, story, "Russia and Japan have fought before", tmp_path)
    assert only_tiles_were_asked_for(offline_page), offline_page.requests
    assert any("tile.openstreetmap.org" in url for url in offline_page.requests)
    assert offline_page.title() == "Russia and Japan have fought before"
    legend = offline_page.locator("ul.legend li").all_text_contents()
    assert [item.split(" (")[0] for item in legend] == [era.label for era in story.eras]
    areas = offline_page.evaluate(
        f"""() => {{ let n = 0; {MAP_JS}.eachLayer(l => {{
            if (l.feature?.properties?.kind === "area") n++; }}); return n; }}"""
    )
    assert areas == len(story.areas)

    for place_id in ("port-arthur", "portsmouth"):
        place = story.places[place_id]
        click_marker(offline_page, place.lat, place.lon)
        shown = popup_text(offline_page)
        # Its own events, and those that happened there for other places.
        events = story.events_at(place_id)
        assert shown["heading"] == place.name
        assert shown["events"] == [f"{e.date.display()}: {e.title}" for e in events]
        assert shown["summaries"] == [event.summary for event in events]
        assert shown["quotes"] == [f"“{e.quote}”" for e in events if e.quote]
        assert shown["wheres"] == [
            story.where_text(e, place_id) for e in events if story.where_text(e, place_id)
        ]
        assert (
            shown["notes"]
            == [f"Today: {place.today}", place.location_note][: 2 if place.location_note else 1]
        )  # both places have a today
    assert "Happened here; concerning Port Arthur" in shown["wheres"]  # Portsmouth's
    assert "Concerning this place; happened in Kristiania (Oslo)" in shown["wheres"]
    assert only_tiles_were_asked_for(offline_page)


def test_a_hostile_story_exports_as_text_that_runs_nothing(offline_page, tmp_path):
    folder = tmp_path / "hostile"
    write_hostile_story(folder)
    story = load_story(folder)
    open_export(offline_page, story, HOSTILE[0] + HOSTILE[3], tmp_path)
    assert offline_page.title() == HOSTILE[0] + HOSTILE[3]
    for place in story.places.values():
        click_marker(offline_page, place.lat, place.lon)
        shown = popup_text(offline_page)
        events = story.events_by_place[place.id]
        assert shown["heading"] == place.name
        assert shown["events"] == [f"{e.date.display()}: {e.title}" for e in events]
        assert shown["summaries"] == [event.summary for event in events]
        assert shown["quotes"] == [f"“{e.quote}”" for e in events if e.quote]
        assert set(shown["elements"]) <= {"h2", "p", "ul", "li", "strong", "a", "blockquote"}
        assert all(link.startswith("https://example.org/") for link in shown["links"])
    assert offline_page.evaluate(f"window.{FLAG}") is None
    assert offline_page.dialogs == []
    assert only_tiles_were_asked_for(offline_page), offline_page.requests


# Shapes that pass no check of this app but can reach a map all the same (a story
# built in Python, a file from an older version): each makes Leaflet throw.
SQUARE = [[145.0, 43.0], [146.0, 43.0], [146.0, 44.0], [145.0, 43.0]]
BROKEN_GEOMETRIES = {
    "a Polygon missing its ring level": {"type": "Polygon", "coordinates": SQUARE},
    "a LineString one level too deep": {"type": "LineString", "coordinates": [SQUARE]},
    "a MultiPolygon written as a Polygon": {"type": "MultiPolygon", "coordinates": [SQUARE]},
}


def with_broken_areas(story: Story, geometries: list[dict]) -> Story:
    """The story with an area of each geometry, listed before its own areas."""
    broken = tuple(
        Area(f"broken-{number}", "kuril-islands", f"Broken {number}", geometry)
        for number, geometry in enumerate(geometries, start=1)
    )
    return dataclasses.replace(story, areas=broken + story.areas)


def count_drawn(page, kind: str) -> int:
    return page.evaluate(
        f"""kind => {{ let n = 0; {MAP_JS}.eachLayer(l => {{
            if (l.feature?.properties?.kind === kind) n++; }}); return n; }}""",
        kind,
    )


@pytest.mark.parametrize("geometry", BROKEN_GEOMETRIES.values(), ids=BROKEN_GEOMETRIES.keys())
def test_one_shape_leaflet_cannot_draw_leaves_the_rest_of_the_map(offline_page, tmp_path, geometry):
    errors = []
    offline_page.on(
        "console", lambda message: message.type == "error" and errors.append(message.text)
    )
    story = load_story(DEFAULT_DATA_FOLDER)
    open_export(offline_page, with_broken_areas(story, [geometry]), "A story", tmp_path)
    assert count_drawn(offline_page, "area") == len(story.areas)
    notice = offline_page.get_by_text(left_out_message(1).format(count=1), exact=True)
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_have_class(re.compile(r"\bstorymap-tile-notice\b"))
    errors = [text for text in errors if text.startswith("Story feature")]
    assert len(errors) == 1
    assert errors[0].startswith(
        'Story feature 1 (area "Broken 1" of place "kuril-islands") '
        "could not be drawn and was left out:"
    )
    # The places still open their popups.
    place = story.places["port-arthur"]
    click_marker(offline_page, place.lat, place.lon)
    assert popup_text(offline_page)["heading"] == place.name


def test_every_shape_left_out_is_counted(offline_page, tmp_path):
    story = load_story(DEFAULT_DATA_FOLDER)
    open_export(
        offline_page,
        with_broken_areas(story, list(BROKEN_GEOMETRIES.values())),
        "A story",
        tmp_path,
    )
    assert count_drawn(offline_page, "area") == len(story.areas)
    expect(offline_page.get_by_role("status").filter(has_text="could not be drawn")).to_have_text(
        left_out_message(len(BROKEN_GEOMETRIES)).format(count=len(BROKEN_GEOMETRIES))
    )

"""The hostile story, without a browser: it loads, and every piece of HTML made from it
keeps its text as text. (tests/browser/test_hostile_in_browser.py opens it for real.)"""

from __future__ import annotations

import html
import json

import folium
import pytest

from storymap import folium_map, panel
from storymap.assets import MapAssets
from storymap.load import load_story
from storymap.map_features import publish_story_data
from storymap.window import TimeWindow
from tests.hostile import COUNT, HOSTILE, write_hostile_story

TAGS = ("<script", "<img", "<svg", "<b ", "<b>", "<u>", "</script")


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    write_hostile_story(folder)
    return load_story(folder)


def test_the_hostile_folder_is_valid_and_uses_every_string(hostile_story):
    assert len(hostile_story.places) == COUNT
    texts = {
        value
        for place in hostile_story.places.values()
        for value in (place.name, place.today, place.location_note)
    }
    texts |= {
        value
        for event in hostile_story.events
        for value in (event.title, event.summary, event.quote)
    }
    for string in HOSTILE:
        assert any(string in text for text in texts), string


def assert_only_text(made: str) -> None:
    for tag in TAGS:
        assert tag not in made.lower(), tag
    assert 'href="javascript:' not in made.lower()


def test_every_panel_keeps_the_data_as_text(hostile_story):
    window = hostile_story.span
    for place in hostile_story.places.values():
        made = panel.place_panel_html(hostile_story, place, window)
        assert_only_text(made)
        assert f"<h2>{html.escape(place.name)}</h2>" in made
    for position, event in enumerate(hostile_story.events, start=1):
        assert_only_text(panel.tour_step_html(hostile_story, event, position, COUNT))
        assert_only_text(panel.timeline_entry_html(hostile_story, event))
    assert_only_text(panel.legend_html(hostile_story.eras))
    featured = [place for place in hostile_story.places.values() if place.featured]
    for string in HOSTILE:
        assert_only_text(panel.intro_html(hostile_story, featured, string, string))


def test_the_data_reaches_the_map_as_a_file_never_in_its_script(hostile_story, tmp_path):
    url = publish_story_data(hostile_story, tmp_path, "/app/static")
    published = json.loads((tmp_path / url.removeprefix("/app/static/")).read_text("utf-8"))
    labels = {f["properties"]["label"] for f in published["features"]}
    assert {place.name for place in hostile_story.places.values()} <= labels
    script = folium_map.build_base_map(hostile_story, MapAssets("local"), url).get_root().render()
    for place in hostile_story.places.values():
        assert place.name not in script


def test_arc_labels_on_the_map_are_inert(hostile_story):
    everything = TimeWindow(hostile_story.span.first, hostile_story.span.last)
    labels = []
    for place_id in hostile_story.places:
        for arc in folium_map.link_arcs(hostile_story, everything, place_id):
            labels += [
                child.text for child in arc._children.values() if isinstance(child, folium.Tooltip)
            ]
    assert len(labels) >= COUNT - 1  # every link, seen from at least one end
    for label in labels:
        for special in ("`", "${", "\\", "<", ">", "{", "}"):
            assert special not in label
        assert html.unescape(label) in HOSTILE


@pytest.fixture(scope="module")
def hostile_story_with_places_of_happening(tmp_path_factory):
    """The hostile story, each event having happened at the next place, with a status
    and, for some, a named era (the columns happened_at, status and era_id)."""
    import csv

    folder = tmp_path_factory.mktemp("hostile-where") / "data"
    write_hostile_story(folder)
    path = folder / "events.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for number, row in enumerate(rows):
        row["happened_at"] = f"place-{(number + 1) % COUNT}"
        row["status"] = ("", "reported", "disputed", "established")[number % 4]
        row["era_id"] = "early" if row["date"] < "1910" else "late"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return load_story(folder)


def test_where_an_event_happened_and_how_sure_it_is_stay_text(
    hostile_story_with_places_of_happening,
):
    story = hostile_story_with_places_of_happening
    assert all(event.happened_elsewhere for event in story.events)
    for place in story.places.values():
        made = panel.place_panel_html(story, place, story.span)
        assert_only_text(made)
        happened_here = story.events_happened_at[place.id][0]
        concerned = story.places[happened_here.place_id]
        assert f"Happened here; concerning {html.escape(concerned.name)}" in made
    for position, event in enumerate(story.events, start=1):
        assert_only_text(panel.tour_step_html(story, event, position, COUNT))
        assert_only_text(panel.timeline_entry_html(story, event))


def test_dotted_arcs_are_labelled_with_the_datas_text_as_inert_text(
    hostile_story_with_places_of_happening,
):
    story = hostile_story_with_places_of_happening
    everything = TimeWindow(story.span.first, story.span.last)
    for place_id in story.places:
        arcs = folium_map.link_arcs(story, everything, place_id)
        labels = [
            child.text
            for arc in arcs
            for child in arc._children.values()
            if isinstance(child, folium.Tooltip)
        ]
        assert labels
        for label in labels:
            for special in ("`", "${", "\\", "<", ">", "{", "}"):
                assert special not in label
        here = story.events_by_place[place_id][0]
        where = story.places[here.happened_at]
        assert f"{here.title}: happened in {where.name}" in map(html.unescape, labels)

"""The loader's quicker ways give what the plain ones gave: each date text read once per
load (storymap.load), a row looked into for a too-long cell only when its longest cell
is (storymap.csvfile), a story kept in order built without sorting (Story.in_order),
events sorted by day numbers and indexed in one pass (Story.build), each era's colour
looked up once for the map data (storymap.map_features), and the collector held off
while a story is built (storymap.gc_pause)."""

from __future__ import annotations

import csv
import dataclasses
import gc
import io
import random
import threading
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storymap import csvfile, schema
from storymap.csvfile import read_csv
from storymap.dates import DateError, parse_span
from storymap.gc_pause import gc_paused
from storymap.load import load_story
from storymap.map_features import story_features
from storymap.model import Story
from storymap.report import DataError
from storymap.storyfiles import MemoryFiles
from storymap.style import NO_ERA_COLOUR
from storymap.synth import write_synthetic_story
from storymap.window import TimeWindow
from tests.conftest import replace_in_file


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic_story(folder, 1_000, 3, seed=5)
    return folder


def rows_of(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("which", ["default", "synthetic"])
def test_every_date_is_the_span_its_text_reads_as(which, data_copy, synthetic):
    folder = data_copy if which == "default" else synthetic
    story = load_story(folder)
    for row in rows_of(folder, "events.csv"):
        assert story.events_by_id[row["id"]].date == parse_span(row["date"])
    for row in rows_of(folder, "sources.csv"):
        published = row.get("published", "")
        expected = parse_span(published) if published.strip() else None
        assert story.sources[row["id"]].published == expected


def test_a_date_repeated_shares_one_span_and_each_event_keeps_its_own_order(synthetic):
    story = load_story(synthetic)
    by_text: dict[str, object] = {}
    for row in rows_of(synthetic, "events.csv"):
        span = story.events_by_id[row["id"]].date
        assert by_text.setdefault(row["date"], span) is span  # read once, shared
    keys = [(event.date.sort_key, event.id) for event in story.events]
    assert keys == sorted(keys)


def test_a_bad_date_repeated_is_reported_on_each_of_its_lines(data_copy):
    bad = "1904-02-30"
    path = data_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1905-09-05,", f",{bad},"))
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    problems = [p for p in raised.value.problems if p.column == "date"]
    with pytest.raises(DateError) as expected:
        parse_span(bad)
    assert len(problems) == 3 and len({p.line for p in problems}) == 3  # the story's three
    assert {p.message for p in problems} == {str(expected.value)}


# Cells of a few characters, blank ones among them, against a limit of three.
_CELLS = st.text(alphabet=' \tab,"\n', max_size=6)
_LIMIT = 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=4, max_size=4), max_size=12))
def test_rows_and_too_long_cells_are_those_the_plain_rule_finds(rows):
    header = list(schema.LINKS.column_names)
    assert len(header) == 4
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    files = MemoryFiles("t", {schema.LINKS.filename: text.getvalue().encode()})
    with mock.patch.object(csvfile, "MAX_CELL_CHARACTERS", _LIMIT):
        read, problems = read_csv(files, schema.LINKS)
    kept = [row for row in rows if any(cell.strip() for cell in row)]
    assert read is not None and [cells for _line, cells in read.rows] == kept
    too_long = [
        (column, cell)
        for row in kept
        for column, cell in zip(header, row, strict=True)
        if len(cell) > _LIMIT
    ]
    assert [(p.column, p.rule) for p in problems] == [
        (column, "cell-size") for column, _ in too_long
    ]


@pytest.mark.parametrize("which", ["default", "synthetic"])
def test_a_story_built_from_its_events_in_order_is_the_story(which, story, synthetic):
    original = story if which == "default" else load_story(synthetic)
    shuffled = list(original.events)
    random.Random(11).shuffle(shuffled)
    parts = (original.sources, original.areas, original.links, original.eras)
    built = Story.build(original.places, shuffled, *parts, original.translations)
    in_order = Story.in_order(original.places, original.events, *parts, original.translations)
    assert built == in_order == original


@pytest.fixture(scope="module")
def few_hundred_places(tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder = tmp_path_factory.mktemp("few-hundred")
    write_synthetic_story(folder, 300, 5, seed=8)
    return load_story(folder)


def test_a_story_is_in_date_order_then_id_order_with_its_indices_made_plainly(
    few_hundred_places,
):
    loaded = few_hundred_places
    # Every third event moved to one day, so that many events tie on their date.
    events = [
        dataclasses.replace(event, date=parse_span("1900-01-01")) if number % 3 == 0 else event
        for number, event in enumerate(loaded.events)
    ]
    random.Random(3).shuffle(events)
    parts = (loaded.sources, loaded.areas, loaded.links, loaded.eras, loaded.translations)
    story = Story.build(loaded.places, events, *parts)
    ordered = tuple(sorted(events, key=lambda event: (event.date.sort_key, event.id)))
    assert len(ordered) == 1_500 and story.events == ordered
    assert story.events_by_id == {event.id: event for event in ordered}
    assert list(story.events_by_id) == [event.id for event in ordered]
    assert story.span == TimeWindow.covering(event.date for event in ordered)
    assert story.events_by_place == {
        place_id: tuple(event for event in ordered if event.place_id == place_id)
        for place_id in loaded.places
    }
    assert story.events_without_place == tuple(e for e in ordered if not e.place_id)
    assert loaded.events == tuple(
        sorted(loaded.events, key=lambda event: (event.date.sort_key, event.id))
    )


def test_each_events_colour_in_the_map_data_is_its_eras(few_hundred_places):
    story = few_hundred_places
    features = story_features(story)["features"]
    places = [feature for feature in features if feature["properties"]["kind"] == "place"]
    assert len(places) == 300
    colours = set()
    for feature in places:
        place_id = feature["properties"]["place_id"]
        expected = []
        for event in story.events_at(place_id):
            era = story.era_of(event)
            colour = era.colour if era else NO_ERA_COLOUR
            colours.add(colour)
            expected.append([event.date.first_year, event.date.last_year, colour])
        assert feature["properties"]["events"] == expected
    assert len(colours) > 1  # the story's eras, and perhaps no era, not one colour for all


def test_the_collector_is_back_on_after_a_build_even_a_failed_one(data_copy):
    assert gc.isenabled()
    replace_in_file(data_copy / "events.csv", ",1904-02-08,", ",1904-02-30,")
    with pytest.raises(DataError), gc_paused():
        assert not gc.isenabled()
        load_story(data_copy)
    assert gc.isenabled()


def test_the_collector_stays_off_until_the_last_of_several_builds_ends():
    first_inside, second_done, results = threading.Event(), threading.Event(), []

    def second() -> None:
        first_inside.wait(10)
        with gc_paused():
            results.append(gc.isenabled())
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with gc_paused():
        first_inside.set()
        assert second_done.wait(10)
        results.append(gc.isenabled())  # the other build's end left it off
    thread.join(10)
    assert results == [False, False] and gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_build_made_is_put_with_the_oldest_objects_not_collected_young():
    with gc_paused():
        made = [[number] for number in range(10)]  # tracked containers, kept
    assert gc.isenabled()
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    youngest = {id(thing) for thing in gc.get_objects(generation=0)}
    assert all(id(thing) in oldest and id(thing) not in youngest for thing in made)

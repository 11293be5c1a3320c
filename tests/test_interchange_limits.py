"""Another tool's story written within every rule of the data format, whatever the file
holds: rows past a table's limit, a shown date past its length, addresses the format
can't take, a file with no event to carry over. Each folder loads as an upload does."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from storymap import schema
from storymap.csvfile import MAX_CELL_CHARACTERS
from storymap.interchange import read_story_file
from storymap.interchange.draft import (
    STORYMAPJS,
    DraftEra,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    DraftSource,
    StoryDraft,
)
from storymap.interchange.write import NO_EVENTS, folder_files
from storymap.load import load_files
from storymap.storyfiles import MemoryFiles
from storymap.text import safe_link

PORT_ARTHUR = DraftPlace("Port Arthur", 38.812, 121.243)
SAINT_PETERS = "https://en.wikipedia.org/wiki/Saint_Peter's_Basilica"


def event(row=1, title="Siege", date="1904", place=PORT_ARTHUR, **fields) -> DraftEvent:
    return DraftEvent(row=row, title=title, summary="Text.", date=date, place=place, **fields)


def draft(*events: DraftEvent, **fields) -> StoryDraft:
    return StoryDraft("story.json", STORYMAPJS, title="A story", events=list(events), **fields)


def rows(imported, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(imported.files[name].decode("utf-8"))))


def loads_as_an_upload(imported):
    return load_files(MemoryFiles("imported", imported.files))


@pytest.mark.parametrize(
    ("shown", "written"),
    [
        ("x" * 80, "x" * 80),
        ("Summer\x07 1904", "Summer 1904"),
        (
            "In the long and memorable summer of that year, when everything seemed to happen "
            "at once, 1900",
            "In the long and memorable summer of that year, when everything seemed to…",
        ),
        ("y" * 90, "y" * 79 + "…"),  # no word to cut at
        ("Summer of " + "z" * 90, "Summer of " + "z" * 69 + "…"),  # its only space far back
    ],
    ids=["80 characters", "a control character", "cut at a word", "one word", "a long word"],
)
def test_a_shown_date_is_cut_to_the_columns_limit(shown, written):
    imported = folder_files(draft(event(3, display_date=shown)))
    (row,) = rows(imported, "events.csv")
    assert row["display_date"] == written
    assert len(written) <= schema.DISPLAY_DATE_MAX_LENGTH
    cut = len(" ".join(shown.split())) > schema.DISPLAY_DATE_MAX_LENGTH
    assert imported.lines == (
        [
            f"story.json:3: display_date: the date as shown is {len(shown)} characters long, "
            "and cut to 80, the most a display_date may be"
        ]
        if cut
        else []
    )
    loads_as_an_upload(imported)


def test_an_apostrophe_in_an_address_is_written_as_browsers_send_it():
    imported = folder_files(
        draft(
            event(1, media=DraftMedia(SAINT_PETERS)),
            event(2, source=DraftSource("Saint Peter's Basilica", SAINT_PETERS)),
        )
    )
    written = "https://en.wikipedia.org/wiki/Saint_Peter%27s_Basilica"
    assert rows(imported, "events.csv")[0]["media_url"] == written
    assert rows(imported, "sources.csv")[1]["url"] == written
    assert imported.lines == []
    story = loads_as_an_upload(imported)
    assert [safe_link(source.url) for source in story.sources.values()][1] == written


@pytest.mark.parametrize(
    "url",
    [
        'https://example.org/a"b.jpg',
        "https://example.org/<b>.jpg",
        "https://example.org/a b.jpg",
        "https://example.org/a\u00a0b.jpg",  # a no-break space is a space too
    ],
)
def test_an_address_with_a_quote_bracket_or_space_is_still_left_out(url):
    imported = folder_files(
        draft(event(1, media=DraftMedia(url, alt="A")), event(2, source=DraftSource("S", url)))
    )
    assert "media_url" not in rows(imported, "events.csv")[0]
    assert rows(imported, "sources.csv")[1]["url"] == ""
    assert imported.lines == [
        f"story.json:1: media: '{url}' is not an http or https address; the media is left out",
        f"story.json:2: source: '{url}' is not an http or https address; the source is kept "
        "without it",
    ]
    loads_as_an_upload(imported)


def test_an_address_longer_than_a_cell_is_left_out():
    url = "https://example.org/" + "a" * MAX_CELL_CHARACTERS
    imported = folder_files(
        draft(event(1, media=DraftMedia(url)), event(2, source=DraftSource("A book", url)))
    )
    assert "media_url" not in rows(imported, "events.csv")[0]
    assert rows(imported, "sources.csv")[1] == {
        "id": "a-book",
        "kind": "reference",
        "title": "A book",
        "url": "",
    }
    too_long = f"the address is {len(url):,} characters long; at most 100,000 are allowed"
    assert imported.lines == [
        f"story.json:1: media: {too_long}: the media is left out",
        f"story.json:2: source: {too_long}: the source is kept without it",
    ]
    loads_as_an_upload(imported)


def test_names_and_descriptions_of_control_characters_alone_are_none():
    media = DraftMedia("https://example.org/a.jpg", alt="\x07\x08", caption="A ship")
    imported = folder_files(
        draft(event(1, place=DraftPlace("\x07", 10, 10, row=1), media=media), event(2))
    )
    assert rows(imported, "places.csv")[0]["name"] == "10.00° N, 10.00° E"
    assert rows(imported, "events.csv")[0]["media_alt"] == "A ship"
    assert imported.lines == [
        "story.json:1: place: the place at 10.00° N, 10.00° E has no name; it is named "
        "'10.00° N, 10.00° E'",
        "story.json:1: media_alt: the image has no description; “A ship” stands in: write "
        "what it shows",
    ]
    loads_as_an_upload(imported)


def test_a_zoom_out_of_the_maps_range_is_kept_within_it():
    story = draft(
        event(1, place=DraftPlace("Far out", 1, 1, zoom=0)),
        event(2, place=DraftPlace("Close in", 2, 2, zoom=40)),
    )
    assert [row["zoom"] for row in rows(folder_files(story), "places.csv")] == ["1", "18"]


def test_events_past_the_limit_are_left_out_in_one_line():
    limit = schema.EVENTS.max_rows
    imported = folder_files(draft(*(event(n, date="1900") for n in range(1, limit + 4))))
    assert imported.events == limit
    assert imported.lines == [
        f"story.json:{limit + 1}: events: {limit + 3:,} events; a story holds at most "
        f"{limit:,}: the rest are left out"
    ]
    assert len(loads_as_an_upload(imported).events) == limit


def test_places_past_the_limit_are_left_out_with_their_events():
    limit = schema.PLACES.max_rows
    at = [DraftPlace(f"P{n}", n / 1000, 0, row=n) for n in range(1, limit + 3)]
    elsewhere = DraftPlace("Elsewhere", -50, -50)
    events = [event(n, place=place) for n, place in enumerate(at, start=1)]
    # Where the first event happened is a place past the limit too: left out.
    events[0] = dataclasses.replace(events[0], happened_at=elsewhere)
    imported = folder_files(draft(*events))
    assert (imported.places, imported.events) == (limit, limit)
    assert "happened_at" not in rows(imported, "events.csv")[0]
    assert imported.lines == [
        f"story.json:{limit + 1}: places: {limit + 3:,} places; a story holds at most "
        f"{limit:,}: the rest are left out, with their events (2 events); where 1 event "
        "happened is left out too"
    ]
    loads_as_an_upload(imported)


def test_sources_past_the_limit_leave_their_events_citing_the_file():
    limit = schema.SOURCES.max_rows
    cites = [DraftSource(f"Book {n}", None) for n in range(1, limit + 2)]
    imported = folder_files(draft(*(event(n, source=cite) for n, cite in enumerate(cites, 1))))
    assert imported.sources == limit
    events = rows(imported, "events.csv")
    assert [row["source_id"] for row in events[-3:]] == [
        f"book-{limit - 1}",
        "a-story-storymapjs",
        "a-story-storymapjs",
    ]
    assert imported.lines == [
        f"story.json:{limit}: sources: {limit + 2:,} sources; a story holds at most "
        f"{limit:,}: the rest are left out; their events cite the file itself instead "
        "(2 events)"
    ]
    loads_as_an_upload(imported)


def test_eras_past_the_limit_are_left_out_in_one_line():
    limit = schema.ERAS.max_rows
    eras = [DraftEra(f"Era {n}", 1000 + n, 1000 + n) for n in range(limit + 2)]
    imported = folder_files(draft(event(), eras=eras))
    assert len(rows(imported, "eras.csv")) == limit
    assert imported.lines == [
        f"story.json:-: eras: {limit + 2} eras; a story holds at most {limit}: the rest are "
        "left out"
    ]
    loads_as_an_upload(imported)


@pytest.mark.parametrize(
    "story",
    [
        draft(),
        draft(event(2, date="1904-02-30")),
        draft(places=[PORT_ARTHUR]),
    ],
    ids=["no events", "no date the format holds", "places only"],
)
def test_a_story_without_events_is_written_and_says_why_it_cannot_load(story):
    imported = folder_files(story)
    assert imported.events == 0
    assert imported.lines[0] == f"story.json:-: events: {NO_EVENTS}"
    assert NO_EVENTS.startswith("no event could be carried over (")
    assert NO_EVENTS.endswith("); a story needs at least one dated event")
    assert set(imported.files) >= {"places.csv", "events.csv", "sources.csv"}


# The readers stop at one row more than a story holds: the limits are made small here, as
# the readers and the writer read them, so that the files can be.


@pytest.fixture
def small_limits(monkeypatch):
    for name, rows_held in (("EVENTS", 3), ("PLACES", 2), ("ERAS", 2)):
        table = dataclasses.replace(getattr(schema, name), max_rows=rows_held)
        monkeypatch.setattr(schema, name, table)


def read(name: str, document) -> StoryDraft:
    data = document.encode() if isinstance(document, str) else json.dumps(document).encode()
    return read_story_file(name, data)


def storymapjs(count: int) -> dict:
    slides = [{"date": f"{1900 + n}", "text": {"headline": f"E{n}"}} for n in range(count)]
    return {"storymap": {"slides": [{"type": "overview"}, *slides]}}


def timelinejs(count: int, eras: int = 0) -> dict:
    return {
        "events": [{"start_date": {"year": 1900 + n}} for n in range(count)],
        "eras": [
            {"start_date": {"year": 1900 + n}, "end_date": {"year": 1900 + n}} for n in range(eras)
        ],
    }


def geojson(dated: int, undated: int = 0) -> dict:
    def point(lon, **properties):
        geometry = {"type": "Point", "coordinates": [lon, 10]}
        return {"type": "Feature", "geometry": geometry, "properties": properties}

    # The events at one place, each of the others a place of its own.
    features = [point(0, name="P", title=f"E{n}", date=str(1900 + n)) for n in range(dated)]
    features += [point(1 + n, name=f"Q{n}") for n in range(undated)]
    return {"type": "FeatureCollection", "features": features}


def sheet(count: int, eras: int = 0) -> str:
    lines = ["Year,End Year,Headline,Text,Type"]
    lines += [f"{1900 + n},{1900 + n},Era {n},,era" for n in range(eras)]
    lines += [f"{1900 + n},,Event {n},Text,," for n in range(count)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "document", "stopped_at"),
    [
        ("s.json", storymapjs(10), 6),  # slides 2 to 5 are read: 4 events, one too many
        ("t.json", timelinejs(10), 5),
        ("p.geojson", geojson(10), 5),
        ("t.csv", sheet(10), 6),  # the header is line 1
    ],
)
def test_a_reader_stops_at_one_event_more_than_a_story_holds(
    small_limits, name, document, stopped_at
):
    story = read(name, document)
    assert len(story.events) == 4
    assert story.stopped_at == {"events": stopped_at}
    imported = folder_files(story)
    assert imported.events == 3
    assert [line for line in imported.lines if ": events: " in line] == [
        f"{name}:{story.events[3].row}: events: more than 3 events; a story holds at most 3: "
        "the rest of the file is not read"
    ]


def test_a_geojson_reader_keeps_one_place_more_than_a_story_holds(small_limits):
    story = read("p.geojson", geojson(1, undated=6))
    assert len(story.places) == 3
    assert story.stopped_at == {"places": 5}
    assert len(story.events) == 1
    imported = folder_files(story)
    assert imported.places == 2
    assert (
        "p.geojson:3: places: more than 2 places; a story holds at most 2: the rest are left out"
        in imported.lines
    )


@pytest.mark.parametrize(
    ("name", "document"), [("t.json", timelinejs(1, eras=6)), ("t.csv", sheet(1, eras=6))]
)
def test_a_timeline_reader_keeps_one_era_more_than_a_story_holds(small_limits, name, document):
    story = read(name, document)
    assert len(story.eras) == 3
    assert "eras" in story.stopped_at
    imported = folder_files(story)
    assert len(rows(imported, "eras.csv")) == 2
    assert f"{name}:-: eras: more than 2 eras; a story holds at most 2: the rest are left out" in (
        imported.lines
    )

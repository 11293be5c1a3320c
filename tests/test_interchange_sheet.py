"""TimelineJS's sheet template as CSV, read into a story draft: the fixture's exact draft,
its header, rows and line numbers."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from storymap.interchange import read_story_file
from storymap.interchange.draft import (
    TIMELINEJS_SHEET,
    DraftEra,
    DraftEvent,
    DraftMedia,
    DraftPlace,
)
from storymap.interchange.timeline_sheet import (
    ADDED_COLUMNS,
    TEMPLATE_COLUMNS,
    looks_like_timeline_sheet,
    read_timeline_sheet,
)

FIXTURE = Path(__file__).parent / "fixtures" / "interchange" / "timeline-sheet.csv"
HEADER = ",".join(TEMPLATE_COLUMNS + ADDED_COLUMNS)


def sheet(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def lines_of(draft) -> list[str]:
    return [left.line("s.csv") for left in draft.left_out]


def test_the_fixture_is_read_whole_with_its_lines():
    text = FIXTURE.read_text(encoding="utf-8")
    draft = read_timeline_sheet("timeline-sheet.csv", text)
    assert (draft.source_name, draft.format) == ("timeline-sheet.csv", TIMELINEJS_SHEET)
    assert draft.title == "Russia and Japan"
    assert draft.introduction == "Two wars, forty years apart."
    assert draft.eras == [DraftEra("Russo-Japanese War", 1904, 1905)]
    assert draft.events == [
        DraftEvent(
            row=4,
            title="Treaty of Portsmouth",
            summary="Signed at the navy yard in Kittery.",
            date="1905-09-05",
            # The author's coordinates come before the name's lookup.
            place=DraftPlace("Portsmouth", 43.0766, -70.7394),
            group="Diplomacy",
        ),
        DraftEvent(
            row=5,  # its Text spans lines 5 to 7
            title="Attack on Port Arthur",
            summary="Japan's navy strikes at night,\n\nbefore war is declared.",
            date="1904-02-08",
            place=DraftPlace(
                "Port Arthur",
                38.8,
                121.26667,
                note="matched GeoNames 'Lüshun' (CN, population 82,345) by its other name "
                "'Port Arthur'; 2 places have this name, the most populous taken",
            ),
            group="Port Arthur",
        ),
        DraftEvent(
            row=8,
            title="Bloody Sunday",
            summary="Troops fire on marchers.",
            date="1905-01",
            group="Politics",
            status="reported",
        ),
        # Line 9 is blank.
        DraftEvent(
            row=10,
            title="Retreat from Kherson",
            summary="",
            date="2022-11-11",
            display_date="Early November 2022",
            place=DraftPlace(
                "Kherson",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000)",
            ),
        ),
        DraftEvent(row=11, title="The treaty is signed", summary="", date="1905-09-05"),
        DraftEvent(
            row=13,
            title="The Kurils are taken",
            summary="",
            date="1945-08",
            media=DraftMedia(
                "https://example.org/kurils.jpg",
                credit="Example Archive",
                caption="Soldiers land",
                alt="Soldiers on a beach",
            ),
        ),
    ]
    assert [left.line("timeline-sheet.csv") for left in draft.left_out] == [
        "timeline-sheet.csv:1: Notes: the column is not the template's",
        "timeline-sheet.csv:11: Time: the time of day (15:47) is left out: dates are held to "
        "the day",
        "timeline-sheet.csv:11: Place: 'Atlantis Harbour' is not a city in the gazetteer "
        "(GeoNames cities of 15,000 people or more); the event has no place: give its "
        "coordinates",
        "timeline-sheet.csv:12: Year: year -660: dates before year 1 cannot be held; the event "
        "is left out",
        "timeline-sheet.csv:13: Media Thumbnail: the thumbnail is left out: the media itself "
        "is shown",
        "timeline-sheet.csv:13: Background: the slide's background is left out",
        "timeline-sheet.csv:14: Day: day 30: February 1945 has 28 days; the event is left out",
    ]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: "\ufeff" + text, id="byte order mark"),
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(lambda text: "\ufeff" + text.replace("\n", "\r\n"), id="both"),
        pytest.param(lambda text: text.replace("\n", "\r"), id="CR, as old Excel for Mac"),
        pytest.param(lambda text: text.replace("\n", "\r", 3).replace("\n", "\r\n", 2), id="mixed"),
    ],
)
def test_a_byte_order_mark_and_windows_line_ends_read_the_same(encode):
    text = FIXTURE.read_text(encoding="utf-8")
    plain = read_timeline_sheet("s.csv", text)
    encoded = read_story_file("s.csv", encode(text).encode("utf-8"))
    assert encoded.title == plain.title == "Russia and Japan"
    assert [event.row for event in encoded.events] == [4, 5, 8, 10, 11, 13]
    assert [(event.title, event.summary) for event in encoded.events] == [
        (event.title, event.summary) for event in plain.events
    ]
    assert encoded.left_out == plain.left_out


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (list(TEMPLATE_COLUMNS), True),
        (list(TEMPLATE_COLUMNS + ADDED_COLUMNS), True),
        ([column.upper().replace(" ", "") for column in TEMPLATE_COLUMNS], True),
        ([f" {column.lower()} " for column in TEMPLATE_COLUMNS], True),
        (["Year", "Month", "Day", "Headline", "Text", "Media", "Type", "Group", "Place"], True),
        (["year", "headline", "text"], True),
        (
            ["Year", "Month", "Day", "Headline", "Text", "Media", "Type", "Group", "End Year"],
            True,
        ),
        ([column for column in TEMPLATE_COLUMNS if column != "Headline"], False),
        ([column for column in TEMPLATE_COLUMNS if column != "Year"], False),
        (["id", "place_id", "date", "title", "summary", "source_id"], False),
        (["Year", "Headline"], False),
        ([], False),
    ],
)
def test_looks_like_timeline_sheet(header, expected):
    assert looks_like_timeline_sheet(header) is expected


def test_columns_in_another_order_case_and_spacing_and_some_missing():
    text = "headline,YEAR,end  year,group\nA span,1904,1905,Tokyo\n"
    draft = read_timeline_sheet("s.csv", text)
    assert [(event.row, event.title, event.date) for event in draft.events] == [
        (2, "A span", "1904/1905")
    ]
    assert draft.events[0].place is not None
    assert draft.events[0].place.name == "Tokyo"
    assert lines_of(draft) == []


def test_a_column_twice_is_read_once_and_reported():
    draft = read_timeline_sheet("s.csv", "Year,Headline,year\n1904,A,1999\n")
    assert [event.date for event in draft.events] == ["1904"]
    assert lines_of(draft) == ["s.csv:1: Year: the column appears twice; the first is read"]


@pytest.mark.parametrize(
    ("row", "titles", "eras", "lines"),
    [
        ("1904,,,,,,,,,An event,,,,,,,,,,,,", ["An event"], [], []),
        ("1904,,,,,,,,,An event,,,,,,Title,,,,,,", [], [], []),  # the first title row
        ("1904,,,,,,,,,An event,,,,,,ERA,,,,,,", [], [DraftEra("An event", 1904, None)], []),
        (
            "1904,,,,,,,,,An event,,,,,,slide,,,,,,",
            ["An event"],
            [],
            ["s.csv:2: Type: 'slide' is not title or era; read as an event"],
        ),
        (
            "-50,,,,10,,,,,Before us,,,,,,era,,,,,,",
            [],
            [],
            ["s.csv:2: Year: year -50: dates before year 1 cannot be held; the era is left out"],
        ),
        (
            "1920,,,,1910,,,,,Backwards,,,,,,era,,,,,,",
            [],
            [],
            ["s.csv:2: End Year: the end, 1910, comes before the start; the era is left out"],
        ),
        (
            ",,,,,,,,,,,,,,,era,,,,,,",
            [],
            [],
            ["s.csv:2: Year: a date needs a year; the era is left out"],
        ),
        (
            ",,,,,,,,,No date,,,,,,,,,,,,",
            [],
            [],
            ["s.csv:2: Year: a date needs a year; the event is left out"],
        ),
        ("1904,2", [""], [], []),  # a short row: the cells it lacks are empty
        (",,,,,,,,,,,,,,,,,,,,,", [], [], []),  # blank
        ("  ,  ,\t", [], [], []),  # blank too
    ],
)
def test_each_rows_type(row, titles, eras, lines):
    draft = read_timeline_sheet("s.csv", sheet(row))
    assert [event.title for event in draft.events] == titles
    assert draft.eras == eras
    assert lines_of(draft) == lines


def test_the_first_title_row_titles_the_story_and_a_second_is_an_event():
    draft = read_timeline_sheet(
        "s.csv",
        sheet(
            ",,,,,,,,,The <b>story</b>,<p>One.</p><p>Two.</p>,https://example.org/cover.jpg,,,,title,,,,,,",
            "1904,,,,,,,,,Another title,,,,,,title,,,,,,",
        ),
    )
    assert (draft.title, draft.introduction) == ("The story", "One.\n\nTwo.")
    assert [(event.row, event.title) for event in draft.events] == [(3, "Another title")]
    assert lines_of(draft) == [
        "s.csv:2: Media: the title's media is left out: a story's introduction is text",
        "s.csv:3: Type: a second title row; read as an event",
    ]


TOKYO = DraftPlace(
    "Tokyo", 35.6895, 139.69171, note="matched GeoNames 'Tokyo' (JP, population 9,733,276)"
)


@pytest.mark.parametrize(
    ("group", "cells", "place", "lines"),
    [
        ("Tokyo", "Kittery yard,43.08,-70.74", DraftPlace("Kittery yard", 43.08, -70.74), []),
        ("", ",43.08,-70.74", DraftPlace("", 43.08, -70.74), []),
        ("", "tokyo,,", dataclasses.replace(TOKYO, name="tokyo"), []),
        ("Tokyo", ",,", TOKYO, []),
        ("Diplomacy", ",,", None, []),
        (
            "Tokyo",
            "Kittery,,",
            None,
            [
                "s.csv:2: Place: 'Kittery' is not a city in the gazetteer (GeoNames cities of "
                "15,000 people or more); the event has no place: give its coordinates"
            ],
        ),
        (
            "Tokyo",
            ",43.08,",
            TOKYO,
            ["s.csv:2: Latitude: a Latitude without a Longitude; the coordinates are left out"],
        ),
        (
            "",
            ',"43,08",-70.74',
            None,
            ["s.csv:2: Latitude: '43,08' is not a number; the coordinates are left out"],
        ),
    ],
)
def test_an_events_place_columns(group, cells, place, lines):
    draft = read_timeline_sheet("s.csv", sheet(f"1905,,,,,,,,,E,,,,,,,{group},,{cells},"))
    assert draft.events[0].place == place
    assert draft.events[0].group == group
    assert lines_of(draft) == lines


def test_a_file_that_breaks_the_csv_module_is_read_up_to_that_line():
    limit = csv.field_size_limit()
    csv.field_size_limit(1000)
    try:
        draft = read_timeline_sheet(
            "s.csv", sheet("1904,,,,,,,,,Kept,,,,,,,,,,,,", "1905,,,,,,,,,Long," + "x" * 2000)
        )
    finally:
        csv.field_size_limit(limit)
    assert [event.title for event in draft.events] == ["Kept"]
    assert lines_of(draft) == [
        "s.csv:3: CSV: the file is not valid CSV (field larger than field limit (1000)); "
        "the rest is not read"
    ]


def test_an_empty_file_is_an_empty_draft():
    draft = read_timeline_sheet("s.csv", "")
    assert (draft.title, draft.events, draft.eras, draft.left_out) == ("", [], [], [])


@pytest.mark.parametrize(
    ("cells", "date", "shown"),
    [
        ("1904,2,8,,,,,,8 February 1904", "1904-02-08", ""),
        ("1904,2,8,,,,,,February 8 1904", "1904-02-08", ""),
        ("1900,,,,,,,,c. 1900", "1900~", ""),
        ("1904,2,8,,,,,,Night of 8–9 February 1904", "1904-02-08", "Night of 8–9 February 1904"),
        ("1835,,,,,,,,Summer 1835", "1835", "Summer 1835"),
    ],
)
def test_a_display_date_is_kept_only_when_it_says_more_than_the_date(cells, date, shown):
    draft = read_timeline_sheet("s.csv", sheet(f"{cells},E"))
    assert (draft.events[0].date, draft.events[0].display_date) == (date, shown)
    assert lines_of(draft) == []

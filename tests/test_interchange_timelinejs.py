"""TimelineJS3 JSON read into a story draft: the fixtures' exact drafts, and every rule
of its dates, places and text in tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storymap.interchange.draft import (
    TIMELINEJS_JSON,
    DraftEra,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    DraftSource,
)
from storymap.interchange.timelinejs import read_timelinejs

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
PORTSMOUTH_NOTE = (
    "matched GeoNames 'Portsmouth' (GB, population 208,100); "
    "5 places have this name, the most populous taken"
)


def read_fixture(name: str):
    return read_timelinejs(name, json.loads((FIXTURES / name).read_text(encoding="utf-8")))


def one_event(**event) -> dict:
    return {"events": [{"start_date": {"year": 1905}, "text": {"headline": "E"}, **event}]}


def test_the_basic_file_is_read_whole():
    draft = read_fixture("timelinejs-basic.json")
    assert (draft.source_name, draft.format) == ("timelinejs-basic.json", TIMELINEJS_JSON)
    assert draft.title == "Russia and Japan, 1904–1905"
    assert draft.introduction == (
        "A war of nineteen months, from Port Arthur to Portsmouth.\n\nFive moments of it."
    )
    assert draft.events == [
        DraftEvent(
            row=1,
            title="Attack on Port Arthur",
            summary="Japan's navy attacks the Russian squadron at anchor.",
            date="1904-02-08",
            place=DraftPlace("Port Arthur", 38.8121, 121.242),
            group="War",
        ),
        DraftEvent(
            row=2,
            title="Battle of Tsushima",
            summary="The Baltic Fleet is sunk or taken in the strait.",
            date="1905-05-27/1905-05-28",
            media=DraftMedia(
                "https://example.org/images/tsushima.jpg",
                credit="Example Naval Museum",
                caption="The battle, as a painter saw it",
                alt="Two lines of warships firing in smoke",
            ),
            group="War",  # no city's name: the event has no place
        ),
        DraftEvent(
            row=3,
            title="Treaty of Portsmouth",
            summary="Russia and Japan sign the peace.",
            date="1905-09-05",
            # The group names a city; the most populous Portsmouth is England's, and
            # the note says so for the author to check.
            place=DraftPlace("Portsmouth", 50.79899, -1.09125, note=PORTSMOUTH_NOTE),
            group="Portsmouth",
            quote="The war is over.",
            source=DraftSource("An Example History, Example Press", "https://example.org/history"),
        ),
        DraftEvent(
            row=4,
            title="Bloody Sunday",
            summary="Troops fire on marchers.",
            date="1905-01",
            place=DraftPlace(
                "Saint Petersburg",
                59.93863,
                30.31413,
                note="matched GeoNames 'Saint Petersburg' (RU, population 5,351,935); "
                "2 places have this name, the most populous taken",
            ),
            group="Saint Petersburg",
        ),
        DraftEvent(
            row=5,
            title="Losses of 120,000",
            summary="A figure given for Russia's dead.",
            date="1905",
            status="reported",
        ),
    ]
    assert draft.eras == [DraftEra("Russo-Japanese War", 1904, 1905)]
    assert draft.places == []
    assert draft.left_out == []


def test_the_messy_file_keeps_what_it_can_and_says_what_it_left_out():
    draft = read_fixture("timelinejs-messy.json")
    assert draft.title == "A messy timeline"
    assert draft.introduction == "Plain text & an entity"
    assert draft.events == [
        DraftEvent(
            row=1,
            title="Attack at Port Arthur",
            summary="Japan's fleet attacks & blockades\nthe port. See the battle "
            "(https://example.org/port-arthur)\n\nA second paragraph, never closed",
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
            row=2,
            title="Siege of Port Arthur",
            summary="Five months.",
            date="1904-08-01/1905-01-02",
            display_date="Summer 1904 to the new year",
            group="Army",
        ),
        DraftEvent(
            row=3,
            title="Heian-kyō is the capital",
            summary="",
            date="0800~",  # "About 800" is the date with "about", said in words
            place=DraftPlace(
                "Kyoto",
                35.02107,
                135.75385,
                note="matched GeoNames 'Kyoto' (JP, population 1,463,723)",
            ),
        ),
        DraftEvent(
            row=7, title="The treaty is signed", summary="", date="1905-09-05", group="Diplomacy"
        ),
        DraftEvent(
            row=8,
            title="Russian forces leave Kherson",
            summary="",
            date="2022-11-11",
            place=DraftPlace(
                "Kherson",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000)",
            ),
        ),
        DraftEvent(
            row=11,
            title="The Kurils are taken",
            summary="",
            date="1945-08",
            media=DraftMedia("https://example.org/kurils.jpg"),
            group="Kuril Islands",
        ),
        DraftEvent(
            row=13,
            title="Russia takes the Gregorian calendar",
            summary="",
            date="1918-02-14",
            display_date="14 February 1918 – the same day everywhere",
            place=DraftPlace(
                "Moscow",
                55.75204,
                37.61781,
                note="matched GeoNames 'Moscow' (RU, population 10,381,222); "
                "2 places have this name, the most populous taken",
            ),
            group="Moscow",
            status="disputed",
        ),
    ]
    assert draft.eras == [DraftEra("The war", 1904, 1905), DraftEra("1868–1912", 1868, 1912)]
    assert [line.line(draft.source_name) for line in draft.left_out] == [
        "timelinejs-messy.json:-: title.media: the title slide's media is left out: "
        "a story's introduction is text",
        "timelinejs-messy.json:4: start_date.year: year -300: dates before year 1 cannot be "
        "held; the event is left out",
        "timelinejs-messy.json:5: start_date.month: month 13: a month is 1 to 12; "
        "the event is left out",
        "timelinejs-messy.json:6: start_date.day: day 31: February 1905 has 28 days; "
        "the event is left out",
        "timelinejs-messy.json:7: start_date: the time of day (15:47) is left out: "
        "dates are held to the day",
        "timelinejs-messy.json:7: location.name: 'Atlantis Harbour' is not a city in the "
        "gazetteer (GeoNames cities of 15,000 people or more); the event has no place: "
        "give its coordinates",
        "timelinejs-messy.json:8: location.lat: 95 is out of range: must be from -90 to 90; "
        "the coordinates are left out",
        "timelinejs-messy.json:9: end_date.year: the end, 1904, comes before the start, 1905; "
        "the event is left out",
        "timelinejs-messy.json:10: start_date.year: year 0: dates before year 1 cannot be "
        "held; the event is left out",
        "timelinejs-messy.json:11: background: the slide's background is left out",
        "timelinejs-messy.json:11: media.thumbnail: the thumbnail is left out: the media "
        "itself is shown",
        "timelinejs-messy.json:12: events: the event is not a JSON object; it is left out",
        "timelinejs-messy.json:13: media.url: media without a url is left out",
        "timelinejs-messy.json:-: era 2 start_date.year: year -300: dates before year 1 "
        "cannot be held; the era is left out",
    ]


@pytest.mark.parametrize(
    ("start", "end", "date"),
    [
        ({"year": 1904}, None, "1904"),
        ({"year": 1904, "month": 2}, None, "1904-02"),
        ({"year": 1904, "month": 2, "day": 8}, None, "1904-02-08"),
        ({"year": "1904", "month": " 2 ", "day": "08"}, None, "1904-02-08"),
        ({"year": 1904.0, "month": 2.0}, None, "1904-02"),
        ({"year": 800}, None, "0800"),
        ({"year": 1}, None, "0001"),
        ({"year": 9999}, None, "9999"),
        ({"year": 1904, "month": 2, "day": 29}, None, "1904-02-29"),  # a leap year
        ({"year": 1904}, {"year": 1905}, "1904/1905"),
        ({"year": 1904, "month": 8}, {"year": 1905, "month": 1, "day": 2}, "1904-08/1905-01-02"),
        ({"year": 1904}, {"year": 1904}, "1904"),  # an end that is the start is no span
        ({"year": 1904}, {}, "1904"),
        ({"year": 1904}, {"year": "", "month": ""}, "1904"),
    ],
)
def test_dates(start, end, date):
    event = {"start_date": start} if end is None else {"start_date": start, "end_date": end}
    draft = read_timelinejs("t.json", one_event(**event))
    assert [event.date for event in draft.events] == [date]
    assert draft.left_out == []


@pytest.mark.parametrize(
    ("start", "end", "field", "reason"),
    [
        ({"year": -300}, None, "start_date.year", "year -300: dates before year 1 cannot be held"),
        ({"year": 0}, None, "start_date.year", "year 0: dates before year 1 cannot be held"),
        ({"year": "-44"}, None, "start_date.year", "year -44: dates before year 1 cannot be held"),
        (
            {"year": 12000},
            None,
            "start_date.year",
            "year 12000: dates after year 9999 cannot be held",
        ),
        ({"year": 1905, "month": 13}, None, "start_date.month", "month 13: a month is 1 to 12"),
        ({"year": 1905, "month": 0}, None, "start_date.month", "month 0: a month is 1 to 12"),
        (
            {"year": 1905, "month": 10**400},
            None,
            "start_date.month",
            "month 1" + "0" * 58 + "…: a month is 1 to 12",
        ),
        (
            {"year": 1905, "month": 2, "day": 29},
            None,
            "start_date.day",
            "day 29: February 1905 has 28 days",
        ),
        (
            {"year": 1904, "month": 4, "day": 31},
            None,
            "start_date.day",
            "day 31: April 1904 has 30 days",
        ),
        ({"year": 1904, "day": 3}, None, "start_date.day", "day 3 without a month"),
        ({"year": "MCMV"}, None, "start_date.year", "'MCMV' is not a whole number"),
        ({"year": 1904.5}, None, "start_date.year", "'1904.5' is not a whole number"),
        ({"year": True}, None, "start_date.year", "True is not a number"),
        ({"year": [1904]}, None, "start_date.year", "[1904] is not a number"),
        ({"month": 2}, None, "start_date.year", "a date needs a year"),
        ({"year": 1904}, {"month": 3}, "end_date.year", "a date needs a year"),
        (
            {"year": 1904},
            {"year": -1},
            "end_date.year",
            "year -1: dates before year 1 cannot be held",
        ),
        (
            {"year": 1905, "month": 3},
            {"year": 1905, "month": 2},
            "end_date.year",
            "the end, February 1905, comes before the start, March 1905",
        ),
    ],
)
def test_dates_the_data_cannot_hold_leave_their_event_out(start, end, field, reason):
    event = {"start_date": start} if end is None else {"start_date": start, "end_date": end}
    draft = read_timelinejs("t.json", one_event(**event))
    assert draft.events == []
    assert [left.line("t.json") for left in draft.left_out] == [
        f"t.json:1: {field}: {reason}; the event is left out"
    ]


def test_an_event_without_a_start_date_is_left_out():
    draft = read_timelinejs("t.json", {"events": [{"text": {"headline": "Undated"}}]})
    assert draft.events == []
    assert [left.line("t.json") for left in draft.left_out] == [
        "t.json:1: start_date.year: a date needs a year; the event is left out"
    ]


@pytest.mark.parametrize(
    ("start", "end", "display", "shown"),
    [
        ({"year": 1835}, None, "Summer 1835", "Summer 1835"),
        ({"year": 1835, "display_date": "1835 or so"}, None, "", "1835 or so"),
        ({"year": 1835, "display_date": "Spring"}, {"year": 1836}, "", "Spring – 1836"),
        (
            {"year": 1835, "month": 3},
            {"year": 1836, "display_date": "the next winter"},
            "",
            "March 1835 – the next winter",
        ),
        ({"year": 1835, "display_date": "ignored"}, None, "The event's own", "The event's own"),
        ({"year": 1835}, {"year": 1836}, "", ""),
        # Words that are only the date, as the export writes every date, are dropped.
        ({"year": 1904, "month": 2, "day": 8}, None, "8 February 1904", ""),
        ({"year": 1904, "month": 2, "day": 8, "display_date": "8 February 1904"}, None, "", ""),
        ({"year": 1904}, {"year": 1905}, "1904–1905", ""),
        (
            {"year": 1904, "month": 2, "day": 8},
            None,
            "Night of 8–9 February 1904",
            "Night of 8–9 February 1904",
        ),
        ({"year": 1904, "month": 2}, None, "8 February 1904", "8 February 1904"),
    ],
)
def test_display_dates(start, end, display, shown):
    event: dict = {"start_date": start, "display_date": display}
    if end is not None:
        event["end_date"] = end
    draft = read_timelinejs("t.json", one_event(**event))
    assert draft.events[0].display_date == shown


@pytest.mark.parametrize(
    ("start", "end", "display", "date", "shown"),
    [
        ({"year": 1900}, None, "c. 1900", "1900~", ""),
        ({"year": 1900}, None, "circa 1900", "1900~", ""),
        ({"year": 1904, "month": 8}, {"year": 1905}, "c. August 1904 – 1905", "1904-08~/1905", ""),
        # About another year: the words are kept, and the date is the numbers'.
        ({"year": 1900}, None, "c. 1901", "1900", "c. 1901"),
    ],
)
def test_about_in_the_words_makes_the_date_approximate(start, end, display, date, shown):
    event: dict = {"start_date": start, "display_date": display}
    if end is not None:
        event["end_date"] = end
    (drafted,) = read_timelinejs("t.json", one_event(**event)).events
    assert (drafted.date, drafted.display_date) == (date, shown)


@pytest.mark.parametrize(
    ("start", "time"),
    [
        ({"hour": 9}, "9:00"),
        ({"hour": "14", "minute": "5"}, "14:05"),
        ({"hour": 0, "minute": 0}, "0:00"),
        ({"hour": 23, "minute": 59, "second": 30}, "23:59:30"),
        ({"hour": 1, "millisecond": 5}, "1:00:00.005"),
    ],
)
def test_a_time_of_day_is_left_out_and_the_day_kept(start, time):
    draft = read_timelinejs(
        "t.json", one_event(start_date={"year": 1905, "month": 9, "day": 5, **start})
    )
    assert draft.events[0].date == "1905-09-05"
    assert [left.line("t.json") for left in draft.left_out] == [
        f"t.json:1: start_date: the time of day ({time}) is left out: dates are held to the day"
    ]


@pytest.mark.parametrize(
    ("event", "place", "lines"),
    [
        # The format's own location comes first, its name kept as the place's name.
        (
            {"location": {"name": "Kittery yard", "lat": "43.08", "lon": -70.74}, "group": "Tokyo"},
            DraftPlace("Kittery yard", 43.08, -70.74),
            [],
        ),
        ({"location": {"lat": 43.08, "lon": -70.74}}, DraftPlace("", 43.08, -70.74), []),
        # A name alone is looked up, before the group.
        (
            {"location": {"name": "Tokyo"}, "group": "Kherson"},
            DraftPlace(
                "Tokyo",
                35.6895,
                139.69171,
                note="matched GeoNames 'Tokyo' (JP, population 9,733,276)",
            ),
            [],
        ),
        (
            {"group": "Kherson"},
            DraftPlace(
                "Kherson",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000)",
            ),
            [],
        ),
        # A group that is not a place is a theme: no place, and nothing to report.
        ({"group": "Diplomacy"}, None, []),
        ({}, None, []),
        # An author's place name that the gazetteer lacks is reported; the group is not
        # tried instead.
        (
            {"location": {"name": "Kittery"}, "group": "Tokyo"},
            None,
            [
                "t.json:1: location.name: 'Kittery' is not a city in the gazetteer (GeoNames "
                "cities of 15,000 people or more); the event has no place: give its coordinates"
            ],
        ),
        (
            {"location": {"name": "Kherson", "lat": 46.6}},
            DraftPlace(
                "Kherson",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000)",
            ),
            [
                "t.json:1: location.lat: a location.lat without a location.lon; "
                "the coordinates are left out"
            ],
        ),
        (
            {"location": {"lat": 46.6, "lon": "east"}},
            None,
            ["t.json:1: location.lon: 'east' is not a number; the coordinates are left out"],
        ),
        (
            {"location": {"lat": 46.6, "lon": -181}},
            None,
            [
                "t.json:1: location.lon: -181 is out of range: must be from -180 to 180; "
                "the coordinates are left out"
            ],
        ),
        (
            {"location": {"lat": "nan", "lon": 30}},
            None,
            ["t.json:1: location.lat: 'nan' is not a number; the coordinates are left out"],
        ),
        (
            {"location": {"lat": 10**400, "lon": 30}},  # too large for a float
            None,
            [
                "t.json:1: location.lat: " + "1" + "0" * 58 + "… is out of range: must be from "
                "-90 to 90; the coordinates are left out"
            ],
        ),
        (
            {"location": {"lat": 46.6, "lon": -(10**400)}},
            None,
            [
                "t.json:1: location.lon: -" + "1" + "0" * 57 + "… is out of range: must be "
                "from -180 to 180; the coordinates are left out"
            ],
        ),
    ],
)
def test_an_events_place(event, place, lines):
    draft = read_timelinejs("t.json", one_event(**event))
    assert draft.events[0].place == place
    assert [left.line("t.json") for left in draft.left_out] == lines


@pytest.mark.parametrize(
    ("happened_at", "place", "lines"),
    [
        (
            {"name": "Portsmouth", "lat": 43.08, "lon": -70.739},
            DraftPlace("Portsmouth", 43.08, -70.739),
            [],
        ),
        ({"lat": "43.08", "lon": "-70.739"}, DraftPlace("", 43.08, -70.739), []),
        (
            {"name": "<b>Kittery</b> yard", "lat": 43, "lon": -70},
            DraftPlace("Kittery yard", 43, -70),
            [],
        ),
        ({}, None, []),
        (None, None, []),
        # Coordinates only: a name is not looked up in the gazetteer.
        (
            {"name": "Portsmouth"},
            None,
            [
                "t.json:1: happened_at: 'Portsmouth' is given without lat and lon; "
                "where the event happened is left out"
            ],
        ),
        (
            "Portsmouth",
            None,
            [
                "t.json:1: happened_at: 'Portsmouth' is given without lat and lon; "
                "where the event happened is left out"
            ],
        ),
        (
            {"name": "Portsmouth", "lat": 43.08},
            None,
            [
                "t.json:1: happened_at.lat: a happened_at.lat without a happened_at.lon; "
                "where the event happened is left out"
            ],
        ),
        (
            {"lat": 43.08, "lon": -181},
            None,
            [
                "t.json:1: happened_at.lon: -181 is out of range: must be from -180 to 180; "
                "where the event happened is left out"
            ],
        ),
        (
            {"lat": "north", "lon": 10},
            None,
            [
                "t.json:1: happened_at.lat: 'north' is not a number; "
                "where the event happened is left out"
            ],
        ),
    ],
)
def test_where_an_event_happened(happened_at, place, lines):
    event = {"location": {"name": "Port Arthur", "lat": 38.812, "lon": 121.243}}
    if happened_at is not None:
        event["happened_at"] = happened_at
    draft = read_timelinejs("t.json", one_event(**event))
    (drafted,) = draft.events
    assert drafted.place == DraftPlace("Port Arthur", 38.812, 121.243)
    assert drafted.happened_at == place
    assert [left.line("t.json") for left in draft.left_out] == lines


@pytest.mark.parametrize(
    ("headline", "title", "status"),
    [
        ("The letter (reported)", "The letter", "reported"),
        ("Losses <b>(disputed)</b>", "Losses", "disputed"),
        ("The letter (Reported)", "The letter", "reported"),
        ("(reported)", "(reported)", "established"),
        ("The letter (reported) in 2022", "The letter (reported) in 2022", "established"),
        ("Plain", "Plain", "established"),
    ],
)
def test_a_status_after_the_title_is_read_back(headline, title, status):
    draft = read_timelinejs("t.json", one_event(text={"headline": headline}))
    assert (draft.events[0].title, draft.events[0].status) == (title, status)


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        ({"events": "many"}, ["t.json:-: events: 'events' is not a list; none of it is read"]),
        ({"eras": {"a": 1}}, ["t.json:-: eras: 'eras' is not a list; none of it is read"]),
        ({"eras": [3]}, ["t.json:-: era 1: the era is not a JSON object; it is left out"]),
        ({"title": "A title", "events": []}, []),
        ({}, []),
    ],
)
def test_a_document_of_the_wrong_shape_is_reported(document, lines):
    draft = read_timelinejs("t.json", document)
    assert (draft.title, draft.events, draft.eras) == ("", [], [])
    assert [left.line("t.json") for left in draft.left_out] == lines


def test_an_era_that_has_not_ended_and_one_with_html_in_its_headline():
    draft = read_timelinejs(
        "t.json",
        {
            "eras": [
                {"start_date": {"year": 1991}, "text": {"headline": "After the <i>Union</i>"}},
                {"start_date": {"year": "1905"}, "end_date": {"year": 1904}},
            ]
        },
    )
    assert draft.eras == [DraftEra("After the Union", 1991, None)]
    assert [left.line("t.json") for left in draft.left_out] == [
        "t.json:-: era 2 end_date.year: the end, 1904, comes before the start; the era is left out"
    ]

"""StoryMapJS stories read as drafts: the fixtures whole, and one slide at a time."""

from __future__ import annotations

import json

import pytest

from storymap.interchange.coordinates import (
    CoordinateError,
    coordinates_name,
    distance_km,
    read_coordinate,
)
from storymap.interchange.draft import STORYMAPJS, DraftMedia, DraftPlace
from storymap.interchange.storymapjs import read_storymapjs
from tests.conftest import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "interchange"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def slides(*items: dict) -> dict:
    return {"storymap": {"slides": list(items)}}


def slide(date="1904", headline="A headline", text="<p>Text.</p>", **fields) -> dict:
    return {"date": date, "text": {"headline": headline, "text": text}, **fields}


def test_the_basic_story():
    draft = read_storymapjs("basic.json", fixture("storymapjs-basic.json"))
    assert draft.format == STORYMAPJS
    assert draft.source_name == "basic.json"
    assert draft.title == "The Kanrin Maru crosses the Pacific"
    assert draft.introduction.startswith("In 1860 a Japanese steam warship sailed")
    assert draft.introduction.endswith("United States.\n\nFour stops on the way.")
    assert [(event.row, event.title, event.date) for event in draft.events] == [
        (2, "Departure from Uraga", "1860-02-10"),
        (3, "Arrival at San Francisco", "1860-03-17"),
        (4, "Repairs at Mare Island", "1860-03"),
        (5, "A stop at Honolulu", "1860-05"),
    ]
    uraga, arrival, repairs, honolulu = draft.events
    assert uraga.place == DraftPlace("Uraga", 35.2436, 139.7225, zoom=11, row=2)
    assert uraga.source == ("Kanrin Maru, Wikipedia", "https://en.wikipedia.org/wiki/Kanrin_Maru")
    assert uraga.summary == "The ship leaves Uraga with Katsu Kaishū in command."
    assert (arrival.place.lat, arrival.place.lon) == (repairs.place.lat, repairs.place.lon)
    assert arrival.media == DraftMedia(
        url="https://example.org/images/kanrin-maru.jpg",
        credit="Drawing by a crew member (https://example.org/artist)",
        caption="The Kanrin Maru in a storm",
        alt="A three-masted steamship heeling in high waves",
    )
    assert arrival.source is None
    assert repairs.quote == "The ship was put in order at the navy yard."
    assert [event.media for event in (uraga, repairs, honolulu)] == [None, None, None]
    assert draft.places == []
    assert draft.left_out == []


def test_the_messy_story():
    draft = read_storymapjs("messy.json", fixture("storymapjs-messy.json"))
    assert draft.title == "Harbours & lights of Hokkaidō"
    assert draft.introduction == (
        "A coast of harbours\nand lights:\n\n• Sapporo\n• Otaru\n\n"
        "Read more (https://example.org/coast)"
    )
    rows = {event.row: event for event in draft.events}
    assert sorted(rows) == [2, 6, 7, 8, 9]
    sapporo = rows[2]
    assert sapporo.title == "Sapporo grows"
    assert sapporo.date == "1900~"
    assert sapporo.place == DraftPlace("Sapporo", 43.0621, 141.3544, zoom=9, row=2)
    assert sapporo.summary == (
        "The city doubles in size — see this and https://example.org/sapporo.\n\nIt’s the capital"
    )
    assert rows[6].place == DraftPlace("", 43.2, 141.0, row=6)  # the writer names it
    assert rows[7].place is None  # a slide with no location
    assert rows[7].quote == "The fleet is destroyed."
    assert rows[7].source == ("A harbour diary link", None)
    assert rows[8].place is None  # its latitude is not a number
    assert rows[9].title == "First lamp lit (reported)"  # the writer reads the status
    assert (rows[9].date, rows[9].display_date) == ("1892", "Summer 1892")
    assert rows[9].summary == "• A lamp\n• A keeper"
    assert draft.places == [
        DraftPlace("Otaru", 43.1907, 140.9947, row=3),
        DraftPlace("An old shell mound", 42.98, 141.6, row=5),  # named by its headline
    ]
    assert [lo.line("messy.json") for lo in draft.left_out] == [
        "messy.json:3: date: the slide's event is left out (no year in 'Aug 23'): an event "
        "needs a date with a year; its place is kept",
        "messy.json:4: date: the slide's event is left out (no date): an event needs a date "
        "with a year",
        "messy.json:5: date: the slide's event is left out ('300 BC' is before the year 1; "
        "the data format holds years 1 to 9999): an event needs a date with a year; its "
        "place is kept",
        "messy.json:8: location: the latitude 'abc' is not a number; the slide's event has "
        "no place",
    ]


@pytest.mark.parametrize(
    ("document", "title", "rows"),
    [
        (slides(slide(headline="Title"), slide(location={"lat": 1, "lon": 2})), "Title", [2]),
        (
            slides(slide(location={"lat": 1, "lon": 2}), slide(headline="T", type="overview")),
            "T",
            [1],
        ),
        (slides(slide(headline="A", location={"lat": 1, "lon": 2}), slide()), "", [1, 2]),
        (slides(slide(headline="T", location={"line": True}), slide()), "T", [2]),
    ],
)
def test_the_title_slide(document, title, rows):
    draft = read_storymapjs("s.json", document)
    assert draft.title == title
    assert [event.row for event in draft.events] == rows


@pytest.mark.parametrize(
    ("location", "place", "line"),
    [
        ({"lat": 38.81, "lon": 121.24, "name": "Port Arthur"}, ("Port Arthur", 38.81, 121.24), ""),
        ({"lat": " 38.81 ", "lon": "121.24"}, ("", 38.81, 121.24), ""),
        ({"lat": 0, "lon": 0, "name": "<b>Null</b> Island"}, ("Null Island", 0.0, 0.0), ""),
        ({"lat": 91, "lon": 0}, None, "the latitude '91' is out of range: must be from -90 to 90"),
        ({"lat": 0, "lon": -181}, None, "the longitude '-181' is out of range"),
        ({"lat": "nan", "lon": 0}, None, "the latitude 'nan' is not a number"),
        ({"lat": True, "lon": 0}, None, "the latitude 'True' is not a number"),
        ({"lat": [1], "lon": 0}, None, "the latitude '[1]' is not a number"),
        ({"lat": 10}, None, "the longitude is missing"),
    ],
)
def test_a_slides_location(location, place, line):
    draft = read_storymapjs("s.json", slides(slide(location=location)))
    (event,) = draft.events
    found = None if event.place is None else (event.place.name, event.place.lat, event.place.lon)
    assert found == place
    messages = [lo.message for lo in draft.left_out]
    if line:
        assert messages == [f"{messages[0].split(';')[0]}; the slide's event has no place"]
        assert messages[0].startswith(line)
    else:
        assert messages == []


@pytest.mark.parametrize(
    ("zoom", "kept"),
    [
        (11, 11),
        ("9", 9),
        (5.6, 6),
        (0, 1),
        (20, 18),
        pytest.param(10**400, 18, id="10**400"),  # too large for a float
        pytest.param(-(10**400), 1, id="-10**400"),
        pytest.param("9" * 400, None, id="'9'*400"),  # as text: infinite, as "inf" is
        ("far", None),
        (True, None),
        (None, None),
    ],
)
def test_a_storymapjs_zoom_becomes_a_places_zoom(zoom, kept):
    draft = read_storymapjs("s.json", slides(slide(location={"lat": 1, "lon": 2, "zoom": zoom})))
    assert draft.events[0].place.zoom == kept


@pytest.mark.parametrize(
    ("document", "line"),
    [
        ({"storymap": {"slides": []}}, "s.json:-: storymap.slides: the story has no slides"),
        (
            slides(slide(), "a slide?"),
            "s.json:2: slide: the slide is not an object; it is left out",
        ),
        (
            slides(slide(headline="T"), slide(headline="")),
            "s.json:2: headline: the slide has no headline; its event is titled 'Slide 2'",
        ),
        (
            slides(slide(headline="T", media={"url": "https://example.org/a.png"}), slide()),
            "s.json:1: media: the title slide's media is not carried over: a story has none",
        ),
    ],
)
def test_what_a_slide_cannot_carry_over_is_said(document, line):
    draft = read_storymapjs("s.json", document)
    assert [lo.line("s.json") for lo in draft.left_out] == [line]


def test_fields_of_the_wrong_type_are_read_as_empty():
    document = slides(
        {"type": "overview", "text": "not an object"},
        {"date": 1905, "text": {"headline": 7, "text": ["x"]}, "media": "x", "location": 5},
    )
    draft = read_storymapjs("s.json", document)
    (event,) = draft.events
    assert (event.title, event.summary, event.date, event.place, event.media) == (
        "7",
        "",
        "1905",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("value", "column", "number"),
    [(38.81, "lat", 38.81), ("-121.5", "lon", -121.5), (90, "lat", 90.0), (-180, "lon", -180.0)],
)
def test_read_coordinate(value, column, number):
    assert read_coordinate(value, column) == number


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        (None, "lat", "the latitude is missing"),
        ("", "lon", "the longitude is missing"),
        ("1,5", "lat", "the latitude '1,5' is not a number"),
        ("inf", "lon", "the longitude 'inf' is not a number"),
        (1e400, "lat", "the latitude 'inf' is not a number"),
        pytest.param(
            10**400, "lat", "the latitude '1" + "0" * 58 + "…' is not a number", id="10**400"
        ),
        (90.5, "lat", "the latitude '90.5' is out of range: must be from -90 to 90"),
    ],
)
def test_read_coordinate_refuses(value, column, message):
    with pytest.raises(CoordinateError) as refused:
        read_coordinate(value, column)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("lat", "lon", "name"),
    [
        (38.8121, 121.2437, "38.81° N, 121.24° E"),
        (-33.8688, 151.2093, "33.87° S, 151.21° E"),
        (40.7128, -74.006, "40.71° N, 74.01° W"),
        (0, 0, "0.00° N, 0.00° E"),
    ],
)
def test_coordinates_name(lat, lon, name):
    assert coordinates_name(lat, lon) == name


def test_distance_km():
    assert distance_km((0, 0), (0, 0)) == 0
    assert distance_km((0, 0), (0, 1)) == pytest.approx(111.2, abs=0.1)
    # Port Arthur to Dalian's centre: some 35 km.
    assert distance_km((38.812, 121.243), (38.914, 121.614)) == pytest.approx(34, abs=2)


@pytest.mark.parametrize(
    ("words", "date", "shown"),
    [
        # The date written out, as the export writes every date: the date, no display date.
        ("8 February 1904", "1904-02-08", ""),
        ("c. 1900", "1900~", ""),
        ("1 August 1904 – 2 January 1905", "1904-08-01/1905-01-02", ""),
        # Words that say more are kept; the date is the one in them, StoryMapJS has no other.
        ("Summer 1835", "1835", "Summer 1835"),
        ("Night of 8–9 February 1904", "1904-02-08/1904-02-09", "Night of 8–9 February 1904"),
    ],
)
def test_a_slides_date_is_shown_in_its_own_words_only_when_they_say_more(words, date, shown):
    document = slides(slide(date=words, location={"lat": 1, "lon": 2}))
    (event,) = read_storymapjs("s.json", document).events
    assert (event.date, event.display_date) == (date, shown)


@pytest.mark.parametrize(
    ("happened_at", "place", "line"),
    [
        (
            {"name": "Portsmouth", "lat": 43.08, "lon": -70.739, "zoom": 12},
            DraftPlace("Portsmouth", 43.08, -70.739, zoom=12, row=1),
            "",
        ),
        ({"lat": "43.08", "lon": "-70.739"}, DraftPlace("", 43.08, -70.739, row=1), ""),
        (
            {"name": "<i>Kittery</i>", "lat": 43, "lon": -70},
            DraftPlace("Kittery", 43, -70, row=1),
            "",
        ),
        ({}, None, ""),
        ("", None, ""),
        (
            {"name": "Portsmouth"},
            None,
            "happened_at: 'Portsmouth' is given without lat and lon; where the event "
            "happened is left out",
        ),
        (
            "Portsmouth",
            None,
            "happened_at: 'Portsmouth' is given without lat and lon; where the event "
            "happened is left out",
        ),
        (
            {"zoom": 3},
            None,
            "happened_at: the place is given without lat and lon; where the event happened "
            "is left out",
        ),
        (
            {"lat": 91, "lon": 0},
            None,
            "happened_at: the latitude '91' is out of range: must be from -90 to 90; where "
            "the event happened is left out",
        ),
        (
            {"lat": 10, "lon": "east"},
            None,
            "happened_at: the longitude 'east' is not a number; where the event happened is "
            "left out",
        ),
    ],
)
def test_where_a_slides_event_happened(happened_at, place, line):
    location = {"lat": 38.812, "lon": 121.243, "name": "Port Arthur"}
    draft = read_storymapjs("s.json", slides(slide(location=location, happened_at=happened_at)))
    (event,) = draft.events
    assert event.place == DraftPlace("Port Arthur", 38.812, 121.243, row=1)
    assert event.happened_at == place
    assert [lo.line("s.json") for lo in draft.left_out] == ([f"s.json:1: {line}"] if line else [])

"""GeoJSON points read as drafts: each point a place, each dated and named one an event."""

from __future__ import annotations

import json

import pytest

from storymap.interchange.draft import GEOJSON_POINTS, DraftMedia, DraftPlace
from storymap.interchange.geojson_points import read_geojson_points
from tests.conftest import PROJECT_ROOT

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "interchange" / "points.geojson"


def collection(*features: object, **members: object) -> dict:
    return {"type": "FeatureCollection", "features": list(features), **members}


def point(properties: object, coordinates: object = (141.0, 43.2)) -> dict:
    geometry = {"type": "Point", "coordinates": list(coordinates)}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_the_points_fixture():
    draft = read_geojson_points("points.geojson", json.loads(FIXTURE.read_text("utf-8")))
    assert draft.format == GEOJSON_POINTS
    assert draft.title == "Lighthouses of Hokkaido"
    assert draft.introduction == "Where the lights stand, and when they were lit."
    assert [(e.row, e.title, e.date, e.place.name) for e in draft.events] == [
        (1, "Otaru lighthouse lit", "1884", "Otaru"),
        (2, "Hakodate", "1859", "Hakodate"),
        (5, "Cape Soya", "1900/1902", "Cape Soya"),
    ]
    assert draft.events[0].summary == "The first light of the harbour."
    assert draft.events[1].summary == "Opened to foreign trade."
    assert draft.places == [
        DraftPlace("", 43.2, 141.01, row=4),
        DraftPlace("Nemuro", 43.3301, 145.5865, row=6),
    ]
    assert [lo.line("p") for lo in draft.left_out] == [
        "p:3: geometry: the feature has a LineString, not a point; it is left out"
    ]


@pytest.mark.parametrize(
    ("properties", "title", "summary", "date", "display"),
    [
        ({"name": "A", "date": "1904"}, "A", "", "1904", ""),
        ({"NAME": "A", "Year": 1904}, "A", "", "1904", ""),
        ({"Name": "A", "title": "T", "year": "c. 1900"}, "T", "", "1900~", ""),
        ({"label": "A", "date": "Summer 1835"}, "A", "", "1835", "Summer 1835"),
        ({"name": "A", "date": "1904", "description": "<p>d</p>"}, "A", "d", "1904", ""),
        ({"name": "A", "date": "1904", "text": "t", "summary": "s"}, "A", "t", "1904", ""),
        ({"name": "A", "date": "1904", "desc": "x &amp; y"}, "A", "x & y", "1904", ""),
        ({"name": "A", "start": "1904", "end": "1905"}, "A", "", "1904/1905", ""),
        ({"name": "A", "start_date": "c. 1904", "end_date": "1905"}, "A", "", "1904~/1905", ""),
        (
            {"name": "A", "start": "1904", "end": "Summer 1905"},
            "A",
            "",
            "1904/1905",
            "1904 – Summer 1905",
        ),
        ({"name": "A", "start": "1904"}, "A", "", "1904", ""),
        ({"name": "A", "end": "1905"}, "A", "", "1905", ""),
        ({"name": "A", "start": "1904–1906", "end": "1910"}, "A", "", "1904/1910", ""),
        ({"name": "A", "date": "1904", "start": "1800"}, "A", "", "1904", ""),
    ],
)
def test_properties_by_their_common_names(properties, title, summary, date, display):
    draft = read_geojson_points("p", collection(point(properties)))
    (event,) = draft.events
    assert (event.title, event.summary, event.date, event.display_date) == (
        title,
        summary,
        date,
        display,
    )
    assert draft.left_out == []


@pytest.mark.parametrize(
    ("properties", "media"),
    [
        ({"image": "https://example.org/a.jpg"}, DraftMedia("https://example.org/a.jpg")),
        (
            {"url": "https://example.org/p", "media": "https://example.org/m.png"},
            DraftMedia("https://example.org/m.png"),
        ),
        ({"link": "https://example.org/p"}, DraftMedia("https://example.org/p")),
        (
            {"photo": "https://e.org/p.jpg", "credit": "Me", "caption": "C", "alt": "A"},
            DraftMedia("https://e.org/p.jpg", credit="Me", caption="C", alt="A"),
        ),
        (
            {"image": "https://e.org/p.jpg", "attribution": "Them"},
            DraftMedia("https://e.org/p.jpg", credit="Them"),
        ),
        ({}, None),
    ],
)
def test_media(properties, media):
    draft = read_geojson_points("p", collection(point({"name": "A", "date": "1904", **properties})))
    assert draft.events[0].media == media


@pytest.mark.parametrize(
    ("feature", "line"),
    [
        ("a string", "feature: the feature is not an object; it is left out"),
        (
            {"type": "Feature", "geometry": None},
            "geometry: the feature has no geometry, not a point; it is left out",
        ),
        (
            {"geometry": {"type": "Polygon", "coordinates": []}},
            "geometry: the feature has a Polygon, not a point; it is left out",
        ),
        (
            {"geometry": {"type": "Point", "coordinates": [1]}},
            "geometry: the point has no [longitude, latitude] pair; it is left out",
        ),
        (
            {"geometry": {"type": "Point", "coordinates": "1,2"}},
            "geometry: the point has no [longitude, latitude] pair; it is left out",
        ),
        (
            point({}, (200, 0)),
            "geometry: the longitude '200' is out of range: must be from -180 to 180; "
            "the feature is left out",
        ),
        (
            point({}, (0, "x")),
            "geometry: the latitude 'x' is not a number; the feature is left out",
        ),
        (
            point({"name": "A", "date": "Aug 23"}),
            "date: the event is left out (no year in 'Aug 23'); its place is kept",
        ),
        (
            point({"date": "1904"}),
            "name: the point has a date but no name or title; its event is left out",
        ),
        (
            point({"name": "A", "start": "1905", "end": "1904"}),
            "date: the event is left out (the end '1904' is before the start '1905'); "
            "its place is kept",
        ),
        (
            point({"name": "A", "start": "x", "end": "1904"}),
            "date: the event is left out (no date in 'x'); its place is kept",
        ),
        (
            point({"name": "A", "start": "1904", "end": "300 BC"}),
            "date: the event is left out ('300 BC' is before the year 1; the data format "
            "holds years 1 to 9999); its place is kept",
        ),
    ],
)
def test_what_a_feature_cannot_carry_over_is_said(feature, line):
    draft = read_geojson_points("p", collection(feature))
    assert [lo.line("p") for lo in draft.left_out] == [f"p:1: {line}"]
    assert draft.events == []


@pytest.mark.parametrize(
    "properties",
    [{}, None, "not an object", {"name": "Alone"}, {"name": "A", "date": ""}, {"date": None}],
)
def test_a_point_with_no_date_is_a_place_alone(properties):
    draft = read_geojson_points("p", collection(point(properties)))
    assert draft.events == []
    assert [(place.lat, place.lon) for place in draft.places] == [(43.2, 141.0)]
    assert draft.left_out == []


def test_a_collection_with_no_list_of_features():
    draft = read_geojson_points("p", {"type": "FeatureCollection", "features": {}})
    assert [lo.line("p") for lo in draft.left_out] == [
        "p:-: features: the collection has no list of features"
    ]


def test_the_collections_title_and_description():
    draft = read_geojson_points(
        "p", collection(title="<b>Bold</b> title", description="One<br>Two")
    )
    assert (draft.title, draft.introduction) == ("Bold title", "One\nTwo")

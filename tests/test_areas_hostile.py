"""areas.geojson files made to break the reader: huge, deep, long, or shaped to crash Leaflet.

Each must end as problems in the report, naming the file, at a cost that grows with the
file's length and never with the square of it.
"""

from __future__ import annotations

import json

import pytest

from storymap import areas
from storymap.areas import (
    MAX_AREA_FEATURES,
    MAX_AREA_PROBLEMS,
    MAX_AREAS_BYTES,
    MAX_JSON_DEPTH,
    area_from_feature,
    read_areas,
)
from storymap.load import load_story
from storymap.report import DataError
from storymap.storyfiles import MemoryFiles

FILE = "areas.geojson"
LINE = {"type": "LineString", "coordinates": [[145.0, 43.0], [146.0, 44.0]]}
SQUARE = [[145.0, 43.0], [146.0, 43.0], [146.0, 44.0], [145.0, 43.0]]
RANGE_MESSAGE = (
    "coordinates must be [longitude, latitude] pairs, longitude -180 to 180, latitude -90 to 90"
)


def feature(geometry=None, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": geometry or LINE,
        "properties": {"id": "a", "place_id": "p", "name": "A", **properties},
    }


def collection_text(features_text: list[str]) -> str:
    """A FeatureCollection with one feature a line, the first on line 2."""
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features_text) + "\n]}"


def read(text: str | bytes) -> tuple[list, list]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_areas(MemoryFiles("upload", {FILE: data}), None)


def problems_of(text: str | bytes) -> list[tuple]:
    return [(p.file, p.line, p.column, p.rule, p.message) for p in read(text)[1]]


class ScanCountingText(str):
    """Text that counts how many characters its ``count`` method has looked at."""

    scanned = 0

    def count(self, sub, start=0, end=None):
        stop = len(self) if end is None else min(end, len(self))
        self.scanned += max(0, stop - start)
        return super().count(sub, start, stop)


# 1. Line numbers cost one pass over the text, however many features there are.


@pytest.mark.parametrize("count", [500, 2_000])
def test_numbering_the_features_reads_the_text_once(count):
    text = ScanCountingText(collection_text(["{}"] * count))
    lines = areas._feature_lines(text, json.loads(text)["features"])
    assert lines == list(range(2, count + 2))
    # Quadratic numbering read about count * len(text) / 2 characters.
    assert text.scanned <= len(text)


def test_line_numbers_follow_features_over_several_lines():
    text = collection_text([json.dumps(feature(), indent=1), json.dumps(feature(to=99999))])
    second_line = text.splitlines().index(json.dumps(feature(to=99999))) + 1
    assert problems_of(text) == [
        (FILE, second_line, "to", "area", "'99999' is out of range: must be from -9999 to 9999")
    ]


# 2. Limits, checked before the file costs more memory or time than they allow.


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    def no_parsing(*arguments, **options):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(areas.json, "loads", no_parsing)
    data = collection_text(["{}"]).encode("utf-8") + b" " * MAX_AREAS_BYTES
    (problem,) = read(data)[1]
    assert (problem.file, problem.rule) == (FILE, "size")
    assert f"{len(data):,} bytes" in problem.message
    assert f"{MAX_AREAS_BYTES:,} bytes" in problem.message


def test_a_file_at_the_size_limit_is_read():
    text = collection_text([json.dumps(feature())])
    data = text.encode("utf-8") + b" " * (MAX_AREAS_BYTES - len(text))
    found, problems = read(data)
    assert (len(found), problems) == (1, [])


def test_reading_stops_after_the_most_features_allowed():
    count = MAX_AREA_FEATURES + 50
    text = collection_text(
        [
            json.dumps(feature(id=f"a{n}", to=-99999 if n >= MAX_AREA_FEATURES else None))
            for n in range(count)
        ]
    )
    stop_line = MAX_AREA_FEATURES + 2  # features start on line 2
    assert problems_of(text) == [
        (
            FILE,
            stop_line,
            "-",
            "limit",
            f"more than {MAX_AREA_FEATURES:,} features in areas.geojson; stopped at feature "
            f"{MAX_AREA_FEATURES + 1:,} (line {stop_line})",
        )
    ]


def test_reading_stops_after_the_most_problems_allowed():
    text = collection_text(["{}"] * (MAX_AREA_PROBLEMS + 500))
    problems = problems_of(text)
    assert len(problems) == MAX_AREA_PROBLEMS
    assert problems[0] == (
        FILE,
        2,
        "properties",
        "area",
        "must be an object with id, place_id, name",
    )
    stop_line = MAX_AREA_PROBLEMS + 1  # the first feature left unchecked
    assert problems[-1] == (
        FILE,
        stop_line,
        "-",
        "limit",
        f"too many problems: the first {MAX_AREA_PROBLEMS - 1:,} are listed; stopped at "
        f"feature {MAX_AREA_PROBLEMS:,} (line {stop_line})",
    )


def test_as_many_problems_as_allowed_need_no_notice():
    problems = problems_of(collection_text(["{}"] * (MAX_AREA_PROBLEMS - 1)))
    assert len(problems) == MAX_AREA_PROBLEMS - 1
    assert {problem[3] for problem in problems} == {"area"}


# 3. JSON that makes the parser recurse or choke is a problem in the report.


def test_deeply_nested_json_is_a_problem_not_a_crash():
    text = '{"type": "FeatureCollection",\n "features": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    ((file, line, column, rule, message),) = problems_of(text)
    assert (file, line, column, rule) == (FILE, 2, "-", "geojson")
    assert message == f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep"


def test_nesting_deeper_than_allowed_but_parseable_is_a_problem():
    depth = MAX_JSON_DEPTH + 5
    geometry = {"type": "LineString", "coordinates": json.loads("[" * depth + "]" * depth)}
    text = collection_text([json.dumps(feature(geometry))])
    assert [(p[1], p[3]) for p in problems_of(text)] == [(2, "geojson")]


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = collection_text([json.dumps(feature(name="[" * 10_000 + '"\\[{'))])
    assert read(text)[1] == []


def test_a_number_too_long_to_read_is_a_problem_not_a_crash():
    text = collection_text(
        [json.dumps(feature()), '{"type": "Feature", "properties": {"from": ' + "9" * 5_000 + "}}"]
    )
    ((file, line, column, rule, message),) = problems_of(text)
    assert (file, line, column, rule) == (FILE, 3, "-", "geojson")
    assert message.startswith("not valid JSON: a number has more than ")


def test_a_deep_areas_file_is_reported_by_the_loader(data_copy):
    (data_copy / FILE).write_text('{"features": ' + "[" * 50_000, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert [(p.file, p.rule) for p in raised.value.problems] == [(FILE, "geojson")]


def test_checking_coordinates_never_recurses_into_deep_lists():
    coordinates: list = [[145.0, 43.0]]
    for _ in range(100_000):  # far deeper than Python could recurse
        coordinates = [coordinates, [146.0, 44.0]]
    area, problems = area_from_feature(
        feature({"type": "MultiLineString", "coordinates": coordinates}), None
    )
    assert area is None
    assert [column for column, _ in problems] == ["geometry"]


# 4. Each geometry type has its own exact nesting: anything else would crash Leaflet.

POLYGON_RULE = (
    "a Polygon's coordinates are a list of rings, each a list of four or more "
    "[longitude, latitude] positions"
)
LINE_RULE = "a LineString's coordinates are a list of two or more [longitude, latitude] positions"
MULTILINE_RULE = (
    "a MultiLineString's coordinates are a list of lines, each a list of two or "
    "more [longitude, latitude] positions"
)
MULTIPOLYGON_RULE = (
    "a MultiPolygon's coordinates are a list of polygons, each a list of "
    "rings, each a list of four or more [longitude, latitude] positions"
)

SHAPES = [
    # (case, geometry type, coordinates, the problem or None)
    ("line", "LineString", [[145, 43], [146, 44]], None),
    ("line with altitudes", "LineString", [[145, 43, 10], [146, 44, -3.5]], None),
    ("line one level too deep", "LineString", [[[145, 43], [146, 44]]], LINE_RULE),
    ("line of one position", "LineString", [[145, 43]], LINE_RULE),
    ("line of a single position's numbers", "LineString", [145, 43], LINE_RULE),
    ("position of one number", "LineString", [[145], [146]], LINE_RULE),
    ("position of four numbers", "LineString", [[145, 43, 1, 2], [146, 44, 1, 2]], LINE_RULE),
    ("position of text", "LineString", [["145", "43"], [146, 44]], LINE_RULE),
    ("position of booleans", "LineString", [[True, False], [146, 44]], LINE_RULE),
    ("latitude out of range", "LineString", [[43, 145], [44, 146]], RANGE_MESSAGE),
    ("longitude out of range", "LineString", [[181, 43], [146, 44]], RANGE_MESSAGE),
    ("infinite altitude", "LineString", [[145, 43, float("inf")], [146, 44]], RANGE_MESSAGE),
    ("not a number", "LineString", [[float("nan"), 43], [146, 44]], RANGE_MESSAGE),
    ("lines", "MultiLineString", [[[145, 43], [146, 44]], [[147, 45], [148, 46]]], None),
    ("lines written as a line", "MultiLineString", [[145, 43], [146, 44]], MULTILINE_RULE),
    ("no lines", "MultiLineString", [], MULTILINE_RULE),
    ("an empty line", "MultiLineString", [[[145, 43], [146, 44]], []], MULTILINE_RULE),
    ("polygon", "Polygon", [SQUARE], None),
    ("polygon with a hole", "Polygon", [SQUARE, SQUARE], None),
    ("polygon missing its ring level", "Polygon", SQUARE, POLYGON_RULE),
    ("polygon ring of three positions", "Polygon", [SQUARE[:3]], POLYGON_RULE),
    ("polygon one level too deep", "Polygon", [[SQUARE]], POLYGON_RULE),
    ("polygon of no rings", "Polygon", [], POLYGON_RULE),
    ("multipolygon", "MultiPolygon", [[SQUARE], [SQUARE, SQUARE]], None),
    ("multipolygon written as a polygon", "MultiPolygon", [SQUARE], MULTIPOLYGON_RULE),
    ("multipolygon with a ring level missing", "MultiPolygon", [SQUARE, SQUARE], MULTIPOLYGON_RULE),
    ("multipolygon out of range", "MultiPolygon", [[[[0, 91]] * 4]], RANGE_MESSAGE),
]


@pytest.mark.parametrize(
    ("geometry_type", "coordinates", "expected"),
    [case[1:] for case in SHAPES],
    ids=[case[0] for case in SHAPES],
)
def test_each_geometry_type_has_its_exact_shape(geometry_type, coordinates, expected):
    geometry = {"type": geometry_type, "coordinates": coordinates}
    area, problems = area_from_feature(feature(geometry), None)
    if expected is None:
        assert problems == []
        assert area.geometry == geometry
    else:
        assert (area, problems) == (None, [("geometry", expected)])


def test_an_area_keeps_only_the_type_and_coordinates_of_its_geometry():
    geometry = {**LINE, "crs": {"deep": [[[[]]]]}, "bbox": [0, 0, 1, 1]}
    area, _ = area_from_feature(feature(geometry), None)
    assert area.geometry == LINE


# 5. Years have the range the CSV year columns have.


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        (
            {"from": 123456789},
            [("from", "'123456789' is out of range: must be from -9999 to 9999")],
        ),
        ({"to": -10000}, [("to", "'-10000' is out of range: must be from -9999 to 9999")]),
        (
            {"from": 5, "to": 10**400},
            [("to", f"'{str(10**400)[:59]}…' is out of range: must be from -9999 to 9999")],
        ),
        ({"from": -9999, "to": 9999}, []),
        ({"from": 1900, "to": 1800}, [("to", "1800 is before the first year, 1900")]),
    ],
)
def test_area_years_are_in_range(properties, expected):
    area, problems = area_from_feature(feature(**properties), None)
    assert problems == expected
    assert (area is None) == bool(expected)


def test_a_feature_holding_nan_keeps_its_line_number():
    text = collection_text(
        [
            json.dumps(feature()),
            '{"type": "Feature", "properties": {"id": '
            '"b", "place_id": "p", "name": "B"}, "geometry": {"type": '
            '"LineString", "coordinates": [[NaN, 43], [146, 44]]}}',
        ]
    )
    assert problems_of(text) == [(FILE, 3, "geometry", "area", RANGE_MESSAGE)]

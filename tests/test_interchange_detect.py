"""Another tool's file recognised by its content, and a hostile one refused in a line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storymap.interchange import MAX_FILE_BYTES, read_story_file
from storymap.interchange.draft import (
    GEOJSON_POINTS,
    STORYMAPJS,
    TIMELINEJS_JSON,
    TIMELINEJS_SHEET,
    UnknownFormatError,
)
from storymap.interchange.write import folder_files

STORYMAPJS_FILE = {"storymap": {"slides": [{"date": "1904", "text": {"headline": "A"}}]}}
TIMELINEJS_FILE = {
    "title": {"text": {"headline": "A timeline"}},
    "events": [{"start_date": {"year": "1904"}, "text": {"headline": "A", "text": "B"}}],
}
GEOJSON_FILE = {"type": "FeatureCollection", "features": []}
SHEET_FILE = "Year,Month,Day,Headline,Text\n1904,2,8,Attack,The fleet is attacked.\n"


def encoded(document: object) -> bytes:
    return json.dumps(document).encode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "format_name"),
    [
        ("story.json", encoded(STORYMAPJS_FILE), STORYMAPJS),
        ("story.txt", encoded(STORYMAPJS_FILE), STORYMAPJS),  # the content, not the name
        ("story.json", b"\xef\xbb\xbf" + encoded(STORYMAPJS_FILE), STORYMAPJS),
        ("story.json", b"\n  " + encoded(STORYMAPJS_FILE), STORYMAPJS),
        ("timeline.json", encoded(TIMELINEJS_FILE), TIMELINEJS_JSON),
        ("timeline.json", encoded({"events": []}), TIMELINEJS_JSON),
        ("points.geojson", encoded(GEOJSON_FILE), GEOJSON_POINTS),
        ("points.json", encoded(GEOJSON_FILE), GEOJSON_POINTS),
        ("sheet.csv", SHEET_FILE.encode(), TIMELINEJS_SHEET),
        ("sheet.csv", b"\xef\xbb\xbf" + SHEET_FILE.encode(), TIMELINEJS_SHEET),
        ("sheet", b" year , HEADLINE ,Text\r\n1904,A,B\r\n", TIMELINEJS_SHEET),
    ],
)
def test_a_file_is_recognised_by_its_content(name, data, format_name):
    draft = read_story_file(name, data)
    assert draft.format == format_name
    assert draft.source_name == name


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a story file; looked for JSON with StoryMapJS's storymap.slides"),
        (b"hello", "not a story file; looked for"),
        (b"id,name,lat,lon\nx,y,1,2\n", "not a story file; looked for"),
        (b'"Year,Headline', "not a story file"),  # a header that never closes its quote
        (encoded({"storymap": {"slides": "no"}}), "the JSON is none of the formats read"),
        (encoded({"type": "Feature"}), "the JSON is none of the formats read"),
        (encoded({"events": {}}), "the JSON is none of the formats read"),
        (encoded([1, 2]), "the JSON is a list, not an object"),
        (b"{", "line 1, column 2: not valid JSON (Expecting property name"),
        (b'{"a": 1,\n}', "line 2, column 1: not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "the JSON is nested too deeply to read"),
        (b'{"a": ' + b"1" * 5000 + b"}", "not valid JSON"),
        (b"\xff\xfe{\x00}\x00", "the file is UTF-16 text; save it as UTF-8"),
        (b"PK\x03\x04\x00\x00", "this is a binary file, not text"),
        (b'{"a": "caf\xe9"}', "line 1: byte 0xe9 is not UTF-8 text; save the file as UTF-8"),
        (b"x" * (MAX_FILE_BYTES + 1), "the file is 20,971,521 bytes; the most read is 20 MB"),
    ],
)
def test_any_other_file_is_refused_with_a_one_line_reason(data, reason):
    with pytest.raises(UnknownFormatError) as refused:
        read_story_file("f", data)
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
slide_fields = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["overview", "slide", 3]) | json_values,
        "date": json_values,
        "location": st.fixed_dictionaries(
            {}, optional=dict.fromkeys(("lat", "lon", "name", "zoom"), json_values)
        )
        | json_values,
        "text": st.fixed_dictionaries({}, optional={"headline": json_values, "text": json_values})
        | json_values,
        "media": st.fixed_dictionaries(
            {}, optional=dict.fromkeys(("url", "credit", "caption", "alt"), json_values)
        )
        | json_values,
    },
)
feature_fields = st.fixed_dictionaries(
    {},
    optional={
        "type": json_values,
        "geometry": st.fixed_dictionaries(
            {"type": st.sampled_from(["Point", "LineString"]) | json_values},
            optional={"coordinates": st.lists(json_values, max_size=3) | json_values},
        )
        | json_values,
        "properties": st.dictionaries(
            st.sampled_from(["name", "Title", "date", "start", "end", "description", "image"]),
            json_values,
        )
        | json_values,
    },
)


@given(st.lists(slide_fields | json_values, max_size=5))
def test_any_storymapjs_shape_is_read_and_written_without_an_error(slides):
    draft = read_story_file("s.json", encoded({"storymap": {"slides": slides}}))
    imported = folder_files(draft)
    assert all(line.startswith("s.json:") for line in imported.lines)


@given(st.lists(feature_fields | json_values, max_size=5), json_values, json_values)
def test_any_geojson_shape_is_read_and_written_without_an_error(features, name, description):
    document = {
        "type": "FeatureCollection",
        "features": features,
        "name": name,
        "description": description,
    }
    draft = read_story_file("p.geojson", encoded(document))
    imported = folder_files(draft)
    assert all(line.startswith("p.geojson:") for line in imported.lines)


def test_lone_surrogates_that_json_can_hold_are_dropped():
    data = (
        b'{"storymap": {"slides": [{"date": "1904", "text": {"headline": "A\\ud800",'
        b' "text": "<cite>\\udc00</cite>"}, "location": {"lat": 1, "lon": 2, "name": "\\udc00"},'
        b' "media": {"url": "https://example.org/\\ud800", "credit": "\\ud800"}}]}}'
    )
    imported = folder_files(read_story_file("s.json", data))
    for content in imported.files.values():
        assert "\ufffd" not in content.decode("utf-8")
    assert imported.files["events.csv"].decode().splitlines()[1].startswith("a-1904,")

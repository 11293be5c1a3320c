"""Downloads: CSV that a spreadsheet shows rather than runs, and GeoJSON by RFC 7946."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from storymap import schema, tables
from storymap.downloads import (
    neutralised,
    spreadsheet_safe_csv,
    story_geojson,
    story_geojson_bytes,
)
from storymap.load import DEFAULT_DATA_FOLDER, load_files
from storymap.storyfiles import PackedFiles
from storymap.upload import files_from_another_tool


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("- a dash that starts a sentence", "'- a dash that starts a sentence"),
        ("Port Arthur", "Port Arthur"),
        ("a = b", "a = b"),
        ("", ""),
        ("-33.5", "-33.5"),  # a number stays a number
        ("+7", "+7"),
        ("-1e5", "-1e5"),
        # Control characters and spaces that a spreadsheet may strip before a formula
        ("\x00=1+1", "'\x00=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\x1f@SUM(A1)", "'\x1f@SUM(A1)"),
        ("\x7f=1", "'\x7f=1"),
        ("\x00", "'\x00"),  # a control character first is neutralised whatever follows
        ("\x0bplain", "'\x0bplain"),
        (" =1+1", "' =1+1"),
        ("\u00a0\u3000+1+1", "'\u00a0\u3000+1+1"),
        (" \x00 -2+3", "' \x00 -2+3"),
        (" Port Arthur", " Port Arthur"),  # spaces before text are kept as they are
        ("Port\x00Arthur", "Port\x00Arthur"),
    ],
)
def test_cells_that_would_run_are_neutralised(cell, shown):
    assert neutralised(cell) == shown


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))  # CRs kept


def test_text_columns_are_neutralised_and_numbers_kept(data_copy):
    places = data_copy / "places.csv"
    with places.open("a", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerow(
            ["formula", "=1+1", "-33.5", "-70.25", "context", "@SUM(A1)", "-2 km north"]
        )
    rows = rows_of(spreadsheet_safe_csv(places.read_bytes(), schema.PLACES))
    original = rows_of(places.read_bytes())
    assert len(rows) == len(original)
    last = rows[-1]
    assert last["name"] == "'=1+1"
    assert last["today"] == "'@SUM(A1)"
    assert last["location_note"] == "'-2 km north"
    assert (last["lat"], last["lon"]) == ("-33.5", "-70.25")
    # every other cell is as it was
    for safe, raw in zip(rows[:-1], original[:-1], strict=True):
        assert safe == raw


def test_a_carriage_return_inside_a_quoted_cell_is_kept_and_neutralised(tmp_path):
    path = tmp_path / "eras.csv"
    path.write_bytes(
        b'id,label,from,to,colour\nx,"\r=1+1",1900,1950,#000000\n'
        b'y,"two\r\nlines",1951,1960,#000000\n'
    )
    rows = rows_of(spreadsheet_safe_csv(path.read_bytes(), schema.ERAS))
    assert rows[0]["label"] == "'\r=1+1"
    assert rows[1]["label"] == "two\r\nlines"


def test_cells_past_the_header_are_neutralised_too(tmp_path):
    path = tmp_path / "eras.csv"
    path.write_text("id,label,from,to,colour\nx,X,1900,1950,#000000,=2*2,@x\n", encoding="utf-8")
    data = spreadsheet_safe_csv(path.read_bytes(), schema.ERAS).decode("utf-8")
    assert data.splitlines()[1] == "x,X,1900,1950,#000000,'=2*2,'@x"


def test_quoted_newlines_and_commas_survive(data_copy):
    events = data_copy / "events.csv"
    rows = rows_of(spreadsheet_safe_csv(events.read_bytes(), schema.EVENTS))
    assert rows == rows_of(events.read_bytes())  # the default story has nothing to neutralise
    assert any("," in row["summary"] for row in rows)


def test_an_unknown_column_counts_as_text(tmp_path):
    path = tmp_path / "eras.csv"
    path.write_text("id,label,from,to,colour,note\nx,X,1900,1950,#000000,=2*2\n", encoding="utf-8")
    rows = rows_of(spreadsheet_safe_csv(path.read_bytes(), schema.ERAS))
    assert rows[0]["note"] == "'=2*2"
    assert rows[0]["from"] == "1900"


def test_geojson_puts_longitude_first_and_carries_the_events(story):
    collection = json.loads(story_geojson_bytes(story))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS 84 only, no crs member
    places = [f for f in collection["features"] if f["properties"]["kind"] == "place"]
    assert len(places) == len(story.places)
    for feature in places:
        place = story.places[feature["properties"]["id"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": [place.lon, place.lat]}
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        events = feature["properties"]["events"]
        assert [e["id"] for e in events] == [e.id for e in story.events_by_place[place.id]]
    kherson = next(f for f in places if f["properties"]["id"] == "kherson")
    # Kherson lies east of Greenwich and north of the equator: (32.6, 46.6), not (46.6, 32.6)
    assert kherson["geometry"]["coordinates"][0] < kherson["geometry"]["coordinates"][1]


def test_geojson_areas_keep_their_geometry(story):
    areas = [f for f in story_geojson(story)["features"] if f["properties"]["kind"] == "area"]
    assert [f["properties"]["id"] for f in areas] == [area.id for area in story.areas]
    for feature, area in zip(areas, story.areas, strict=True):
        assert feature["geometry"] == area.geometry
        assert feature["geometry"]["type"] in schema.AREA_GEOMETRIES


def test_geojson_dates_are_written_as_in_the_data(story):
    written = {
        event["id"]: event["date"]
        for feature in story_geojson(story)["features"]
        for event in feature["properties"].get("events", [])
    }
    with (DEFAULT_DATA_FOLDER / "events.csv").open(encoding="utf-8", newline="") as file:
        in_the_file = {row["id"]: row["date"] for row in csv.DictReader(file)}
    assert written == in_the_file


def test_the_shown_tables_neutralise_text_and_keep_numbers(story):
    # Streamlit's own "Download as CSV" of a table writes its cells as they are shown.
    hostile = dataclasses.replace(
        story,
        places={
            key: dataclasses.replace(place, name="=" + place.name, today="\x00@x")
            for key, place in story.places.items()
        },
        sources={
            key: dataclasses.replace(source, title="+" + source.title)
            for key, source in story.sources.items()
        },
        events=tuple(
            dataclasses.replace(event, summary="-" + event.summary, quote=" =q")
            for event in story.events
        ),
    )
    for frame in (
        tables.sources_table(hostile),
        tables.places_table(hostile),
        tables.events_table(hostile),
        tables.links_table(hostile),
        tables.areas_table(hostile),
    ):
        for column in frame.columns:
            for cell in frame[column]:
                if isinstance(cell, str):  # a safe cell is left as it is
                    assert neutralised(cell) == cell, (column, cell)
    places = tables.places_table(hostile)
    assert set(places["Place"]) == {"'=" + place.name for place in story.places.values()}
    assert set(places["Today"]) == {"'\x00@x"}
    assert list(places["Latitude"]) == [place.lat for place in story.places.values()]
    assert set(tables.sources_table(hostile)["Source"]) == {
        "'+" + source.title for source in story.sources.values()
    }
    events = tables.events_table(hostile)
    assert set(events["Quote"]) == {"' =q"}
    assert all(summary.startswith("'-") for summary in events["Summary"])


def test_an_imported_storys_csv_downloads_and_tables_neutralise_its_formulas():
    # The folder an import writes is data for the loader, kept as it was read (and its zip
    # download too); the CSV downloads and tables of the story it shows are neutralised.
    formula = '=HYPERLINK("http://x","y")'
    slides = [
        {"type": "overview", "text": {"headline": "A story"}},
        {
            "date": "1904",
            "location": {"lat": 38.8, "lon": 121.2, "name": "@Port Arthur"},
            "text": {"headline": formula, "text": "<p>-2+3</p>"},
        },
    ]
    data = json.dumps({"storymap": {"slides": slides}}).encode()
    files = files_from_another_tool("story.json", data)
    packed = PackedFiles.pack(files.label, files.files)  # as a checked upload holds them
    assert rows_of(packed.read("events.csv"))[0]["title"] == formula  # the loader's data
    events = rows_of(spreadsheet_safe_csv(packed.read("events.csv"), schema.EVENTS))
    assert (events[0]["title"], events[0]["summary"]) == ("'" + formula, "'-2+3")
    places = rows_of(spreadsheet_safe_csv(packed.read("places.csv"), schema.PLACES))
    assert (places[0]["name"], places[0]["lat"]) == ("'@Port Arthur", "38.8")
    story = load_files(files)
    assert list(tables.events_table(story)["Event"]) == ["'" + formula]

"""An upload, as files or as a zip, becomes the files of a story held in memory."""

from __future__ import annotations

import io
import json
import tomllib
import zipfile

import pytest

from storymap import upload
from storymap.load import DEFAULT_DATA_FOLDER, load_files, load_story
from storymap.report import DataError
from storymap.storyfiles import STORY_FILENAMES, package_title
from storymap.template import TEMPLATE_TITLE, template_files, template_zip
from storymap.upload import files_from_upload
from tests.conftest import PROJECT_ROOT


def zip_of(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return output.getvalue()


def default_files() -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in DEFAULT_DATA_FOLDER.iterdir()
        if path.name in STORY_FILENAMES
    }


def refusal(uploads) -> str:
    with pytest.raises(DataError) as caught:
        files_from_upload(uploads)
    assert all(problem.rule == "upload" for problem in caught.value.problems)
    return caught.value.report()


def test_the_template_zip_is_a_valid_story_with_every_file():
    files = files_from_upload([("my-story-template.zip", template_zip())])
    story = load_files(files)
    assert set(files.files) == set(STORY_FILENAMES)  # README.txt is not a story file
    assert (
        len(story.places),
        len(story.events),
        len(story.areas),
        len(story.links),
        len(story.eras),
    ) == (2, 3, 1, 1, 1)
    assert package_title(files) == TEMPLATE_TITLE


def test_uploaded_files_load_as_the_same_story_as_the_folder():
    uploads = list(default_files().items())
    assert load_files(files_from_upload(uploads)) == load_story(DEFAULT_DATA_FOLDER)


@pytest.mark.parametrize("prefix", ["", "story/", "Downloads/old/story/"])
def test_a_zip_is_read_at_its_top_or_from_the_folder_holding_places(prefix):
    entries = {prefix + name: data for name, data in default_files().items()}
    entries["__MACOSX/._places.csv"] = b"\x00\x05"  # what macOS's Compress adds
    entries[prefix + "notes.txt"] = b"not part of the story"
    files = files_from_upload([("story.zip", zip_of(entries))])
    assert set(files.files) == set(default_files())
    assert load_files(files) == load_story(DEFAULT_DATA_FOLDER)


def test_the_report_of_an_uploaded_file_names_its_file_line_and_column():
    files = default_files()
    files["places.csv"] = files["places.csv"].replace(b"43.080,-70.739", b"95,-70.739")
    with pytest.raises(DataError) as caught:
        load_files(files_from_upload(list(files.items())))
    assert caught.value.report() == (
        "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    )
    assert caught.value.folder == upload.UPLOAD_LABEL


def test_a_missing_required_file_is_reported_by_name():
    files = default_files()
    del files["events.csv"]
    with pytest.raises(DataError) as caught:
        load_files(files_from_upload(list(files.items())))
    assert caught.value.report() == "events.csv:-: -: the file is missing"


@pytest.mark.parametrize(
    ("uploads", "expected"),
    [
        ([], "your upload:-: -: no files were uploaded"),
        (
            [("places (1).csv", b"id\n")],
            "places (1).csv:-: -: not a file of a story; rename it "
            "places.csv (browsers and file managers add numbers to copies' names)",
        ),
        (
            [("notes.txt", b"x")],
            "notes.txt:-: -: not a file of a story; the files are named "
            "places.csv, sources.csv, events.csv, names.csv, links.csv, eras.csv, "
            "translations.csv, areas.geojson, datapackage.json",
        ),
        (
            [("places.csv", b"a"), ("data/places.csv", b"b")],
            "places.csv:-: -: the file was uploaded twice; upload it once",
        ),
        (
            [("story.zip", b"PK\x03\x04 not really")],
            "story.zip:-: -: the file is not a zip that can be read",
        ),
        (
            [("story.zip", zip_of({"a/readme.txt": b"x"}))],
            "story.zip:-: -: the zip has no places.csv",
        ),
        (
            [("story.zip", zip_of({"places.csv": b"x"})), ("events.csv", b"x")],
            "your upload:-: -: upload either one zip of a data folder or the files themselves",
        ),
    ],
)
def test_an_upload_that_is_not_a_story_is_refused_with_a_reason(uploads, expected):
    assert refusal(uploads).startswith(expected)


def test_too_many_bytes_in_all_are_refused_before_anything_is_read():
    half = b"x" * (upload.MAX_UPLOAD_BYTES // 2 + 1)
    assert refusal([("places.csv", half), ("events.csv", half)]) == (
        "your upload:-: -: the files come to 20.0 MB; at most 20 MB can be uploaded at once"
    )


def test_a_zip_bomb_is_refused_by_its_unzipped_size():
    bomb = zip_of({"places.csv": b"id,name\n" + b"0" * (upload.MAX_UNZIPPED_BYTES + 1)})
    assert len(bomb) < upload.MAX_UPLOAD_BYTES // 100  # small to upload, large unzipped
    assert refusal([("bomb.zip", bomb)]) == (
        "bomb.zip:-: -: the story's files come to 60.0 MB unzipped; at most 60 MB are read"
    )


def test_a_zip_that_understates_its_sizes_is_refused_not_trusted():
    data = bytearray(zip_of({"places.csv": b"0" * 5000}))
    # Declare 10 bytes unzipped, in the local header and in the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.index(signature) + offset
        data[start : start + 4] = (10).to_bytes(4, "little")
    assert refusal([("liar.zip", bytes(data))]).startswith(
        "liar.zip:-: -: places.csv can't be unzipped"
    )


def test_a_zip_of_too_many_files_is_refused():
    entries = {f"junk/{number}.txt": b"" for number in range(upload.MAX_ZIP_ENTRIES + 1)}
    assert refusal([("many.zip", zip_of(entries))]).startswith(
        "many.zip:-: -: the zip holds 1,001 files"
    )


def test_the_server_refuses_what_the_app_refuses():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == upload.MAX_UPLOAD_MB


def test_the_template_files_are_the_zip_contents():
    with zipfile.ZipFile(io.BytesIO(template_zip())) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == {
            f"my-story/{name}": data for name, data in template_files().items()
        }


def test_the_data_zip_of_an_upload_loads_again_as_the_same_story():
    from storymap.downloads import story_zip

    files = files_from_upload(list(default_files().items()))
    again = files_from_upload([("story-data.zip", story_zip(files, "title"))])
    assert again.files == files.files
    assert load_files(again) == load_story(DEFAULT_DATA_FOLDER)


@pytest.mark.parametrize("misnamed", ["places (1).csv", "Events - Copy.CSV", "sources-2.csv"])
def test_a_zip_with_a_copys_name_for_a_story_file_says_which_name_to_give_it(misnamed):
    files = default_files()
    meant = upload.meant_name(misnamed)
    files[misnamed] = files.pop(meant)
    entries = {f"story/{name}": data for name, data in files.items()}
    assert refusal([("story.zip", zip_of(entries))]) == (
        f"story.zip:-: -: {misnamed} is not a file of a story; rename it {meant} "
        "(browsers and file managers add numbers to copies' names)"
    )


SHEET = (
    b"Year,Month,Day,Headline,Text,Place,Latitude,Longitude\n"
    b"1904,2,8,Attack,<p>The fleet is attacked.</p>,Port Arthur,38.812,121.243\n"
)


@pytest.mark.parametrize("name", ["my timeline.csv", "Downloads/sheet (2).CSV", "t.json.csv"])
def test_a_lone_file_of_another_tool_becomes_a_story_folders_files(name):
    files = files_from_upload([(name, SHEET)])
    assert {"places.csv", "events.csv", "sources.csv", "datapackage.json"} <= set(files.files)
    assert files.conversion is not None
    base = name.rsplit("/", 1)[-1]
    assert files.conversion.summary == (
        f"{base}: TimelineJS (sheet as CSV): 1 places, 1 events, 1 sources, 0 media"
    )
    assert files.conversion.lines == ()
    assert [event.title for event in load_files(files).events] == ["Attack"]


def test_a_story_files_own_name_is_never_read_as_another_tools():
    # A sheet named events.csv is the story's events file, checked as one.
    with pytest.raises(DataError) as raised:
        load_files(files_from_upload([("events.csv", SHEET)]))
    assert "places.csv" in raised.value.report()


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (
            ("notes.json", b'{"hello": "world"}'),
            "notes.json:-: -: not a file of a story; the files are named places.csv, "
            "sources.csv, events.csv, names.csv, links.csv, eras.csv, translations.csv, "
            "areas.geojson, datapackage.json, introduction.txt; nor is it a StoryMapJS, "
            "TimelineJS or "
            "GeoJSON file: the JSON is none of the formats read; looked for JSON with "
            "StoryMapJS's storymap.slides",
        ),
        (
            ("events (1).csv", b"id,place_id\n"),
            "events (1).csv:-: -: not a file of a story; rename it events.csv",
        ),
        (("big.geojson", b"[" * 100_000), "big.geojson:-: -: not a file of a story"),
    ],
)
def test_a_lone_file_of_no_known_format_says_what_was_looked_for(upload, expected):
    assert refusal([upload]).startswith(expected)


def test_a_lone_file_with_no_event_is_refused_with_the_reasons():
    slides = [{"date": "Aug 23", "location": {"lat": 1, "lon": 2}, "text": {"headline": "A"}}]
    data = json.dumps({"storymap": {"slides": slides}}).encode()
    with pytest.raises(DataError) as caught:
        files_from_upload([("undated.json", data)])
    assert caught.value.report().splitlines() == [
        "undated.json:-: events: no event could be carried over (the file has none with "
        "a date the data format holds: a year from 1 to 9999); a story needs at least one "
        "dated event",
        "undated.json:1: date: the slide's event is left out (no year in 'Aug 23'): an event "
        "needs a date with a year; its place is kept",
    ]


def test_a_report_of_a_million_lines_is_kept_to_its_first_ones():
    dated = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [2, 1]},
        "properties": {"name": "A", "date": "1900", "description": "Text."},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [dated, *[0] * 100_000]})
    files = files_from_upload([("points.geojson", data.encode())])
    assert files.conversion is not None
    lines = files.conversion.lines
    assert len(lines) == upload.MAX_SHOWN_LINES + 1
    assert lines[-1] == (
        f"points.geojson:-: -: and {100_000 - upload.MAX_SHOWN_LINES:,} more things not "
        "carried over, not listed; fix the ones above first"
    )

"""``python -m storymap import SOURCE OUTDIR``: what it writes, prints and exits with."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storymap.__main__ import main
from storymap.interchange import MAX_FILE_BYTES
from storymap.load import load_story
from storymap.template import template_files
from tests.conftest import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "interchange"
COMPLETE_STORY = {
    "storymap": {
        "slides": [
            {"type": "overview", "text": {"headline": "Two harbours", "text": "<p>Hello.</p>"}},
            {
                "date": "1904-02-08",
                "location": {"lat": 38.812, "lon": 121.243, "name": "Port Arthur"},
                "text": {"headline": "The attack", "text": "<p>Torpedo boats attack.</p>"},
            },
            {
                "date": "c. 1905",
                "location": {"lat": 43.07, "lon": -70.76, "name": "Portsmouth"},
                "text": {"headline": "The treaty", "text": "<p>Peace is signed.</p>"},
            },
        ]
    }
}


@pytest.fixture
def complete_file(tmp_path):
    path = tmp_path / "two-harbours.json"
    path.write_text(json.dumps(COMPLETE_STORY), encoding="utf-8")
    return path


def test_a_complete_import_exits_0(complete_file, tmp_path, capsys):
    target = tmp_path / "new" / "story"
    assert main(["import", str(complete_file), str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{complete_file}: StoryMapJS: 2 places, 2 events, 1 sources, 0 media -> {target}"
    ]
    story = load_story(target)
    assert [event.id for event in story.events] == ["the-attack-1904", "the-treaty-1905"]
    assert sorted(path.name for path in target.iterdir()) == [
        "datapackage.json",
        "events.csv",
        "introduction.txt",
        "places.csv",
        "sources.csv",
    ]
    assert json.loads((target / "datapackage.json").read_text("utf-8"))["title"] == "Two harbours"


def test_an_import_that_left_something_out_exits_1_with_a_line_for_each(tmp_path, capsys):
    source = FIXTURES / "points.geojson"
    assert main(["import", str(source), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{source}: GeoJSON points: 5 places, 3 events, 1 sources, 0 media -> {tmp_path / 'out'}",
        f"{source}:3: geometry: the feature has a LineString, not a point; it is left out",
        f"{source}:4: place: the place at 43.20° N, 141.01° E has no name; it is named "
        "'near Otaru'",
    ]
    assert len(load_story(tmp_path / "out").places) == 5  # written, and valid


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("storymapjs-basic.json", 0),
        ("storymapjs-messy.json", 1),
    ],
)
def test_the_storymapjs_fixtures_are_written_and_load(name, code, tmp_path, capsys):
    assert main(["import", str(FIXTURES / name), str(tmp_path / "out")]) == code
    assert " -> " in capsys.readouterr().out.splitlines()[0]
    load_story(tmp_path / "out")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"hello": "world"}', "the JSON is none of the formats read; looked for JSON with"),
        (b"id,name\n1,2\n", "not a story file; looked for JSON with"),
        (b"\x00\x01binary", "this is a binary file, not text"),
    ],
)
def test_a_file_of_no_format_exits_2_and_writes_nothing(data, message, tmp_path, capsys):
    source = tmp_path / "file.json"
    source.write_bytes(data)
    assert main(["import", str(source), str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{source}: {message}")
    assert len(captured.err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["import", str(tmp_path / "none.json"), str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'none.json'}: the file can't be read (No such file or directory)\n"
    )


def test_a_non_empty_folder_that_is_not_a_story_folder_is_refused(complete_file, tmp_path, capsys):
    target = tmp_path / "notes"
    target.mkdir()
    (target / "todo.txt").write_text("keep me", encoding="utf-8")
    assert main(["import", str(complete_file), str(target)]) == 2
    assert capsys.readouterr().err == (
        f"{target}: the folder is not empty (todo.txt) and holds no story that loads; "
        "choose a new or empty folder, or a story folder to replace; nothing written\n"
    )
    assert [path.name for path in target.iterdir()] == ["todo.txt"]


def test_a_file_as_the_target_is_refused(complete_file, tmp_path, capsys):
    assert main(["import", str(complete_file), str(complete_file)]) == 2
    assert "it is a file, not a folder; nothing written" in capsys.readouterr().err


def test_a_story_folder_is_replaced_whole(complete_file, tmp_path, capsys):
    target = tmp_path / "story"
    target.mkdir()
    for name, data in template_files().items():  # a story with links, names and areas
        (target / name).write_bytes(data)
    assert main(["import", str(complete_file), str(target)]) == 0
    assert sorted(path.name for path in target.iterdir()) == [
        "README.txt",  # not a story file: left alone
        "datapackage.json",
        "events.csv",
        "introduction.txt",
        "places.csv",
        "sources.csv",
    ]
    assert (target / "README.txt").read_bytes() == template_files()["README.txt"]
    load_story(target)


def test_a_folder_with_files_of_a_storys_names_that_do_not_load_is_left_alone(
    complete_file, tmp_path, capsys
):
    target = tmp_path / "accounts"
    target.mkdir()
    mine = {"events.csv": "date,amount\n2024-01-01,12\n", "links.csv": "a,b\n"}
    for name, text in mine.items():
        (target / name).write_text(text, encoding="utf-8")
    assert main(["import", str(complete_file), str(target)]) == 2
    assert "holds no story that loads" in capsys.readouterr().err
    assert {path.name: path.read_text("utf-8") for path in target.iterdir()} == mine


def test_nothing_is_written_through_a_symbolic_link(complete_file, tmp_path, capsys):
    story = tmp_path / "story"
    assert main(["import", str(complete_file), str(story)]) == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (story / "sources.csv").unlink()
    (story / "sources.csv").symlink_to(victim)
    assert main(["import", str(complete_file), str(story)]) == 2
    assert "sources.csv is a symbolic link" in capsys.readouterr().err
    assert victim.read_text("utf-8") == "keep me"
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    assert main(["import", str(complete_file), str(tmp_path / "link")]) == 2
    assert "it is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_a_device_is_not_read_as_a_file(tmp_path, capsys):
    assert main(["import", "/dev/zero", str(tmp_path / "out")]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_is_written_into(complete_file, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    assert main(["import", str(complete_file), str(target)]) == 0
    load_story(target)


def test_a_file_with_no_event_to_carry_over_writes_nothing_and_says_why(tmp_path, capsys):
    source = tmp_path / "undated.json"
    slides = [{"date": "Aug 23", "location": {"lat": 1, "lon": 2}, "text": {"headline": "A"}}]
    source.write_text(json.dumps({"storymap": {"slides": slides}}), encoding="utf-8")
    assert main(["import", str(source), str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{source}:-: events: no event could be carried over (the file has none with "
        "a date the data format holds: a year from 1 to 9999); a story needs at least one "
        "dated event",
        f"{source}:1: date: the slide's event is left out (no year in 'Aug 23'): an event "
        "needs a date with a year; its place is kept",
    ]
    assert captured.err == f"{source}: no event could be carried over; nothing written\n"
    assert not (tmp_path / "out").exists()


def test_the_command_line_runs_as_a_module(complete_file, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "storymap", "import", str(complete_file), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{complete_file}: StoryMapJS: 2 places, 2 events")


def test_a_file_over_the_limit_is_refused_after_reading_no_more_than_it(tmp_path, capsys):
    source = tmp_path / "huge.json"
    with source.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk is used
    assert main(["import", str(source), str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (f"{source}: the file is over 20 MB, the most read\n")

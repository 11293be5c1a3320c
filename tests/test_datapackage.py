"""data/datapackage.json: the data format as a Frictionless Data Package, from the schema."""

from __future__ import annotations

import json

import pytest
from frictionless import Package

from storymap.__main__ import main
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.report import DataError
from storymap.schema import TABLES, data_package
from tests.conftest import replace_in_file

COMMITTED = DEFAULT_DATA_FOLDER / "datapackage.json"
ARTICLE_TITLE = "Russia and Japan have fought before"


def test_the_committed_package_is_written_from_the_schema():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == data_package(ARTICLE_TITLE), "run: python -m storymap datapackage data"
    assert [resource["path"] for resource in committed["resources"]] == [
        table.filename for table in TABLES
    ]


def test_the_command_writes_it_into_the_folder_keeping_the_storys_title(data_copy, capsys):
    # Out of date but for its title, which the new one keeps.
    (data_copy / "datapackage.json").write_text('{"title": "Kept"}', encoding="utf-8")
    assert main(["datapackage", str(data_copy)]) == 0
    written = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert written == data_package("Kept")
    assert "titled “Kept”" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "title"),
    [
        (["--title", "A new title"], "A new title"),
        ([], "my-folder"),  # no package yet: the folder's name, as the app would call it
    ],
)
def test_the_command_takes_a_title_or_falls_back_to_the_folders_name(tmp_path, arguments, title):
    folder = tmp_path / "my-folder"
    folder.mkdir()
    assert main(["datapackage", *arguments, str(folder)]) == 0
    written = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert written == data_package(title)


def test_the_command_writes_nothing_where_there_is_no_folder(tmp_path, capsys):
    assert main(["datapackage", str(tmp_path / "missing")]) == 1
    assert "not a folder; nothing written" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_frictionless_finds_the_default_story_valid_as_the_loader_does():
    assert Package(str(COMMITTED)).validate().valid
    load_story(DEFAULT_DATA_FOLDER)  # raises if the loader disagrees


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        ("places.csv", "43.080,-70.739", "95,-70.739", "lat"),
        (
            "events.csv",
            "tokyo-flag-ceremony-2019,tokyo,",
            "tokyo-flag-ceremony-2019,edo,",
            "place_id",
        ),
        ("sources.csv", "wp-battle-of-mukden,reference", "wp-battle-of-mukden,book", "kind"),
        ("eras.csv", "#0072B2", "blue", "colour"),
    ],
)
def test_frictionless_and_the_loader_refuse_the_same_cell(data_copy, file, old, new, column):
    replace_in_file(data_copy / file, old, new)
    report = Package(str(data_copy / "datapackage.json")).validate()
    found = {
        (task.name, error.field_name)
        for task in report.tasks
        for error in task.errors
        if hasattr(error, "field_name")
    }
    found |= {
        (task.name, column)
        for task in report.tasks
        for error in task.errors
        if error.type == "foreign-key" and f'"{column}"' in error.note
    }
    assert (file.removesuffix(".csv"), column) in found
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert [(p.file, p.column) for p in raised.value.problems] == [(file, column)]

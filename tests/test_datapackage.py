"""data/datapackage.json: the data format as a Frictionless Data Package, from the schema."""

from __future__ import annotations

import json

import pytest
from frictionless import Package

from storymap.__main__ import DEFAULT_PACKAGE_TITLE, main
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.report import DataError
from storymap.schema import TABLES, data_package
from tests.conftest import replace_in_file

COMMITTED = DEFAULT_DATA_FOLDER / "datapackage.json"


def test_the_committed_package_is_written_from_the_schema():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == data_package(DEFAULT_PACKAGE_TITLE), (
        "run: python -m storymap datapackage > data/datapackage.json"
    )
    assert [resource["path"] for resource in committed["resources"]] == [
        table.filename for table in TABLES
    ]


def test_the_command_prints_it(capsys):
    assert main(["datapackage"]) == 0
    assert json.loads(capsys.readouterr().out) == data_package(DEFAULT_PACKAGE_TITLE)


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

"""Shared fixtures: the default story, and copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.model import Story

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FEATURED_PLACES = {
    "port-arthur": "Port Arthur",
    "portsmouth": "Portsmouth",
    "kherson": "Kherson",
    "kuril-islands": "Kuril Islands",
}


@pytest.fixture(scope="session")
def story() -> Story:
    return load_story(DEFAULT_DATA_FOLDER)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the default data folder that a test may change."""
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_FOLDER, folder)
    return folder


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

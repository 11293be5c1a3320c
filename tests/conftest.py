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


class _MarkingCatalog:
    """A catalog that wraps every message in «», to show what went through ``_``."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return f"«{singular if count == 1 else plural}»"


@pytest.fixture
def fake_catalog(monkeypatch):
    """Every language but English speaks through a catalog that marks each message."""
    import gettext

    from storymap import i18n

    def translations(code: str):
        return gettext.NullTranslations() if code == "en" else _MarkingCatalog()

    monkeypatch.setattr(i18n, "translations", translations)

"""Shared fixtures: the default story, copies of it to break, and a catalog that shows
which words went through it."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest

from storymap import i18n
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.model import Story
from storymap.story_cache import CACHE_ENVIRONMENT_VARIABLE
from storymap.ui import index_page

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FEATURED_PLACES = {
    "port-arthur": "Port Arthur",
    "portsmouth": "Portsmouth",
    "kherson": "Kherson",
    "kuril-islands": "Kuril Islands",
}


@pytest.fixture(scope="session", autouse=True)
def story_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the stories the tests check are kept between servers (storymap.story_cache):
    a folder of the run's own, never the user's cache; the servers the browser tests
    start inherit it."""
    folder = tmp_path_factory.mktemp("story-cache")
    os.environ[CACHE_ENVIRONMENT_VARIABLE] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def no_map_data_recorded(monkeypatch) -> None:
    """Each test starts with no map page's places recorded for the served pages
    (storymap.ui.index_page): the app's runs in earlier tests record them."""
    monkeypatch.setattr(index_page, "_map_data", {})


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


class MarkedTranslations(gettext.NullTranslations):
    """A catalog that gives every message back «marked»: words that reach the page
    marked went through ``_`` or ``ngettext``."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"«{msgid1 if n == 1 else msgid2}»"

    def pgettext(self, context: str, message: str) -> str:
        return f"«{message}»"


@pytest.fixture
def marked_catalog(monkeypatch) -> None:
    """Every language but English speaks from MarkedTranslations; English stays as it is."""

    def translations(code: str) -> gettext.NullTranslations:
        return gettext.NullTranslations() if code == i18n.SOURCE_LANGUAGE else MarkedTranslations()

    monkeypatch.setattr(i18n, "translations", translations)

"""The story a session is shown: the configured folder's, loaded once per server and
shared, or the session's own upload; on bad data, the report."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from stat import S_ISREG

import streamlit as st

from storymap.assets import STATIC_FOLDER, STATIC_URL
from storymap.i18n import _, current_language, ngettext, speaking
from storymap.load import data_folder_from_environment, load_story
from storymap.loaded_story import LoadedStory, in_language
from storymap.map_features import publish_story_data
from storymap.number_text import number_text
from storymap.report import DataError
from storymap.served_story import folder_story
from storymap.story_cache import cache_folder_from_environment
from storymap.storyfiles import FolderFiles, folder_title, translated_title
from storymap.ui.own_story import (
    own_uploaded_story,
    say_if_own_story_was_let_go,
    uploaded_story_banner,
)


# The spinner is the caller's: a cache's own says the same words in every language.
@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_story(folder: str, fingerprint: tuple) -> LoadedStory | DataError:
    # Shared by every session and never copied: the records are frozen. A DataError
    # is returned, not raised, so that a broken folder is checked once, not per rerun.
    # A story checked before the server started comes from the disk cache.
    cache_folder = cache_folder_from_environment()
    return folder_story(Path(folder), STATIC_FOLDER, STATIC_URL, cache_folder)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_report(folder: str, fingerprint: tuple, language: str) -> DataError | None:
    # The report of the shared load above is in the language of the reader who came
    # first: each language's readers get their own, checked once for each.
    with speaking(language):
        try:
            load_story(Path(folder))
        except DataError as error:
            return error
    return None


def story_title() -> str:
    """The title of the story this session is shown: its upload's, or the folder's; in
    the interface's language where the story's translations.csv gives it one.

    Read from the folder's datapackage.json (and translations.csv) alone, without
    loading the story: app.py asks for it before any page's error boundary, and a
    folder whose story can't be shown is still named by it.
    """
    language = current_language()
    uploaded = own_uploaded_story()
    if uploaded is not None:  # its copy in the language is made once, and kept
        return in_language(uploaded, language).title
    folder = data_folder_from_environment()
    return _cached_folder_title(str(folder), _fingerprint(folder), language)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_folder_title(folder: str, fingerprint: tuple, language: str) -> str:
    path = Path(folder)
    return translated_title(FolderFiles(path), language) or folder_title(path)


def current_story() -> LoadedStory:
    """This session's uploaded story, if any, else the configured folder's; in the
    interface's language where the story has a translation (storymap.translations).

    On bad data, shows the report and stops the page.
    """
    uploaded = own_uploaded_story()
    if uploaded is not None:
        uploaded = in_language(uploaded, current_language())
        uploaded_story_banner(uploaded)
        return uploaded
    say_if_own_story_was_let_go()
    folder = data_folder_from_environment()
    fingerprint = _fingerprint(folder)
    key = (str(folder), fingerprint)
    if key in _CHECKED:  # in the cache: no spinner, whose element would move the page
        result = _cached_story(*key)
    else:
        with st.spinner(_("Loading the story…")):  # shown only if it takes a while
            result = _cached_story(*key)
        _CHECKED.add(key)
    if isinstance(result, DataError):
        show_data_error(_cached_report(str(folder), fingerprint, current_language()) or result)
        st.stop()
    return in_language(result, current_language(), _publish_map_data)


# The folders (by path and fingerprint) this process has checked once already.
_CHECKED: set[tuple[str, tuple]] = set()

# A folder's story in another language has its own map data, served as its own is.
_publish_map_data = partial(publish_story_data, static_folder=STATIC_FOLDER, static_url=STATIC_URL)


def show_data_error(error: DataError) -> None:
    st.error(
        ngettext(
            "The story's data in `{folder}` can't be shown: {count} problem. Fix it "
            "and reload the page; `python -m storymap validate FOLDER` prints the same list.",
            "The story's data in `{folder}` can't be shown: {count} problems. Fix them "
            "and reload the page; `python -m storymap validate FOLDER` prints the same list.",
            error.total,
        ).format(folder=error.folder, count=number_text(error.total)),
        icon=":material/error:",
    )
    st.code(error.report(), language=None, wrap_lines=True)


# How long a folder's fingerprint is trusted before it is read again: every run asks for
# it, and reading a folder is a dozen system calls, a tenth of a click's work at a few
# hundred readers. An edited story shows at the latest this long after the edit.
FINGERPRINT_SECONDS = 1.0
_fingerprints: dict[Path, tuple[float, tuple]] = {}


def _fingerprint(folder: Path) -> tuple:
    """Changes when any file of the folder changes, so an edited story is reloaded."""
    now = time.monotonic()
    read = _fingerprints.get(folder)
    if read is not None and now - read[0] < FINGERPRINT_SECONDS:
        return read[1]
    fingerprint = _read_fingerprint(folder)
    _fingerprints[folder] = (now, fingerprint)
    return fingerprint


def _read_fingerprint(folder: Path) -> tuple:
    try:
        stats = ((entry.name, entry.stat()) for entry in sorted(folder.iterdir()))
        return tuple(
            (name, stat.st_mtime_ns, stat.st_size) for name, stat in stats if S_ISREG(stat.st_mode)
        )
    except OSError:  # missing or unreadable: the loader says which, and how to fix it
        return ()

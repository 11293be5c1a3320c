"""The disk cache of checked stories (storymap.story_cache) and the served folder's story
read through it (storymap.served_story)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from storymap import story_cache
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.loaded_story import LoadedStory, loaded_story
from storymap.map_features import publish_story_data
from storymap.report import DataError
from storymap.served_story import folder_story
from storymap.story_cache import (
    CACHE_ENVIRONMENT_VARIABLE,
    KeptStory,
    cache_folder_from_environment,
    entry_path,
    read_story,
    story_key,
    write_story,
)
from storymap.storyfiles import STORY_FILENAMES, FolderFiles, folder_title
from storymap.synth import write_synthetic_story
from tests.conftest import replace_in_file

WAIT_S = 60  # for a thread writing an entry; it takes well under a second


@pytest.fixture(autouse=True)
def written_at_once(monkeypatch) -> None:
    """A story is written as soon as it is checked, not WRITE_AFTER_S later."""
    monkeypatch.setattr(story_cache, "WRITE_AFTER_S", 0.0)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    folder = tmp_path / "synthetic"
    write_synthetic_story(folder, 3_000, 2, seed=3)  # events in three parts and more
    return folder


def kept(folder: Path, static: Path) -> KeptStory:
    story = load_story(folder)
    url = publish_story_data(story, static, "/static")
    return KeptStory(story, url.rsplit("/", 1)[-1])


def fresh(folder: Path, static: Path) -> LoadedStory:
    """The story as it was made before there was a cache."""
    story = load_story(folder)
    url = publish_story_data(story, static, "/static")
    return loaded_story(story, FolderFiles(folder), folder_title(folder), url)


def served(folder: Path, static: Path, cache: Path) -> LoadedStory | DataError:
    result = folder_story(folder, static, "/static", cache)
    assert story_cache.wait_for_writers(WAIT_S)
    return result


@pytest.mark.parametrize("name", ["default", "synthetic"])
def test_a_kept_story_reads_back_equal_to_a_fresh_check(
    name, data_copy, synthetic, cache, tmp_path
):
    folder = data_copy if name == "default" else synthetic
    written = kept(folder, tmp_path / "static")
    key = story_key(folder)
    assert key is not None
    assert write_story(cache, folder, key, written)
    assert read_story(cache, folder, key) == written


@pytest.mark.parametrize("name", ["default", "synthetic"])
def test_a_restarted_server_is_shown_the_story_a_fresh_check_makes(
    name, data_copy, synthetic, cache, tmp_path, monkeypatch
):
    folder = data_copy if name == "default" else synthetic
    static = tmp_path / "static"
    first = served(folder, static, cache)
    assert entry_path(cache, folder).is_file()

    def not_checked_again(*args, **kwargs):
        raise AssertionError("the kept story was not read back")

    monkeypatch.setattr("storymap.served_story.load_story", not_checked_again)
    again = served(folder, static, cache)
    assert again == first == fresh(folder, static)


def test_the_map_data_is_written_again_for_a_new_static_folder(data_copy, cache, tmp_path):
    first = served(data_copy, tmp_path / "static", cache)
    again = served(data_copy, tmp_path / "new-static", cache)
    assert isinstance(first, LoadedStory) and isinstance(again, LoadedStory)
    assert again.data_url == first.data_url
    name = again.data_url.rsplit("/", 1)[-1]
    assert (tmp_path / "new-static" / "stories" / name).is_file()


def test_the_key_stays_while_the_files_do_even_when_touched(data_copy):
    key = story_key(data_copy)
    for path in data_copy.iterdir():
        os.utime(path, (1, 1))
    assert key is not None and story_key(data_copy) == key


@pytest.mark.parametrize("name", sorted(os.listdir(DEFAULT_DATA_FOLDER)))
def test_the_key_changes_when_any_files_bytes_change(name, data_copy):
    before = story_key(data_copy)
    path = data_copy / name
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit, same size
    assert story_key(data_copy) != before


@pytest.mark.parametrize("name", sorted(os.listdir(DEFAULT_DATA_FOLDER)))
def test_the_key_changes_when_a_file_is_removed(name, data_copy):
    before = story_key(data_copy)
    (data_copy / name).unlink()
    assert story_key(data_copy) != before


def test_the_key_changes_when_a_story_file_is_added(synthetic):
    before = story_key(synthetic)
    assert not (synthetic / "links.csv").exists()
    (synthetic / "links.csv").write_text("from_event,to_event,type,label\n", encoding="utf-8")
    assert story_key(synthetic) != before


def test_the_default_story_has_every_file_a_story_may_have():
    # So that the tests above, one for each of its files, cover every file read.
    assert set(os.listdir(DEFAULT_DATA_FOLDER)) == set(STORY_FILENAMES)


def test_the_key_is_of_the_files_not_of_where_they_are(data_copy):
    moved = data_copy.parent / "moved"
    shutil.copytree(data_copy, moved)
    assert story_key(moved) == story_key(data_copy)


def test_other_code_makes_another_key(data_copy, monkeypatch):
    before = story_key(data_copy)
    monkeypatch.setattr(story_cache, "code_version", lambda: b"another version")
    assert story_key(data_copy) != before


def test_a_file_past_the_loaders_limit_is_not_hashed_and_its_story_not_kept(data_copy, cache):
    areas = data_copy / "areas.geojson"
    with areas.open("r+b") as file:  # sparse: its size alone is past the limit
        file.truncate(story_cache.MAX_AREAS_BYTES + 1)
    assert story_key(data_copy) is None
    result = served(data_copy, data_copy.parent / "static", cache)
    assert isinstance(result, DataError)
    assert not cache.exists()


def test_a_named_pipe_for_a_file_is_read_as_the_loader_reads_it(data_copy):
    (data_copy / "links.csv").unlink()
    without = story_key(data_copy)
    os.mkfifo(data_copy / "links.csv")  # must not hang the key
    with_pipe = story_key(data_copy)
    assert with_pipe is not None and with_pipe != without


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:100] + b"\x00" * 64 + data[164:],
        lambda data: b"not an entry at all",
    ],
)
def test_a_damaged_entry_is_passed_over_then_written_anew(damage, synthetic, cache, tmp_path):
    static = tmp_path / "static"
    first = served(synthetic, static, cache)
    entry = entry_path(cache, synthetic)
    entry.write_bytes(damage(entry.read_bytes()))
    assert read_story(cache, synthetic, story_key(synthetic) or "") is None
    assert served(synthetic, static, cache) == first  # no error: checked again
    assert read_story(cache, synthetic, story_key(synthetic) or "") is not None


def test_an_entry_for_other_files_is_not_read(data_copy, cache, tmp_path):
    served(data_copy, tmp_path / "static", cache)
    old_key = story_key(data_copy)
    replace_in_file(data_copy / "places.csv", "kherson,Kherson,", "kherson,Kherson City,")
    assert read_story(cache, data_copy, story_key(data_copy) or "") is None
    shown = served(data_copy, tmp_path / "static", cache)
    assert isinstance(shown, LoadedStory) and shown.story.places["kherson"].name == "Kherson City"
    assert read_story(cache, data_copy, old_key or "") is None  # replaced: one entry a folder


def test_a_story_with_problems_is_not_kept(data_copy, cache, tmp_path):
    replace_in_file(data_copy / "events.csv", "1904-02-08", "1904-02-30")
    assert isinstance(served(data_copy, tmp_path / "static", cache), DataError)
    assert not entry_path(cache, data_copy).exists()


def test_the_cache_folder_and_its_entries_are_the_app_users_alone(data_copy, cache, tmp_path):
    served(data_copy, tmp_path / "static", cache)
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0
    entry = entry_path(cache, data_copy)
    assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0
    assert [path.name for path in cache.iterdir()] == [entry.name]  # no partial file left


def test_a_cache_folder_others_may_write_to_is_not_used(data_copy, cache, tmp_path):
    written = kept(data_copy, tmp_path / "static")
    key = story_key(data_copy) or ""
    assert write_story(cache, data_copy, key, written)
    cache.chmod(0o777)
    assert read_story(cache, data_copy, key) is None
    assert not write_story(cache, data_copy, key, written)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o777  # left as it is


def test_an_entry_others_may_write_to_or_a_link_is_not_read(data_copy, cache, tmp_path):
    written = kept(data_copy, tmp_path / "static")
    key = story_key(data_copy) or ""
    assert write_story(cache, data_copy, key, written)
    entry = entry_path(cache, data_copy)
    entry.chmod(0o666)
    assert read_story(cache, data_copy, key) is None
    entry.chmod(0o600)
    moved = tmp_path / "elsewhere.story"
    entry.rename(moved)
    entry.symlink_to(moved)
    assert read_story(cache, data_copy, key) is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({CACHE_ENVIRONMENT_VARIABLE: "/srv/cache"}, Path("/srv/cache")),
        ({CACHE_ENVIRONMENT_VARIABLE: "~/stories"}, Path.home() / "stories"),
        ({"XDG_CACHE_HOME": "/var/cache/me"}, Path("/var/cache/me/storymap")),
        ({}, Path.home() / ".cache" / "storymap"),
        ({CACHE_ENVIRONMENT_VARIABLE: ""}, Path.home() / ".cache" / "storymap"),
    ],
)
def test_the_cache_folder_comes_from_the_environment(environ, expected):
    assert cache_folder_from_environment(environ) == expected


def test_no_cache_folder_keeps_nothing(data_copy, tmp_path):
    result = served(data_copy, tmp_path / "static", None)
    assert isinstance(result, LoadedStory) and result == fresh(data_copy, tmp_path / "static")


def test_a_story_edited_while_it_was_checked_is_not_kept(data_copy, cache, tmp_path, monkeypatch):
    real_load = load_story

    def load_then_edit(folder):
        story = real_load(folder)
        replace_in_file(data_copy / "places.csv", "kherson,Kherson,", "kherson,Kherson City,")
        return story

    monkeypatch.setattr("storymap.served_story.load_story", load_then_edit)
    served(data_copy, tmp_path / "static", cache)
    assert not entry_path(cache, data_copy).exists()


def test_a_story_is_written_only_once_its_first_reader_has_had_the_time(data_copy, cache):
    written = kept(data_copy, data_copy.parent / "static")
    key = story_key(data_copy) or ""
    story_cache.keep_in_background(cache, data_copy, key, written, after=3600)
    waiting = list(story_cache._writers)
    assert waiting and not entry_path(cache, data_copy).exists()
    for timer in waiting:  # (a test's own: the hour is not waited for)
        timer.cancel()
    assert story_cache.wait_for_writers(WAIT_S)


@pytest.mark.parametrize("where", [".", "cache", "cache/deeper"])
def test_a_cache_folder_within_the_data_folder_is_not_used(where, data_copy, tmp_path):
    cache = (data_copy / where).resolve()
    result = served(data_copy, tmp_path / "static", cache)
    assert isinstance(result, LoadedStory)
    assert not cache.exists() or not list(cache.glob("*.story"))
    assert story_cache.is_within(cache, data_copy)
    assert not story_cache.is_within(tmp_path / "cache", data_copy)


def test_a_folder_past_the_kept_size_is_not_hashed(data_copy, monkeypatch):
    sizes = sorted(path.stat().st_size for path in data_copy.iterdir())
    monkeypatch.setattr(story_cache, "MAX_KEPT_FOLDER_BYTES", sum(sizes) - 1)
    assert story_key(data_copy) is None  # the files together are past it
    monkeypatch.setattr(story_cache, "MAX_KEPT_FOLDER_BYTES", sum(sizes))
    assert story_key(data_copy) is not None
    events = data_copy / "events.csv"
    with events.open("r+b") as file:  # sparse: read, it would take a minute
        file.truncate(2**36)
    assert story_key(data_copy) is None


def test_stop_writers_calls_off_a_writing_not_yet_begun(tmp_path, cache):
    folder = tmp_path / "story"
    write_synthetic_story(folder, 3, 1, seed=1)
    key = story_cache.story_key(folder)
    assert key is not None
    story_cache.keep_in_background(cache, folder, key, kept(folder, tmp_path / "static"), 60)
    assert story_cache.stop_writers(WAIT_S)
    assert not story_cache._writers
    assert not list(cache.glob("*"))

"""The map's rendered parts (storymap.map_parts), kept with the story on the disk, so that a
restarted server's first page has its map without rendering it, or importing folium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storymap import folium_map, story_cache
from storymap.assets import assets_from_environment
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_features import publish_story_data
from storymap.map_parts import BASE_MAPS, LAYERS, MapParts, parts_of, restore
from storymap.story_cache import (
    entry_path,
    keep_in_background,
    parts_path,
    read_parts,
    story_key,
    write_parts,
)
from storymap.synth import write_synthetic_story
from storymap.translations import translated
from storymap.ui.map_rendering import render_base_map, render_layer
from tests.conftest import PROJECT_ROOT

WAIT_S = 60
RENDERING_MODULES = ("folium", "branca", "streamlit_folium", "pandas")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    write_synthetic_story(folder, 40, 2, seed=5)
    return folder


@pytest.fixture(scope="module")
def story_in_languages():
    return load_story(DEFAULT_DATA_FOLDER)


def rendered_parts(story, data_url: str) -> MapParts:
    base_map = render_base_map(
        folium_map.build_base_map(story, assets_from_environment(), data_url), "map"
    )
    layer = render_layer(folium_map.story_layer(story, story.span, None, None, 0))
    return MapParts(((("base", data_url), base_map),), ((("layer", story.span), layer),))


def test_the_parts_are_written_beside_the_story_and_read_back_equal(folder, tmp_path):
    story = load_story(folder)
    url = publish_story_data(story, tmp_path / "static", "/static")
    parts = rendered_parts(story, url)
    key = story_key(folder) or ""
    cache = tmp_path / "cache"
    assert write_parts(cache, folder, key, parts)
    assert parts_path(cache, folder).parent == entry_path(cache, folder).parent
    assert read_parts(cache, folder, key) == parts
    assert read_parts(cache, folder, key[::-1]) == MapParts()  # other files' key: none


def test_damaged_parts_are_passed_over(folder, tmp_path):
    story = load_story(folder)
    key, cache = story_key(folder) or "", tmp_path / "cache"
    assert write_parts(cache, folder, key, rendered_parts(story, "/static/x.json"))
    path = parts_path(cache, folder)
    path.write_bytes(path.read_bytes()[:-5])
    assert read_parts(cache, folder, key) == MapParts()


def test_restored_parts_are_what_the_map_is_given_and_nothing_is_rendered(folder, tmp_path):
    story = load_story(folder)
    parts = rendered_parts(story, "/static/stories/x.json")
    read_back = load_story(folder)  # another object, as after a restart
    restore(read_back, parts)

    def not_rendered():
        raise AssertionError("rendered again")

    (base_key, base_map), (layer_key, layer) = parts.base_maps[0], parts.layers[0]
    assert BASE_MAPS.of(read_back).get(base_key, not_rendered) is base_map
    assert LAYERS.of(read_back).get(layer_key, not_rendered) is layer
    assert parts_of(read_back) == parts


@pytest.mark.parametrize(
    "parts",
    [
        None,
        "not parts",
        MapParts(((("base",), "a script, not a rendered map"),), ((("layer",), 3),)),
        MapParts((), (([], "a key that can't be one"),)),
        MapParts((), ((("a list within", []), "a key that can't be one either"),)),
    ],
)
def test_parts_of_another_shape_are_passed_over(folder, parts):
    story = load_story(folder)
    restore(story, parts)
    assert parts_of(story) == MapParts()


def write_now(earlier: set) -> None:
    """The writings waiting, but for the ``earlier`` ones (other tests'), now rather
    than when they are due."""
    for timer in list(story_cache._writers - earlier):
        timer.cancel()
        timer.function()


def test_the_parts_written_are_those_made_by_the_time_of_the_writing(folder, tmp_path):
    story = load_story(folder)
    url = publish_story_data(story, tmp_path / "static", "/static")
    key, cache = story_key(folder) or "", tmp_path / "cache"
    earlier = set(story_cache._writers)
    keep_in_background(cache, folder, key, None, 3600, lambda: parts_of(story))
    parts = rendered_parts(story, url)  # the first reader's page, after the check
    restore(story, parts)
    write_now(earlier)
    assert read_parts(cache, folder, key) == parts


def test_parts_are_written_again_only_when_there_are_new_ones(folder, tmp_path):
    story = load_story(folder)
    key, cache = story_key(folder) or "", tmp_path / "cache"
    parts = rendered_parts(story, "/static/x.json")
    restore(story, parts)
    earlier = set(story_cache._writers)
    keep_in_background(cache, folder, key, None, 3600, lambda: parts_of(story), parts)
    write_now(earlier)
    assert not parts_path(cache, folder).exists()  # the same as read back: not written
    more = rendered_parts(story, "/static/y.json")
    restore(story, more)
    earlier = set(story_cache._writers)
    keep_in_background(cache, folder, key, None, 3600, lambda: parts_of(story), parts)
    write_now(earlier)
    assert read_parts(cache, folder, key).keys() == parts_of(story).keys()
    assert len(read_parts(cache, folder, key).base_maps) == 2


def test_a_translations_parts_are_kept_with_the_story_as_written(story_in_languages):
    russian = translated(story_in_languages, "ru")
    assert russian is not story_in_languages and russian.translated_from is story_in_languages
    parts = rendered_parts(russian, "/static/ru.json")
    restore(russian, parts)
    assert parts_of(story_in_languages) == parts


def test_other_rendering_libraries_make_another_key(folder, monkeypatch):
    before = story_key(folder)
    real_version = story_cache.importlib.metadata.version
    monkeypatch.setattr(
        story_cache.importlib.metadata,
        "version",
        lambda name: "99.0" if name == "folium" else real_version(name),
    )
    story_cache.code_version.cache_clear()
    try:
        assert story_key(folder) != before
    finally:
        monkeypatch.undo()
        story_cache.code_version.cache_clear()
    assert story_key(folder) == before


# One server's first page, in a process of its own: what it imported, and the map's
# arguments. The first server writes its story (and map) at once, not after a while.
SERVER = """
import json, sys, threading
from streamlit.testing.v1 import AppTest
from storymap import story_cache
from storymap.ui.map_rendering import import_in_background

first = sys.argv[1] == "first"
if first:
    story_cache.WRITE_AFTER_S = 3600
arguments, exceptions = [], []
for language in json.loads(sys.argv[4]):
    app = AppTest.from_file(sys.argv[2], default_timeout=60)
    app.query_params["ui"] = language
    app.run()
    arguments.append(app.get("component_instance")[0].proto.json_args)
    exceptions += [str(error.value) for error in app.exception]
if first:
    for timer in list(story_cache._writers):
        timer.cancel()
        timer.function()
imported = [name for name in json.loads(sys.argv[3]) if name in sys.modules]
import_in_background()  # as the map's first report does
for thread in threading.enumerate():
    if thread.name == "storymap-map-imports":
        thread.join(60)
print(json.dumps({
    "imported": imported,
    "arguments": arguments,
    "exception": exceptions,
    "ready after": "folium" in sys.modules and "storymap.folium_map" in sys.modules,
}))
"""


def first_pages(which: str, folder: Path, cache: Path, languages: list[str]) -> dict:
    environment = {**os.environ, "STORYMAP_DATA": str(folder), "STORYMAP_CACHE_DIR": str(cache)}
    environment["PYTHONPATH"] = str(PROJECT_ROOT)
    done = subprocess.run(
        [sys.executable, "-c", SERVER, which, str(PROJECT_ROOT / "app.py")]
        + [json.dumps(RENDERING_MODULES), json.dumps(languages)],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_restarted_servers_first_pages_have_the_same_maps_without_folium_or_pandas(
    data_copy, tmp_path
):
    cache = tmp_path / "cache"
    first = first_pages("first", data_copy, cache, ["en", "ru"])
    assert not first["exception"]
    assert set(first["imported"]) == set(RENDERING_MODULES)  # it rendered the maps
    assert entry_path(cache, data_copy).is_file() and parts_path(cache, data_copy).is_file()
    assert first["arguments"][0] != first["arguments"][1]  # a map in each language

    restarted = first_pages("restarted", data_copy, cache, ["ru", "en"])
    assert not restarted["exception"]
    assert restarted["imported"] == []
    # The same maps, the same views, in either order.
    assert restarted["arguments"] == first["arguments"][::-1]
    assert restarted["ready after"]  # for the reader's first click


def test_the_parts_are_written_before_the_story_they_go_with(folder, tmp_path, monkeypatch):
    story = load_story(folder)
    url = publish_story_data(story, tmp_path / "static", "/static")
    key, cache = story_key(folder) or "", tmp_path / "cache"
    restore(story, rendered_parts(story, url))
    parts_there_first: list[bool] = []
    real_write_story = story_cache.write_story

    def write_story(cache_folder, *arguments, **keywords):
        if Path(cache_folder) == cache:
            parts_there_first.append(parts_path(cache_folder, folder).is_file())
        return real_write_story(cache_folder, *arguments, **keywords)

    monkeypatch.setattr(story_cache, "write_story", write_story)
    checked = story_cache.KeptStory(story, url.rsplit("/", 1)[-1])
    earlier = set(story_cache._writers)
    keep_in_background(cache, folder, key, checked, 3600, lambda: parts_of(story))
    write_now(earlier)
    assert parts_there_first == [True]
    assert entry_path(cache, folder).is_file()

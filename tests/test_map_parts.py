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
from storymap.load import load_story
from storymap.map_features import publish_story_data
from storymap.map_parts import BASE_MAPS, LAYERS, MapParts, parts_of, restore
from storymap.story_cache import KeptStory, entry_path, read_story, story_key, write_story
from storymap.synth import write_synthetic_story
from storymap.ui.map_rendering import render_base_map, render_layer
from tests.conftest import PROJECT_ROOT

WAIT_S = 60
RENDERING_MODULES = ("folium", "branca", "streamlit_folium", "pandas")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    write_synthetic_story(folder, 40, 2, seed=5)
    return folder


def rendered_parts(story, data_url: str) -> MapParts:
    base_map = render_base_map(
        folium_map.build_base_map(story, assets_from_environment(), data_url), "map"
    )
    layer = render_layer(folium_map.story_layer(story, story.span, None, None, 0))
    return MapParts(((("base", data_url), base_map),), ((("layer", story.span), layer),))


def test_the_parts_are_written_with_the_story_and_read_back_equal(folder, tmp_path):
    story = load_story(folder)
    url = publish_story_data(story, tmp_path / "static", "/static")
    parts = rendered_parts(story, url)
    key = story_key(folder) or ""
    cache = tmp_path / "cache"
    assert write_story(cache, folder, key, KeptStory(story, url.rsplit("/", 1)[-1], parts))
    kept = read_story(cache, folder, key)
    assert kept is not None and kept.map_parts == parts
    assert kept.story == story


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
    ],
)
def test_parts_of_another_shape_are_passed_over(folder, parts):
    story = load_story(folder)
    restore(story, parts)
    assert parts_of(story) == MapParts()


def test_the_parts_written_are_those_made_by_the_time_of_the_writing(folder, tmp_path):
    story = load_story(folder)
    url = publish_story_data(story, tmp_path / "static", "/static")
    key = story_key(folder) or ""
    cache = tmp_path / "cache"
    story_cache.keep_in_background(cache, folder, key, KeptStory(story, "x.json"), after=3600)
    parts = rendered_parts(story, url)  # the first reader's page, after the check
    restore(story, parts)
    for timer in list(story_cache._writers):  # the writing, now rather than in an hour
        timer.cancel()
        timer.function()
    assert story_cache.wait_for_writers(WAIT_S)
    kept = read_story(cache, folder, key)
    assert kept is not None and kept.map_parts == parts


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
app = AppTest.from_file(sys.argv[2], default_timeout=60).run()
if first:
    for timer in list(story_cache._writers):
        timer.cancel()
        timer.function()
imported = [name for name in json.loads(sys.argv[3]) if name in sys.modules]
arguments = app.get("component_instance")[0].proto.json_args
import_in_background()  # as the map's first report does
for thread in threading.enumerate():
    if thread.name == "storymap-map-imports":
        thread.join(60)
print(json.dumps({
    "imported": imported,
    "arguments": arguments,
    "exception": [str(error.value) for error in app.exception],
    "ready after": "folium" in sys.modules and "streamlit_folium" in sys.modules,
}))
"""


def first_page(which: str, folder: Path, cache: Path) -> dict:
    environment = {**os.environ, "STORYMAP_DATA": str(folder), "STORYMAP_CACHE_DIR": str(cache)}
    environment["PYTHONPATH"] = str(PROJECT_ROOT)
    done = subprocess.run(
        [sys.executable, "-c", SERVER, which, str(PROJECT_ROOT / "app.py")]
        + [json.dumps(RENDERING_MODULES)],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_restarted_servers_first_page_has_the_same_map_without_folium_or_pandas(folder, tmp_path):
    cache = tmp_path / "cache"
    first = first_page("first", folder, cache)
    assert not first["exception"]
    assert set(first["imported"]) == set(RENDERING_MODULES)  # it rendered the map
    assert entry_path(cache, folder).is_file()

    restarted = first_page("restarted", folder, cache)
    assert not restarted["exception"]
    assert restarted["imported"] == []
    assert restarted["arguments"] == first["arguments"]  # the same map, the same view
    assert restarted["ready after"]  # for the reader's first click

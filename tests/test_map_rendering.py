"""The map rendered once (storymap.ui.map_rendering) is what st_folium would send."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit_folium

from storymap import folium_map
from storymap.assets import assets_from_environment
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.rendered_map import RETURNED_OBJECTS
from storymap.ui.map_rendering import render_base_map, render_layer
from storymap.window import TimeWindow

DATA_URL = "/app/static/stories/test.json"


@pytest.fixture(scope="module")
def story():
    return load_story(DEFAULT_DATA_FOLDER)


def st_folium_arguments(monkeypatch, story, place: str | None, window: TimeWindow) -> dict:
    """What st_folium gives the component for the map page's map, as the page used to call it."""
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **given: sent.update(given))
    streamlit_folium.st_folium(
        folium_map.build_base_map(story, assets_from_environment(), DATA_URL),
        key="map",
        height=500,
        use_container_width=True,
        returned_objects=list(RETURNED_OBJECTS),
        feature_group_to_add=folium_map.story_layer(story, window, place, None, 3),
    )
    sent.pop("on_change")
    return sent


@pytest.mark.parametrize("place", [None, "port-arthur", "portsmouth"])
def test_the_component_is_given_what_st_folium_gives_it(monkeypatch, story, place):
    window = story.span
    expected = st_folium_arguments(monkeypatch, story, place, window)
    rendered = render_base_map(
        folium_map.build_base_map(story, assets_from_environment(), DATA_URL), "map"
    )
    layer = render_layer(folium_map.story_layer(story, window, place, None, 3))
    given = rendered.arguments(layer, 500)
    # The map's own name is drawn at random by folium for each map made.
    assert given.pop("id").startswith("map_") and expected.pop("id").startswith("map_")
    # What the frontend gets is JSON; the value before the first report is null (see
    # RenderedMap.arguments), which the first report differs from as it does from st_folium's.
    assert expected.pop("default") == dict.fromkeys(RETURNED_OBJECTS)
    assert given.pop("default") is None
    assert json.loads(json.dumps(given)) == expected
    assert given["feature_group"] and DATA_URL in given["script"]


def test_a_layer_names_the_map_the_component_makes(story):
    layer = render_layer(folium_map.story_layer(story, story.span, "port-arthur", None, 0))
    assert "map_div.addLayer(feature_group_feature_group_0)" in layer
    assert "map_" + "div" in layer and "stand" not in layer


def test_the_same_base_map_keeps_its_component_key_and_another_gets_a_new_one(story):
    def key(data_url: str) -> str:
        base_map = folium_map.build_base_map(story, assets_from_environment(), data_url)
        return render_base_map(base_map, "map").component_key

    assert key(DATA_URL) == key(DATA_URL)
    assert key(DATA_URL) != key("/app/static/stories/other.json")


def test_the_map_component_is_streamlit_folium_s_own_frontend():
    from storymap.ui.map_component import FULL_NAME, frontend_path, map_component

    declared = map_component()
    assert declared.name == FULL_NAME
    assert Path(declared.path) == frontend_path() == Path(streamlit_folium._component_func.path)
    assert (frontend_path() / "index.html").is_file()

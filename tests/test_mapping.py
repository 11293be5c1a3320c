import dataclasses
import json
import re

import pytest

from storymap.assets import MapAssets
from storymap.mapping import build_base_map, click_place_id, places_geojson, selection_layer
from tests.conftest import FEATURED_PLACES

LOCAL = MapAssets("local")


def rendered(story, assets=LOCAL) -> str:
    return build_base_map(story, assets).get_root().render()


def geojson_in(html: str) -> dict:
    match = re.search(r"_add\((\{\"features\".*?\})\);", html, re.DOTALL)
    assert match, "no GeoJSON data in the rendered map"
    return json.loads(match.group(1))


def test_every_place_is_one_point_feature_with_its_name_as_tooltip(story):
    data = geojson_in(rendered(story))
    points = {f["properties"]["place_id"]: f for f in data["features"]
              if f["geometry"]["type"] == "Point"}
    assert set(points) == set(story.places)
    for place_id, name in FEATURED_PLACES.items():
        place = story.places[place_id]
        assert points[place_id]["properties"]["label"] == name
        assert points[place_id]["geometry"]["coordinates"] == [place.lon, place.lat]


def test_the_kuril_chain_is_a_line_that_selects_the_kuril_islands(story):
    data = geojson_in(rendered(story))
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["place_id"] for f in lines] == ["kuril-islands"]


def test_featured_places_are_drawn_last_so_they_stay_clickable(story):
    roles = [f["properties"]["role"] for f in places_geojson(story)["features"]]
    assert roles == sorted(roles, key=lambda role: {"area": 0, "context": 1, "featured": 2}[role])


def test_the_tooltip_field_is_the_label(story):
    html = rendered(story)
    assert re.search(r'let fields = \["label"\]', html)


def test_names_are_escaped_before_they_reach_the_map(story):
    hostile = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"
    place = dataclasses.replace(story.places["kherson"], name=hostile)
    story = dataclasses.replace(story, places={**story.places, "kherson": place})
    html = rendered(story)
    assert "<img src=x" not in html
    assert "</script>`" not in html
    labels = [f["properties"]["label"] for f in geojson_in(html)["features"]]
    assert "&lt;img src=x onerror=alert(1)&gt;`${alert(2)}`&lt;/script&gt;" in labels


def test_local_assets_load_only_from_the_app(story):
    html = rendered(story)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/app/static/vendor/leaflet/leaflet.js"]
    assert styles == ["/app/static/vendor/leaflet/leaflet.css"]


def test_cdn_assets_are_folium_defaults(story):
    html = rendered(story, MapAssets("cdn"))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html


def test_the_base_map_is_the_same_whatever_is_selected(story):
    # streamlit-folium remounts the map when its script changes; it must not.
    first = places_geojson(story)
    assert places_geojson(story) == first
    assert "tile.openstreetmap.org" in rendered(story)


def test_the_selection_layer_rings_the_selected_place(story):
    layer = selection_layer(story.places["kherson"])
    markers = list(layer._children.values())
    assert len(markers) == 1 and markers[0].location == [46.635, 32.617]
    assert list(selection_layer(None)._children.values()) == []


@pytest.mark.parametrize(
    ("clicked", "place_id"),
    [
        ({"type": "Feature", "properties": {"place_id": "kherson"}}, "kherson"),
        ({"type": "Feature", "properties": {"place_id": "kuril-islands", "label": "x"}},
         "kuril-islands"),
        ({"type": "Feature", "properties": {"place_id": "atlantis"}}, None),
        ({"type": "Feature", "properties": {"label": "Kherson"}}, None),
        ({"type": "Feature", "properties": None}, None),
        (None, None),
        ("kherson", None),
    ],
)
def test_a_click_maps_to_a_place_by_id_only(story, clicked, place_id):
    assert click_place_id(clicked, story) == place_id

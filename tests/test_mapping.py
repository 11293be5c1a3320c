import dataclasses
import json
import re

import folium
import pytest

from storymap.assets import MapAssets
from storymap.mapping import (
    DIMMED_OPACITY,
    MapView,
    arc_points,
    build_base_map,
    click_place_id,
    link_arcs,
    places_geojson,
    story_layer,
)
from storymap.window import TimeWindow
from tests.conftest import FEATURED_PLACES

LOCAL = MapAssets("local")


def everything(story, **options) -> MapView:
    return MapView(window=story.span, **options)


def rendered(story, view: MapView | None = None, assets=LOCAL) -> str:
    base_map = build_base_map(story, assets)
    story_layer(story, view or everything(story)).add_to(base_map)
    return base_map.get_root().render()


def geojson_layers(html: str) -> list[dict]:
    return [json.loads(match) for match in
            re.findall(r"_add\((\{\"features\".*?\})\);", html, re.DOTALL)]


def features_by_kind(html: str) -> tuple[list[dict], list[dict]]:
    features = [f for layer in geojson_layers(html) for f in layer["features"]]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    return points, [f for f in features if f["geometry"]["type"] != "Point"]


def test_every_place_is_one_point_feature_with_its_name_as_tooltip(story):
    points, _ = features_by_kind(rendered(story))
    by_id = {f["properties"]["place_id"]: f for f in points}
    assert set(by_id) == set(story.places)
    for place_id, name in FEATURED_PLACES.items():
        place = story.places[place_id]
        assert by_id[place_id]["properties"]["label"] == name
        assert by_id[place_id]["geometry"]["coordinates"] == [place.lon, place.lat]


def test_the_tooltip_shows_the_label_field(story):
    assert re.search(r'let fields = \["label"\]', rendered(story))


def test_the_kuril_chain_is_a_line_that_selects_the_kuril_islands(story):
    _, shapes = features_by_kind(rendered(story))
    lines = [f for f in shapes if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["place_id"] for f in lines] == ["kuril-islands"]


@pytest.mark.parametrize(
    ("first", "last", "areas"),
    [
        (1855, 2022, {"kuril-islands", "port-arthur", "sakhalin"}),
        (1855, 1897, {"kuril-islands"}),
        (1899, 1904, {"kuril-islands", "port-arthur"}),
        (1950, 2022, {"kuril-islands"}),
        (1906, 1944, {"kuril-islands", "port-arthur", "sakhalin"}),
    ],
)
def test_areas_show_when_their_years_meet_the_window(story, first, last, areas):
    _, shapes = features_by_kind(rendered(story, MapView(TimeWindow(first, last))))
    assert {f["properties"]["place_id"] for f in shapes} == areas


def test_places_with_no_event_in_the_window_are_dimmed(story):
    view = MapView(TimeWindow(2022, 2022))
    by_id = {f["properties"]["place_id"]: f["properties"]
             for f in places_geojson(story, view)["features"]}
    assert by_id["kherson"]["active"] and by_id["kherson"]["style"]["fillOpacity"] > 0.5
    assert not by_id["portsmouth"]["active"]
    assert by_id["portsmouth"]["style"]["fillOpacity"] == DIMMED_OPACITY
    assert by_id["portsmouth"]["label"].endswith("(no events in these years)")


def test_places_take_the_colour_of_the_era_of_their_latest_event_in_the_window(story):
    colours = {era.id: era.colour for era in story.eras}
    by_id = {f["properties"]["place_id"]: f["properties"]
             for f in places_geojson(story, everything(story))["features"]}
    assert by_id["kherson"]["style"]["fillColor"] == colours["war-in-ukraine"]
    assert by_id["portsmouth"]["style"]["fillColor"] == colours["empire-and-war"]
    early = {f["properties"]["place_id"]: f["properties"]
             for f in places_geojson(story, MapView(TimeWindow(1855, 1950)))["features"]}
    assert early["kuril-islands"]["style"]["fillColor"] == colours["world-war-two"]


@pytest.mark.parametrize(("language", "expected"), [
    (None, "Port Arthur"), ("ru", "Порт-Артур (Port-Artur)"), ("ja", "旅順 (Ryojun)"),
    ("zh", "旅顺 (Lüshun)"), ("uk", "Port Arthur")])
def test_names_on_the_map_follow_the_language(story, language, expected):
    view = MapView(TimeWindow(1900, 1905), language=language)
    labels = {f["properties"]["place_id"]: f["properties"]["label"]
              for f in places_geojson(story, view)["features"]}
    assert labels["port-arthur"] == expected


def test_featured_places_are_drawn_last_so_they_stay_clickable(story):
    featured = [f["properties"]["place_id"] in FEATURED_PLACES
                for f in places_geojson(story, everything(story))["features"]]
    assert featured == sorted(featured)


def test_names_are_escaped_before_they_reach_the_map(story):
    hostile = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"
    place = dataclasses.replace(story.places["kherson"], name=hostile)
    story = dataclasses.replace(story, places={**story.places, "kherson": place})
    html = rendered(story)
    assert "<img src=x" not in html
    assert "</script>`" not in html
    points, _ = features_by_kind(html)
    assert "&lt;img src=x onerror=alert(1)&gt;`${alert(2)}`&lt;/script&gt;" in {
        f["properties"]["label"] for f in points}


def test_styles_travel_with_the_features_not_as_a_switch_over_ids(story):
    html = rendered(story)
    assert "_styler" not in html and "layer.setStyle(style)" in html


def test_local_assets_load_only_from_the_app(story):
    html = rendered(story)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/app/static/vendor/leaflet/leaflet.js"]
    assert styles == ["/app/static/vendor/leaflet/leaflet.css"]


def test_cdn_assets_are_folium_defaults(story):
    html = rendered(story, assets=MapAssets("cdn"))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html


def test_the_base_map_is_the_same_for_every_view(story):
    # streamlit-folium remounts the map when its script changes; it must not.
    def base_script() -> str:
        base_map = build_base_map(story, LOCAL)
        html = base_map.get_root().render()
        return re.sub(r"[0-9a-f]{32}", "ID", html)
    assert base_script() == base_script()
    assert "tile.openstreetmap.org" in base_script()


def test_the_selected_place_is_ringed(story):
    layer = story_layer(story, everything(story, selected="kherson"))
    rings = [child for child in layer._children.values()
             if isinstance(child, folium.CircleMarker)]
    assert [ring.location for ring in rings] == [[46.635, 32.617]]
    unselected = story_layer(story, everything(story))
    assert not [c for c in unselected._children.values() if isinstance(c, folium.CircleMarker)]


def test_links_of_the_selected_place_are_labelled_arcs_to_other_places(story):
    arcs = link_arcs(story, everything(story, selected="port-arthur"))
    ends = {(round(arc.locations[0][0], 3), round(arc.locations[-1][0], 3)) for arc in arcs}
    portsmouth = story.places["portsmouth"]
    assert (38.812, round(portsmouth.lat, 3)) in ends
    html = rendered(story, everything(story, selected="port-arthur"))
    assert "link-label" in html
    assert link_arcs(story, everything(story)) == []


def test_arcs_cross_the_date_line_the_short_way(story):
    points = arc_points(story.places["port-arthur"], story.places["portsmouth"])
    assert points[0] == (38.812, 121.243)
    assert points[-1][1] == pytest.approx(-70.739 + 360)
    assert all(121 <= lon <= 290 for _, lon in points)


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

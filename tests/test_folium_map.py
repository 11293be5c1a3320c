import json
import re

import folium
import pytest

from storymap.assets import MapAssets, map_code
from storymap.folium_map import arc_points, build_base_map, link_arcs, story_layer
from storymap.map_features import click_place_id, publish_story_data, story_features
from storymap.map_prefetch import start_loading_script
from storymap.map_script import DATA_FAILURE_MESSAGE
from storymap.map_tiles import tiles_from_environment
from storymap.style import (
    ACCENT_COLOUR,
    CONTEXT_RADIUS,
    DIMMED_OPACITY,
    FEATURED_RADIUS,
    NO_ERA_COLOUR,
)
from storymap.window import TimeWindow
from tests.conftest import FEATURED_PLACES

LOCAL = MapAssets("local")
DATA_URL = "/app/static/stories/test.json"


def rendered_base(story, assets=LOCAL) -> str:
    return build_base_map(story, assets, DATA_URL).get_root().render()


def features_of(story) -> dict[str, dict]:
    return {
        f["properties"]["place_id"]: f
        for f in story_features(story)["features"]
        if f["properties"]["kind"] == "place"
    }


def test_every_place_is_one_point_feature_named_by_its_id(story):
    places = features_of(story)
    assert set(places) == set(story.places)
    for place_id, name in FEATURED_PLACES.items():
        place = story.places[place_id]
        assert places[place_id]["properties"]["label"] == name
        assert places[place_id]["properties"]["radius"] == FEATURED_RADIUS
        assert places[place_id]["geometry"]["coordinates"] == [place.lon, place.lat]
    assert places["tokyo"]["properties"]["radius"] == CONTEXT_RADIUS


def test_each_place_carries_its_events_years_and_era_colours_in_date_order(story):
    colours = {era.id: era.colour for era in story.eras}
    kherson = features_of(story)["kherson"]["properties"]["events"]
    assert len(kherson) == len(story.events_by_place["kherson"])
    assert kherson[0] == [2022, 2022, colours["war-in-ukraine"]]
    shimoda = features_of(story)["kuril-islands"]["properties"]["events"][0]
    assert shimoda == [1855, 1855, colours["empire-and-war"]]


def test_events_in_no_era_are_grey(story):
    colours = {
        colour
        for feature in features_of(story).values()
        for _, _, colour in feature["properties"]["events"]
    }
    era_colours = {era.colour for era in story.eras}
    assert colours <= era_colours | {NO_ERA_COLOUR}


def test_names_travel_with_their_language_and_years(story):
    names = features_of(story)["port-arthur"]["properties"]["names"]
    assert ["Порт-Артур (Port-Artur)", 1898, 1905] in names["ru"]
    assert ["Порт-Артур (Port-Artur)", 1945, 1955] in names["ru"]
    assert ["旅順 (Ryojun)", None, None] in names["ja"]


def test_areas_carry_their_place_and_years(story):
    areas = [f for f in story_features(story)["features"] if f["properties"]["kind"] == "area"]
    by_label = {f["properties"]["label"]: f["properties"] for f in areas}
    kwantung = sorted(
        (p["place_id"], p["from"], p["to"])
        for label, p in by_label.items()
        if label.startswith("Kwantung")
    )
    assert kwantung == [("port-arthur", 1898, 1905), ("port-arthur", 1905, 1945)]
    assert [f["geometry"]["type"] for f in areas].count("LineString") == 1


def test_featured_places_are_drawn_last_so_they_stay_clickable(story):
    featured = [
        story.places[f["properties"]["place_id"]].featured
        for f in story_features(story)["features"]
        if f["properties"]["kind"] == "place"
    ]
    assert featured == sorted(featured)


def test_the_data_file_is_named_by_its_content_and_written_once(story, tmp_path):
    url = publish_story_data(story, tmp_path, "/app/static")
    path = tmp_path / "stories" / url.rsplit("/", 1)[1]
    assert url.startswith("/app/static/stories/") and path.is_file()
    assert json.loads(path.read_text(encoding="utf-8")) == story_features(story)
    stamp = path.stat().st_mtime_ns
    assert publish_story_data(story, tmp_path, "/app/static") == url
    assert path.stat().st_mtime_ns == stamp


def story_layer_options_in(html: str) -> dict:
    call = re.search(r"StoryMap\.storyLayer\(\s*map_\w+, (\{.*\})\);", html)
    assert call, "the base map creates the story layer"
    return json.loads(call.group(1))


def test_the_base_map_only_passes_options_to_the_story_layer_script(story):
    options = story_layer_options_in(rendered_base(story))
    assert options["dataUrl"] == DATA_URL and options["store"] == "storymapMapData"
    assert options["drawnHook"] == "storymapMapDrawn"  # storymap/static/panel_code.js
    assert options["popups"] is False
    # The style and words come from Python, in one place each.
    assert options["style"]["area"]["color"] == ACCENT_COLOUR
    assert options["style"]["dimmedPlace"]["fillOpacity"] == DIMMED_OPACITY
    assert options["messages"]["failure"] == DATA_FAILURE_MESSAGE


def test_the_base_map_holds_no_text_from_the_data(story):
    html = rendered_base(story)
    for place in story.places.values():
        assert place.name not in html
    assert len(html) < 20_000


def test_the_base_map_is_the_same_for_every_view(story):
    # streamlit-folium remounts the map when its script changes; it must not.
    def base_script() -> str:
        return re.sub(r"[0-9a-f]{32}", "ID", rendered_base(story))

    assert base_script() == base_script()
    assert "tile.openstreetmap.org" in base_script()


def test_local_assets_load_only_from_the_app(story):
    html = rendered_base(story)
    version = r"\?v=[0-9a-f]{12}"
    scripts = re.findall(r'<script src="([^"]+)"', html)
    # Leaflet and the story layer as one file: one wait before the map draws, not two.
    assert len(scripts) == 1
    assert re.fullmatch(f"/app/static/storymap/map.js{version}", scripts[0])
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert styles == ["/app/static/vendor/leaflet/leaflet.css"]
    assert f"<style>{map_code('storylayer.css')}</style>" in html  # a few lines: inline


def test_cdn_assets_are_folium_defaults_and_the_maps_own_code_from_the_app(story):
    html = rendered_base(story, MapAssets("cdn"))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html
    assert '<script src="/app/static/storymap/storylayer.js?v=' in html


def render_layer(story, window: TimeWindow, language: str | None) -> str:
    base_map = build_base_map(story, LOCAL, DATA_URL)
    layer = story_layer(story, window, language=language)
    layer.add_to(base_map)
    base_map.get_root().render()
    return "".join(child._template.module.script(child) for child in layer._children.values())


def test_the_view_layer_tells_the_story_layer_the_years_and_language(story):
    script = render_layer(story, TimeWindow(1940, 1960), "ja")
    assert (
        'window.applyStoryView({"frame": null, "from": 1940, "lang": "ja", "moves": 0, "to": 1960})'
        in script
    )


def test_the_selected_place_is_ringed(story):
    layer = story_layer(story, story.span, "kherson")
    rings = [child for child in layer._children.values() if isinstance(child, folium.CircleMarker)]
    assert [ring.location for ring in rings] == [[46.635, 32.617]]
    assert rings[0].options["interactive"] is False
    unselected = story_layer(story, story.span)
    assert not [c for c in unselected._children.values() if isinstance(c, folium.CircleMarker)]


def test_links_of_the_selected_place_are_labelled_arcs_to_other_places(story):
    arcs = link_arcs(story, story.span, "port-arthur")
    ends = {(round(arc.locations[0][0], 3), round(arc.locations[-1][0], 3)) for arc in arcs}
    assert (38.812, round(story.places["portsmouth"].lat, 3)) in ends
    assert all(arc.options["interactive"] is False for arc in arcs)  # clicks reach places
    assert link_arcs(story, story.span, None) == []


def test_arc_labels_are_escaped(story):
    import dataclasses

    link = dataclasses.replace(story.links[0], label="<img src=x onerror=alert(1)>`${alert(2)}\\")
    hostile = dataclasses.replace(story, links=(link, *story.links[1:]))
    selected = hostile.events_by_id[link.from_event].place_id
    arcs = link_arcs(hostile, hostile.span, selected)
    texts = [
        child.text
        for arc in arcs
        for child in arc._children.values()
        if isinstance(child, folium.Tooltip)
    ]
    # folium puts the text in a JavaScript template literal: no backtick, "${" or
    # backslash from the data may reach it, and no tag.
    assert "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(2)&#125;&#92;" in texts


def test_arc_labels_are_not_run_as_templates(story):
    # branca compiles a rendered script as a Jinja template again: data must not reach
    # Jinja as syntax, or it would run on the server.
    import dataclasses

    link = dataclasses.replace(story.links[0], label="{{ 7*7 }} {% raw %} {{ config }}")
    hostile = dataclasses.replace(story, links=(link, *story.links[1:]))
    selected = hostile.events_by_id[link.from_event].place_id
    layer = story_layer(hostile, hostile.span, selected)
    folium.Map().add_child(layer)
    script = layer.get_root().render()
    assert (
        "&#123;&#123; 7*7 &#125;&#125; &#123;% raw %&#125; &#123;&#123; config &#125;&#125;"
    ) in script


def test_arcs_cross_the_date_line_the_short_way(story):
    points = arc_points(story.places["port-arthur"], story.places["portsmouth"])
    assert points[0] == (38.812, 121.243)
    assert points[-1][1] == pytest.approx(-70.739 + 360)
    assert all(121 <= lon <= 290 for _, lon in points)


def test_two_links_in_opposite_directions_are_two_arcs(story):
    there = arc_points(story.places["port-arthur"], story.places["portsmouth"])
    back = arc_points(story.places["portsmouth"], story.places["port-arthur"])
    middle = len(there) // 2
    assert there[middle][0] > back[middle][0] + 10  # eastward bows north, westward south


@pytest.mark.parametrize("selected", ["port-arthur", "portsmouth"])
def test_every_arc_of_the_selected_place_is_drawn_in_its_copy_of_the_world(story, selected):
    place = story.places[selected]
    arcs = link_arcs(story, story.span, selected)
    assert arcs
    for arc in arcs:
        ends = [arc.locations[0], arc.locations[-1]]
        assert [place.lat, place.lon] in [[lat, lon] for lat, lon in ends]
        assert all(abs(lon - place.lon) <= 180 for _, lon in arc.locations)


def test_an_arc_carries_the_place_at_its_far_end(story):
    arcs = link_arcs(story, story.span, "portsmouth")
    assert "port-arthur" in {arc.options["farPlace"] for arc in arcs}
    assert "portsmouth" not in {arc.options["farPlace"] for arc in arcs}


@pytest.mark.parametrize(
    ("clicked", "place_id"),
    [
        ({"type": "Feature", "properties": {"place_id": "kherson"}}, "kherson"),
        (
            {"type": "Feature", "properties": {"place_id": "kuril-islands", "label": "x"}},
            "kuril-islands",
        ),
        ({"type": "Feature", "properties": {"place_id": "atlantis"}}, None),
        ({"type": "Feature", "properties": {"label": "Kherson"}}, None),
        ({"type": "Feature", "properties": None}, None),
        (None, None),
        ("kherson", None),
        ({"type": "Feature", "properties": {"place_id": ["kherson"]}}, None),  # unhashable
    ],
)
def test_a_click_maps_to_a_place_by_id_only(story, clicked, place_id):
    assert click_place_id(clicked, story) == place_id


def test_the_pages_loader_of_the_map_data_holds_only_its_address():
    script = start_loading_script("/media/a</script><b>.json")
    assert "</script><b>" not in script
    assert "\\u003c/script>\\u003cb>.json" in script
    assert script.count("<script>") == script.count("</script>") == 1


def test_a_web_of_links_draws_one_arc_a_pair_of_places_and_at_most_max_arcs(story):
    import dataclasses

    from storymap.folium_map import MAX_ARCS
    from storymap.model import Link, Place, Story

    first = story.events_by_place["port-arthur"][0]
    others = {
        f"p{n}": Place(f"p{n}", f"P{n}", 10 + n / 10, 10, "context") for n in range(MAX_ARCS + 20)
    }
    events = [dataclasses.replace(first, id=f"e{n}", place_id=f"p{n}") for n in range(len(others))]
    links = [Link(first.id, f"e{n}", "leads-to") for n in range(len(others))]
    links += [Link(first.id, "e0", "compared-with")] * 100  # one pair, many times
    web = Story.build(
        {**story.places, **others}, [*story.events, *events], story.sources, links=links
    )
    arcs = link_arcs(web, web.span, "port-arthur")
    assert len(arcs) == MAX_ARCS
    assert len({(tuple(arc.locations[0]), tuple(arc.locations[-1])) for arc in arcs}) == MAX_ARCS


def test_the_view_layer_carries_the_selected_places_frame_and_the_count_of_moves(story):
    base_map = build_base_map(story, LOCAL, DATA_URL)
    layer = story_layer(story, story.span, "portsmouth", moves=3)
    layer.add_to(base_map)
    base_map.get_root().render()
    script = "".join(child._template.module.script(child) for child in layer._children.values())
    assert '"frame": {"centre": [43.08, -70.739], "zoom": 12}' in script
    assert '"moves": 3' in script


@pytest.mark.parametrize(
    ("environment", "tiles"),
    [
        ({}, True),
        ({"STORYMAP_TILES": "none"}, False),
        ({"STORYMAP_TILES": " None "}, False),
        ({"STORYMAP_TILES": "osm"}, True),  # any other value: today's tiles
        ({"STORYMAP_TILES": ""}, True),
    ],
)
def test_the_tiles_come_from_the_environment(environment, tiles):
    assert tiles_from_environment(environment) is tiles


BASEMAP_URLS = {
    "world": "/app/static/storymap/basemap.json?v=0123456789ab",
    "detail": "/app/static/storymap/basemap-detail.json?v=0123456789ab",
}


def test_the_basemap_is_drawn_under_the_tiles_from_the_apps_address(story):
    html = build_base_map(story, LOCAL, DATA_URL, basemap_urls=BASEMAP_URLS).get_root().render()
    call = re.search(r"StoryMap\.basemapLayer\(\s*map_\w+, (\{.*?\})\);", html, re.DOTALL)
    options = json.loads(call.group(1))
    assert options["urls"] == BASEMAP_URLS
    assert [level["name"] for level in options["levels"]] == ["world", "detail"]
    assert options["zIndex"] == 150 and options["attribution"] is None  # credited below it
    assert "tile.openstreetmap.org" in html


def test_with_no_tiles_the_basemap_is_the_map_and_is_credited_on_it(story):
    base_map = build_base_map(story, LOCAL, DATA_URL, tiles=False, basemap_urls=BASEMAP_URLS)
    html = base_map.get_root().render()
    assert "tile.openstreetmap.org" not in html and "L.tileLayer" not in html
    assert "StoryMap.basemapLayer(" in html and "naturalearthdata.com" in html
    # The base map stays the same from one run to the next (see above).
    again = build_base_map(story, LOCAL, DATA_URL, tiles=False, basemap_urls=BASEMAP_URLS)
    assert re.sub(r"[0-9a-f]{32}", "ID", again.get_root().render()) == re.sub(
        r"[0-9a-f]{32}", "ID", html
    )


def _fit_of(html: str) -> dict:
    """The options of the base map's fit of every place."""
    call = re.search(r"\.fitBounds\(\s*(\[.*?\]),\s*(\{.*?\})\s*\);", html, re.DOTALL)
    return json.loads(call.group(2))


@pytest.mark.parametrize("tiles", [True, False])
def test_the_map_goes_no_closer_than_the_tiles_with_or_without_them(story, tiles):
    from storymap import schema
    from storymap.framing import MAX_ZOOM

    assert schema.PLACES.column("zoom").maximum == MAX_ZOOM  # every zoom a place asks for
    html = build_base_map(story, LOCAL, DATA_URL, tiles=tiles).get_root().render()
    # On the map itself: with no tile layer to bound it, Leaflet's zoom had no end.
    assert re.search(r"L\.map\([^)]*\"maxZoom\": 18,", html, re.DOTALL)
    assert _fit_of(html)["maxZoom"] == MAX_ZOOM


@pytest.mark.parametrize("places", [1, 3])
def test_a_story_whose_places_are_one_point_opens_on_it_at_a_framed_zoom(story, places):
    # Fitting a point asks Leaflet for its closest zoom: a street with tiles, and
    # without tiles (STORYMAP_TILES=none) an endless zoom that made the map's view NaN.
    import dataclasses

    from storymap.framing import MAX_FRAMED_ZOOM
    from storymap.model import Story

    first = story.events_by_place["port-arthur"][0]
    here = story.places["port-arthur"]
    alike = {f"p{n}": dataclasses.replace(here, id=f"p{n}") for n in range(places)}
    events = [dataclasses.replace(first, place_id="p0", happened_at="", details_source_id="")]
    one_point = Story.build(alike, events, story.sources)
    for tiles in (True, False):
        html = build_base_map(one_point, LOCAL, DATA_URL, tiles=tiles).get_root().render()
        assert _fit_of(html)["maxZoom"] == MAX_FRAMED_ZOOM

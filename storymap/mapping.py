"""Build the folium map of a story.

The map comes in two parts. The base map (tiles and the starting view) never changes:
streamlit-folium remounts the map, resetting the reader's pan and zoom, whenever its
script changes. Everything that depends on the view (places coloured by era or dimmed
outside the time window, areas of the window, names in the chosen language, link arcs,
the selection ring) is one layer that the component swaps in place.

Places and areas are GeoJSON features: one object for folium to render however many
places there are, and a click that names its place exactly (``properties.place_id``)
instead of by display text. Every text from the data is HTML-escaped here, before it
reaches the map: Leaflet tooltips are HTML.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import folium
from folium.utilities import JsCode

from storymap.assets import MapAssets
from storymap.model import Place, Story
from storymap.window import TimeWindow

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
NO_ERA_COLOUR = "#7F7F7F"  # a place whose events fall in no era; 4:1 on light and dark
SELECTED_COLOUR = "#000000"
LINK_COLOUR = "#333333"
# Radii in pixels: a featured marker is a 28 px target, large enough for a finger.
FEATURED_RADIUS = 14
CONTEXT_RADIUS = 9
DIMMED_OPACITY = 0.25  # a place with no event in the time window
# Arc labels: small, so that they name a link without hiding the places it joins.
_MAP_STYLE = """<style>
.leaflet-tooltip.link-label { font-size: 11px; padding: 1px 5px; opacity: 0.85; }
</style>"""


@dataclass(frozen=True)
class MapView:
    """What the view-dependent layer shows."""

    window: TimeWindow
    selected: str | None = None
    language: str | None = None


def click_place_id(clicked_feature: dict[str, Any] | None, story: Story) -> str | None:
    """The id of the place whose marker or area was clicked, if it is one of ours."""
    if not isinstance(clicked_feature, dict):
        return None
    properties = clicked_feature.get("properties")
    place_id = properties.get("place_id") if isinstance(properties, dict) else None
    return place_id if place_id in story.places else None


def build_base_map(story: Story, assets: MapAssets) -> folium.Map:
    """Tiles and the starting view; identical for every view of the story."""
    base_map = folium.Map(
        location=_centre(story),
        zoom_start=2,
        min_zoom=1,
        tiles=folium.TileLayer(TILE_URL, attr=TILE_ATTRIBUTION, name="OpenStreetMap"),
        world_copy_jump=True,
    )
    assets.apply(base_map)
    base_map.get_root().header.add_child(folium.Element(_MAP_STYLE), name="storymap_style")
    base_map.fit_bounds(_bounds(story.places.values()), padding=(20, 20))
    return base_map


def story_layer(story: Story, view: MapView) -> folium.FeatureGroup:
    """Everything that depends on the view, as one layer over the base map."""
    layer = folium.FeatureGroup(name="story")
    areas = [area for area in story.areas if area.exists_in(view.window)]
    if areas:
        _styled_geojson({"type": "FeatureCollection", "features": [
            _feature(area.place_id, area.name, area.geometry, _area_style())
            for area in areas]}, name="areas").add_to(layer)
    for arc in link_arcs(story, view):
        arc.add_to(layer)
    _styled_geojson(places_geojson(story, view), name="places",
                    marker=folium.CircleMarker(radius=CONTEXT_RADIUS, fill=True)).add_to(layer)
    selected = story.places.get(view.selected) if view.selected else None
    if selected is not None:
        folium.CircleMarker(
            location=(selected.lat, selected.lon), radius=FEATURED_RADIUS + 6,
            color=SELECTED_COLOUR, weight=3, fill=False, interactive=False,
        ).add_to(layer)
    return layer


def places_geojson(story: Story, view: MapView) -> dict[str, Any]:
    """Every place as a point, coloured by the era of its latest event in the window."""
    # Featured places last, so that they are drawn over the context places near them.
    ordered = sorted(story.places.values(), key=lambda place: place.featured)
    features = []
    for place in ordered:
        events = story.events_in(view.window, place.id)
        era = story.era_of(events[-1]) if events else None
        label = place.name_in(view.language, view.window)
        if not events:
            label += " (no events in these years)"
        style = {
            "color": "#ffffff",
            "weight": 2,
            "fillColor": era.colour if era else NO_ERA_COLOUR,
            "fillOpacity": 0.9 if events else DIMMED_OPACITY,
            "opacity": 1 if events else DIMMED_OPACITY,
            "radius": FEATURED_RADIUS if place.featured else CONTEXT_RADIUS,
        }
        features.append(_feature(place.id, label, _point(place), style,
                                 era=era.id if era else "", active=bool(events)))
    return {"type": "FeatureCollection", "features": features}


def link_arcs(story: Story, view: MapView) -> list[folium.PolyLine]:
    """Labelled arcs for the links of the selected place's events, to other places."""
    if not view.selected:
        return []
    arcs = []
    for event in story.events_in(view.window, view.selected):
        for link in story.links_of(event.id):
            start = story.places[story.events_by_id[link.from_event].place_id]
            end = story.places[story.events_by_id[link.to_event].place_id]
            if start.id == end.id:
                continue
            arc = folium.PolyLine(
                arc_points(start, end), color=LINK_COLOUR, weight=2, dash_array="6 6",
                opacity=0.8, interactive=False,
            )
            if link.label:
                folium.Tooltip(html.escape(link.label), permanent=True, sticky=False,
                               direction="center", class_name="link-label").add_to(arc)
            arcs.append(arc)
    return arcs


def arc_points(start: Place, end: Place, steps: int = 24) -> list[tuple[float, float]]:
    """A gentle curve from ``start`` to ``end`` (a quadratic curve bowed to one side)."""
    lat0, lon0, lat1, lon1 = start.lat, start.lon, end.lat, end.lon
    if abs(lon1 - lon0) > 180:  # go the short way round, across the date line
        lon1 += -360 if lon1 > lon0 else 360
    mid_lat, mid_lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
    bow = 0.2 * math.hypot(lat1 - lat0, lon1 - lon0)
    control = (mid_lat + bow, mid_lon)
    points = []
    for step in range(steps + 1):
        t = step / steps
        lat = (1 - t) ** 2 * lat0 + 2 * (1 - t) * t * control[0] + t ** 2 * lat1
        lon = (1 - t) ** 2 * lon0 + 2 * (1 - t) * t * control[1] + t ** 2 * lon1
        points.append((round(max(-85.0, min(85.0, lat)), 4), round(lon, 4)))
    return points


# Each feature carries its own style, applied in the browser: folium's style_function
# would write a switch over every feature id into the page instead.
_APPLY_FEATURE_STYLE = JsCode("""
(feature, layer) => {
    const style = feature.properties.style;
    layer.setStyle(style);
    layer.on("mouseover", () => layer.setStyle({weight: style.weight + 2}));
    layer.on("mouseout", () => layer.setStyle(style));
}
""")


def _styled_geojson(data: dict[str, Any], name: str, marker=None) -> folium.GeoJson:
    return folium.GeoJson(
        data, name=name, marker=marker, on_each_feature=_APPLY_FEATURE_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )


def _feature(place_id: str, label: str, geometry: dict[str, Any], style: dict[str, Any],
             **extra: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"place_id": place_id, "label": html.escape(label), "style": style,
                       **extra},
    }


def _point(place: Place) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [place.lon, place.lat]}


def _area_style() -> dict[str, Any]:
    return {"color": "#D55E00", "weight": 3, "dashArray": "6 4", "opacity": 0.9,
            "fillOpacity": 0.15}


def _bounds(places) -> list[list[float]]:
    places = list(places)
    lats = [place.lat for place in places]
    lons = [place.lon for place in places]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _centre(story: Story) -> tuple[float, float]:
    (south, west), (north, east) = _bounds(story.places.values())
    return ((south + north) / 2, (west + east) / 2)

"""Build the folium map of a story.

The base map holds every place and area in one GeoJSON layer: one object for folium to
render however many places there are, and a click that names its place exactly
(``properties.place_id``) instead of by display text. The base map never changes with
the selection (streamlit-folium remounts the map when its script changes); the
selection is drawn in a separate layer that the component swaps in place.

Every text from the data is HTML-escaped here, before it reaches the map: Leaflet
tooltips are HTML.
"""

from __future__ import annotations

import html
from typing import Any

import folium

from storymap.assets import MapAssets
from storymap.model import Place, Story

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# Colours from the Okabe-Ito palette, told apart by colour-blind readers too.
FEATURED_COLOUR = "#D55E00"
CONTEXT_COLOUR = "#0072B2"
SELECTED_COLOUR = "#000000"
# Radii in pixels: a featured marker is a 28 px target, large enough for a finger.
FEATURED_RADIUS = 14
CONTEXT_RADIUS = 9


def click_place_id(clicked_feature: dict[str, Any] | None, story: Story) -> str | None:
    """The id of the place whose marker or area was clicked, if it is one of ours."""
    if not isinstance(clicked_feature, dict):
        return None
    properties = clicked_feature.get("properties")
    place_id = properties.get("place_id") if isinstance(properties, dict) else None
    return place_id if place_id in story.places else None


def places_geojson(story: Story) -> dict[str, Any]:
    """Every place as a point and every area as its shape, keyed by place id."""
    features = [_area_feature(area.place_id, area.name, area.geometry) for area in story.areas]
    # Featured places last, so that they are drawn over the context places near them.
    ordered = sorted(story.places.values(), key=lambda place: place.featured)
    features += [_place_feature(place) for place in ordered]
    return {"type": "FeatureCollection", "features": features}


def build_base_map(story: Story, assets: MapAssets) -> folium.Map:
    """The map of every place; identical for every selection."""
    base_map = folium.Map(
        location=_centre(story),
        zoom_start=2,
        min_zoom=1,
        tiles=folium.TileLayer(TILE_URL, attr=TILE_ATTRIBUTION, name="OpenStreetMap"),
        world_copy_jump=True,
    )
    assets.apply(base_map)
    folium.GeoJson(
        places_geojson(story),
        name="places",
        marker=folium.CircleMarker(radius=CONTEXT_RADIUS, fill=True, fill_opacity=0.85),
        style_function=_style,
        highlight_function=lambda feature: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=False),
    ).add_to(base_map)
    base_map.fit_bounds(_bounds(story.places.values()), padding=(20, 20))
    return base_map


def selection_layer(place: Place | None) -> folium.FeatureGroup:
    """A ring around the selected place, drawn over the base map."""
    layer = folium.FeatureGroup(name="selection")
    if place is not None:
        folium.CircleMarker(
            location=(place.lat, place.lon),
            radius=FEATURED_RADIUS + 6,
            color=SELECTED_COLOUR,
            weight=3,
            fill=False,
            interactive=False,
        ).add_to(layer)
    return layer


def _place_feature(place: Place) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "place_id": place.id,
            "label": html.escape(place.name),
            "role": place.role,
        },
    }


def _area_feature(place_id: str, name: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"place_id": place_id, "label": html.escape(name), "role": "area"},
    }


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    role = feature["properties"]["role"]
    if role == "area":
        return {"color": FEATURED_COLOUR, "weight": 3, "dashArray": "6 4", "opacity": 0.9}
    featured = role == "featured"
    colour = FEATURED_COLOUR if featured else CONTEXT_COLOUR
    return {
        "color": "#ffffff",
        "weight": 2,
        "fillColor": colour,
        "fillOpacity": 0.9,
        "radius": FEATURED_RADIUS if featured else CONTEXT_RADIUS,
    }


def _bounds(places) -> list[list[float]]:
    places = list(places)
    lats = [place.lat for place in places]
    lons = [place.lon for place in places]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _centre(story: Story) -> tuple[float, float]:
    (south, west), (north, east) = _bounds(story.places.values())
    return ((south + north) / 2, (west + east) / 2)

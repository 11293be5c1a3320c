"""Build the folium map of a story.

The map comes in two parts. The base map (tiles, the starting view, and the story's
places and areas, loaded from a file the app serves; see storymap.map_features and
storymap.map_script) never
changes: streamlit-folium remounts the map, resetting the reader's pan and zoom,
whenever its script changes. What depends on the view (the years and language the
places are styled for, the selection ring, link arcs) is one small layer that the
component swaps in place.

A click names its place exactly, by the feature's ``properties.place_id``
(storymap.map_features.click_place_id), never by display text. Every text from the
data reaches the map as text: labels through the story layer's text nodes, arc labels
HTML-escaped here. How everything is drawn comes from storymap.style.
"""

from __future__ import annotations

from typing import Any

import folium
from folium.map import FitBounds

from storymap import style
from storymap.assets import MapAssets
from storymap.framing import MAX_ZOOM, frame_of, overview_max_zoom
from storymap.i18n import _
from storymap.map_script import Basemap, ControlWords, ShowOnMap, StoryLayer, TileNotice
from storymap.map_tiles import TILE_URL, tile_attribution
from storymap.model import Place, Story
from storymap.text import html_for_folium_script
from storymap.window import TimeWindow


def build_base_map(
    story: Story,
    assets: MapAssets,
    data_url: str,
    popups: bool = False,
    tiles: bool = True,
    basemap_urls: dict[str, str] | None = None,
) -> folium.Map:
    """Tiles, the starting view and the story layer; identical for every view.

    ``popups``: each place opens a popup of its events, for a map with no panel
    beside it (its data must then carry the details; see map_features.story_features).
    ``tiles``: OpenStreetMap's tiles, or none. ``basemap_urls``: where the app serves
    the land, coasts and borders drawn under the tiles (storymap.basemap), each level.

    Its words (the notices, the controls' titles) are in the current language: the
    same for every view in that language.
    """
    base_map = folium.Map(
        location=_centre(story),
        zoom_start=2,
        min_zoom=1,
        tiles=(
            folium.TileLayer(TILE_URL, attr=tile_attribution(), name="OpenStreetMap")
            if tiles
            else None
        ),
        world_copy_jump=True,
        prefer_canvas=True,
    )
    # Set on the map, not only on its tiles (folium gives min_zoom and max_zoom to a
    # tile layer it makes, not to one it is given): with no tiles, nothing else bounds it.
    base_map.options["max_zoom"] = MAX_ZOOM
    assets.apply(base_map)
    if basemap_urls is not None:
        Basemap(urls=basemap_urls, credited=not tiles).add_to(base_map)
    every_place = FitBounds(
        [list(corner) for corner in story.bounds],
        padding=(20, 20),
        max_zoom=overview_max_zoom(story),
    )
    # At once, not animated: a zoom still under way when the story layer frames the
    # selected place would end after it, and put the map back at every place's zoom.
    every_place.options["animate"] = False
    every_place.add_to(base_map)
    StoryLayer(data_url, popups).add_to(base_map)
    TileNotice().add_to(base_map)
    ControlWords().add_to(base_map)
    return base_map


def story_layer(
    story: Story,
    window: TimeWindow,
    selected: str | None = None,
    language: str | None = None,
    moves: int = 0,
) -> folium.FeatureGroup:
    """What depends on the reader's view, as one small layer over the base map:
    the years and language the places are styled for, the ring around the
    ``selected`` place and the arcs of its links, and the selected place's frame,
    which the map goes to when ``moves`` (the count of places chosen outside the
    map) changes, and when the map is new."""
    layer = folium.FeatureGroup(name="story")
    place = story.places.get(selected) if selected else None
    frame = frame_of(story, place).for_browser() if place is not None else None
    ShowOnMap(window.first, window.last, language, frame, moves).add_to(layer)
    for arc in link_arcs(story, window, selected):
        arc.add_to(layer)
    if place is not None:
        ring = folium.CircleMarker(
            location=(place.lat, place.lon), radius=style.selection_radius(), **style.SELECTION
        )
        _not_clickable(ring).add_to(layer)
    return layer


MAX_ARCS = 50


def link_arcs(story: Story, window: TimeWindow, selected: str | None) -> list[folium.PolyLine]:
    """Labelled arcs for the links of the selected place's events, to other places, and
    dotted ones between its events' places and where they happened, when elsewhere.

    A link to or from an event without a place draws nothing: it is listed under
    *Related* only.
    """
    if not selected:
        return []
    arcs: list[folium.PolyLine] = []
    drawn: set[tuple[str, str]] = set()
    for event in story.events_in(window, selected):
        for link in story.links_of(event.id):
            linked = (story.events_by_id[link.from_event], story.events_by_id[link.to_event])
            if not all(one.has_place for one in linked):
                continue  # an event without a place has no end on the map to draw to
            start, end = (story.places[one.place_id] for one in linked)
            # One arc for each pair of places (the first link's label on it), and no more
            # than MAX_ARCS: each is sent to the browser with every click.
            if start.id == end.id or (start.id, end.id) in drawn:
                continue
            if len(arcs) == MAX_ARCS:
                return arcs
            drawn.add((start.id, end.id))
            arcs.append(_arc(start, end, selected, style.LINK, link.label))
    # Then a line to where each of its events happened, when elsewhere, and from each
    # event that happened here to the place it concerns.
    drawn.clear()
    elsewhere = (
        *(e for e in story.events_in(window, selected) if e.happened_elsewhere),
        *story.events_happened_in(window, selected),
    )
    for event in elsewhere:
        start, end = story.places[event.happened_at], story.places[event.place_id]
        if (start.id, end.id) in drawn:
            continue
        if len(arcs) == MAX_ARCS:
            return arcs
        drawn.add((start.id, end.id))
        # Said from the selected place's side: where its event happened, or which
        # place an event that happened here concerns.
        if end.id == selected:
            label = _("{event}: happened in {place}").format(event=event.title, place=start.name)
        else:
            label = _("{event}: concerning {place}").format(event=event.title, place=end.name)
        arcs.append(_arc(start, end, selected, style.HAPPENED_AT, label))
    return arcs


def _arc(
    start: Place, end: Place, selected: str, line_style: dict[str, Any], label: str
) -> folium.PolyLine:
    """A labelled arc from ``start`` to ``end``, one of which is the selected place."""
    points = arc_points(start, end)
    if end.id == selected:
        # Drawn in the selected place's copy of the world, not one round the
        # globe from it, when the arc crosses the date line the short way.
        shift = end.lon - points[-1][1]
        points = [(lat, round(lon + shift, 4)) for lat, lon in points]
    arc = _not_clickable(folium.PolyLine(points, **line_style))
    # The place at the arc's other end, which its label names when that end is
    # out of view (storylayer.js, labelArcs).
    arc.options["farPlace"] = end.id if start.id == selected else start.id
    if label:
        folium.Tooltip(
            html_for_folium_script(label),
            permanent=True,
            sticky=False,
            direction="center",
            class_name="link-label",
        ).add_to(arc)
    return arc


# How far an arc's middle bows from the straight line, as a share of its length.
BOW = 0.2


def arc_points(start: Place, end: Place, steps: int = 24) -> list[tuple[float, float]]:
    """A gentle curve from ``start`` to ``end``: a quadratic curve bowed to the left of
    the way from one to the other, so that two links between the same places in
    opposite directions are two arcs, not one drawn twice."""
    lat0, lon0, lat1, lon1 = start.lat, start.lon, end.lat, end.lon
    if abs(lon1 - lon0) > 180:  # go the short way round, across the date line
        lon1 += -360 if lon1 > lon0 else 360
    mid_lat, mid_lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
    control = (mid_lat + BOW * (lon1 - lon0), mid_lon - BOW * (lat1 - lat0))
    points = []
    for step in range(steps + 1):
        t = step / steps
        lat = (1 - t) ** 2 * lat0 + 2 * (1 - t) * t * control[0] + t**2 * lat1
        lon = (1 - t) ** 2 * lon0 + 2 * (1 - t) * t * control[1] + t**2 * lon1
        points.append((round(max(-85.0, min(85.0, lat)), 4), round(lon, 4)))
    return points


def _not_clickable(path):
    # Drawn over the places on the same canvas, it must let their clicks through.
    # (folium's path options have no ``interactive``, so it is set here.)
    path.options["interactive"] = False
    return path


def _centre(story: Story) -> tuple[float, float]:
    (south, west), (north, east) = story.bounds
    return ((south + north) / 2, (west + east) / 2)

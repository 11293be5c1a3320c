"""Where the map goes when a place is chosen: a view that shows the place whole.

A place may carry its own zoom (the ``zoom`` column of places.csv, like a StoryMapJS
slide's). Otherwise a place with areas is framed with them (the Kuril chain whole,
the Kwantung territory), and a place without is shown at a zoom for its role: close
enough to tell it from its neighbours, far enough to see where in the world it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storymap.model import Place, Story

# The zoom of a place with neither its own zoom nor areas, by role.
ZOOM_BY_ROLE = {"featured": 7, "context": 6}
# The closest a frame around areas goes: a small area stays in its surroundings.
MAX_FRAMED_ZOOM = 9
# The closest the map ever goes: the tiles' last zoom, and the most a place's zoom may
# ask for (places.csv). Without tiles, Leaflet has no limit of its own: fitting a
# single point there asks for an endless zoom, and the map's view becomes NaN.
MAX_ZOOM = 18
# Degrees of margin around a framed place and its areas, as a share of their size.
MARGIN = 0.1


@dataclass(frozen=True)
class Frame:
    """A view of the map: a centre and zoom, or bounds to fit (south-west, north-east)."""

    centre: tuple[float, float] | None = None
    zoom: int | None = None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    max_zoom: int | None = None

    def for_browser(self) -> dict[str, Any]:
        """The frame as the story layer's script takes it (storylayer.js)."""
        if self.bounds is not None:
            return {
                "bounds": [list(self.bounds[0]), list(self.bounds[1])],
                "maxZoom": self.max_zoom,
            }
        return {"centre": list(self.centre or (0, 0)), "zoom": self.zoom}


def overview_max_zoom(story: Story) -> int:
    """The closest the map's first view of every place goes: any zoom when the places
    have an extent to fit, else (one place, or all of them at one point) the closest
    a frame around areas goes, rather than a street."""
    (south, west), (north, east) = story.bounds
    return MAX_FRAMED_ZOOM if (south, west) == (north, east) else MAX_ZOOM


def frame_of(story: Story, place: Place) -> Frame:
    """The view that shows ``place``: its own zoom, its areas, or its role's zoom."""
    if place.zoom is not None:
        return Frame(centre=(place.lat, place.lon), zoom=place.zoom)
    positions = [
        position
        for area in story.areas
        if area.place_id == place.id
        for position in _positions(area.geometry.get("coordinates"))
    ]
    if not positions:
        return Frame(centre=(place.lat, place.lon), zoom=ZOOM_BY_ROLE.get(place.role, 6))
    lons = [lon for lon, _ in positions] + [place.lon]
    lats = [lat for _, lat in positions] + [place.lat]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    margin_lat, margin_lon = (north - south) * MARGIN, (east - west) * MARGIN
    return Frame(
        bounds=(
            (max(-85.0, south - margin_lat), west - margin_lon),
            (min(85.0, north + margin_lat), east + margin_lon),
        ),
        max_zoom=MAX_FRAMED_ZOOM,
    )


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    """Every [lon, lat] position in a GeoJSON geometry's coordinates, however nested."""
    if not isinstance(coordinates, list) or not coordinates:
        return
    if isinstance(coordinates[0], (int, float)):
        if len(coordinates) >= 2:
            yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _positions(part)

"""The tiles under the map, and their credit: settled before any map is built.

Apart from storymap.folium_map, so that a page whose map is already rendered
(storymap.map_parts) says whose map it is without importing folium.
"""

from __future__ import annotations

import os

from storymap.i18n import _

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OPENSTREETMAP_LINK = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

# STORYMAP_TILES=none: a map with no tiles, only the basemap (storymap.basemap).
TILES_ENVIRONMENT_VARIABLE = "STORYMAP_TILES"


def tile_attribution() -> str:
    """The tiles' credit in the map's corner, as OpenStreetMap asks for it (its words
    may be translated): "© OpenStreetMap contributors"."""
    return "&copy; " + _("{openstreetmap} contributors").format(openstreetmap=_OPENSTREETMAP_LINK)


def tiles_from_environment(environ: dict[str, str] | None = None) -> bool:
    """Whether the map has its tiles: yes unless STORYMAP_TILES is ``none``."""
    value = (environ if environ is not None else os.environ).get(TILES_ENVIRONMENT_VARIABLE, "")
    return value.strip().lower() != "none"


def map_credit(tiles: bool) -> str:
    """Whose map is under the places, said under it."""
    if tiles:
        return _(
            "Map tiles © OpenStreetMap contributors, over land and borders from Natural Earth."
        )
    return _("Land and borders from Natural Earth.")

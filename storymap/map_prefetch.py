"""The page's script that starts loading the map's places before the map exists, and
the name of the page's function that the map's frame calls once it has drawn.

Apart from storymap.map_script (folium's elements), so that a page whose map is
already rendered (storymap.map_parts) starts the loading without importing folium.
"""

from __future__ import annotations

import json

from storymap.assets import map_code

# Where the app's page keeps the story data it has started to load, by address.
DATA_STORE = "storymapMapData"
# What the map's frame calls in the app's page, where the page has it, once it has
# drawn its places (storymap/static/panel_code.js).
MAP_DRAWN_HOOK = "storymapMapDrawn"


def start_loading_script(data_url: str) -> str:
    """A script for the app's page that starts loading the map's data at once.

    (prefetch.js: the map's frame takes the loading data from the page.)
    """
    arguments = json.dumps([DATA_STORE, data_url])[1:-1].replace("<", "\\u003c")
    return f"<script>\n{map_code('prefetch.js')}\n;startStoryLoading({arguments});\n</script>"

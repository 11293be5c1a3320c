"""A map as streamlit-folium's component is given it, once rendered (storymap.ui.map_rendering).

Plain data, without folium: kept in memory and on the disk (storymap.map_parts) and
given to the component as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The component's return value before the reader has clicked: only what the page reads.
RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked_count")


@dataclass(frozen=True)
class RenderedMap:
    """A base map's part of the component's arguments."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    # The component's key in the page: from the map's script, as st_folium makes it, so
    # that a different base map is a new component and the same one never remounts.
    component_key: str

    def arguments(self, layer_script: str, height: int) -> dict[str, Any]:
        """The component's arguments for this map with ``layer_script`` over it.

        Sequences as tuples and no dictionary: Streamlit checks every other kind of
        argument for a dataframe, and that check imports pandas (0.2 s, on a server's
        first page). The frontend gets the same JSON as from ``st_folium``, but for
        ``default``: null, not the map's values before a click. The frontend only
        compares its first report with it, and sends that report either way.
        """
        return {
            "script": self.script,
            "header": self.header,
            "html": self.html,
            "id": self.map_id,
            "key": self.component_key,
            "height": height,
            "width": None,  # the width of its column
            "returned_objects": RETURNED_OBJECTS,
            "default": None,
            "zoom": None,
            "center": None,
            "feature_group": layer_script,
            "return_on_hover": False,
            "layer_control": None,
            "pixelated": False,
            "css_links": self.css_links,
            "js_links": self.js_links,
            "wrap_longitude": False,
        }

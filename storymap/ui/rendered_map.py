"""The map as streamlit-folium's component is given it, rendered once and kept.

``st_folium`` renders its folium map to HTML and scripts on every call, and every click
on the map is a rerun of the page: at a few hundred readers, that rendering (and the
random ids folium draws for each of its elements) was most of the server's work for a
click. Yet the base map is the same for every view of a story in a language, and the
small layer that follows the view (storymap.folium_map.story_layer) is the same for
every reader at the same place and years. So both are rendered here, by
streamlit-folium's own functions, and kept (storymap.kept) by what they depend on; the
page gives the component what ``st_folium`` would have given it
(tests/test_rendered_map.py holds the two to the same arguments).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import streamlit_folium

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
        """The component's arguments for this map with ``layer_script`` over it."""
        return {
            "script": self.script,
            "header": self.header,
            "html": self.html,
            "id": self.map_id,
            "key": self.component_key,
            "height": height,
            "width": None,  # the width of its column
            "returned_objects": list(RETURNED_OBJECTS),
            "default": dict.fromkeys(RETURNED_OBJECTS),
            "zoom": None,
            "center": None,
            "feature_group": layer_script,
            "return_on_hover": False,
            "layer_control": None,
            "pixelated": False,
            "css_links": list(self.css_links),
            "js_links": list(self.js_links),
            "wrap_longitude": False,
        }


def render_base_map(base_map: folium.Map, key: str) -> RenderedMap:
    """``base_map`` rendered as st_folium renders it for the component ``key``."""
    base_map.get_root().render()
    base_map.render()
    # In st_folium's order: reading the script renames the map's elements.
    html = streamlit_folium._get_html(base_map)
    header = streamlit_folium._get_header(base_map)
    script = streamlit_folium._get_map_string(base_map)
    css_links: dict[str, None] = {}
    js_links: dict[str, None] = {}
    for element in _with_files(base_map):
        css_links.update(dict.fromkeys(href for _name, href in element.default_css))
        js_links.update(dict.fromkeys(src for _name, src in element.default_js))
    return RenderedMap(
        script=script,
        header=header,
        html=html,
        map_id=streamlit_folium.get_full_id(base_map),
        css_links=tuple(css_links),
        js_links=tuple(js_links),
        component_key=streamlit_folium.generate_js_hash(script, key, False),
    )


def render_layer(layer: folium.FeatureGroup) -> str:
    """The script that adds ``layer`` over the map, as st_folium writes it.

    The layer's elements name the map they are on; any map will do, since the name is
    then replaced by the one the component gives its map.
    """
    stand_in = folium.Map(tiles=None)
    return streamlit_folium._get_feature_group_string(layer, map=stand_in, idx=0)


def _with_files(element: Any):
    # The elements that bring scripts or stylesheets of their own, as st_folium finds them.
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _with_files(child)

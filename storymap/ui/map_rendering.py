"""The map rendered as ``st_folium`` renders it, once, for the component.

``st_folium`` renders its folium map to HTML and scripts on every call, and every click
on the map is a rerun of the page: at a few hundred readers, that rendering (and the
random ids folium draws for each of its elements) was most of the server's work for a
click. Yet the base map is the same for every view of a story in a language, and the
small layer that follows the view (storymap.folium_map.story_layer) is the same for
every reader at the same place and years. So both are rendered here, by
streamlit-folium's own functions, and kept (storymap.map_parts) by what they depend on;
the page gives the component what ``st_folium`` would have given it
(tests/test_rendered_map.py holds the two to the same arguments).

folium and streamlit-folium are imported by the functions that render, not at the top:
a server whose first page finds its map rendered already (kept on the disk with the
story) sends it without them, and they take about 0.7 s to import. import_in_background
has them ready before the reader's first click.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

from storymap.rendered_map import RenderedMap

if TYPE_CHECKING:
    import folium


def render_base_map(base_map: folium.Map, key: str) -> RenderedMap:
    """``base_map`` rendered as st_folium renders it for the component ``key``."""
    import streamlit_folium

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
    import folium
    import streamlit_folium

    stand_in = folium.Map(tiles=None)
    return streamlit_folium._get_feature_group_string(layer, map=stand_in, idx=0)


def _with_files(element: Any):
    # The elements that bring scripts or stylesheets of their own, as st_folium finds them.
    import folium.elements

    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _with_files(child)


@functools.cache  # once per process (twice at most, if two threads ask at once: harmless)
def import_in_background() -> None:
    """Import what rendering needs, on a thread of its own.

    For a server that drew its first map from the kept parts: the reader's first click
    renders a new layer, and should not wait for the imports then.
    """
    threading.Thread(target=_import_renderers, name="storymap-map-imports", daemon=True).start()


def _import_renderers() -> None:
    import streamlit_folium  # noqa: F401  (and folium, branca and jinja2 with it)

    from storymap import folium_map  # noqa: F401

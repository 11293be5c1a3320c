"""The map rendered as ``st_folium`` renders it, once, for the component.

``st_folium`` renders its folium map to HTML and scripts on every call, and every click
on the map is a rerun of the page: at a few hundred readers, that rendering (and the
random ids folium draws for each of its elements) was most of the server's work for a
click. Yet the base map is the same for every view of a story in a language, and the
small layer that follows the view (storymap.folium_map.story_layer) is the same for
every reader at the same place and years. So both are rendered here, by
streamlit-folium's own functions, and kept (storymap.map_parts) by what they depend on;
the page gives the component what ``st_folium`` would have given it
(tests/test_map_rendering.py holds the two to the same arguments, but for one; see
storymap.rendered_map).

folium and streamlit-folium are imported by the functions that render, not at the top:
a server whose first page finds its map rendered already (kept on the disk with the
story) sends it without them, and they take about 0.7 s to import. import_in_background
has folium ready before the reader's first click.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any

from storymap import layout
from storymap.assets import MapAssets
from storymap.gc_pause import gc_paused
from storymap.model import Story
from storymap.rendered_map import RenderedMap
from storymap.window import TimeWindow

if TYPE_CHECKING:
    import folium


def render_story_base_map(
    story: Story,
    assets: MapAssets,
    data_url: str,
    tiles: bool,
    basemap_urls: dict[str, str],
    key: str,
) -> RenderedMap:
    """The base map of ``story`` (storymap.folium_map.build_base_map), filling the
    frame the page gives it, rendered for the component ``key``."""
    base_map = _folium_map().build_base_map(
        story, assets, data_url, tiles=tiles, basemap_urls=basemap_urls
    )
    return render_base_map(_filling_its_frame(base_map), key)


def render_view_layer(
    story: Story, window: TimeWindow, place: str | None, language: str | None, moves: int
) -> str:
    """The layer of one view of ``story`` (storymap.folium_map.story_layer), rendered."""
    return render_layer(_folium_map().story_layer(story, window, place, language, moves))


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


def _filling_its_frame(base_map: folium.Map) -> folium.Map:
    """``base_map``, filling the frame the page gives it (storymap.layout)."""
    import folium

    # The same every run, like the rest of the base map (a change would remount it).
    style = folium.Element(layout.map_frame_style(base_map.get_name()))
    header = base_map.get_root().header  # type: ignore[attr-defined]  # a branca Figure
    header.add_child(style, name="fill_the_frame")
    return base_map


_importing: threading.Thread | None = None
_importing_lock = threading.Lock()


def import_in_background() -> None:
    """Import folium, and the project's module that builds its maps, on a thread of its
    own, once per process.

    For a server that drew its first map from the kept parts: the reader's first click
    renders a new layer, and should not wait for the imports then. (streamlit-folium
    itself is left to the run that renders: it declares its component on import, which
    Streamlit warns of outside a run; with folium loaded, it takes a few milliseconds.)
    """
    global _importing
    with _importing_lock:
        if _importing is None:
            _importing = threading.Thread(
                target=_import_folium, name="storymap-map-imports", daemon=True
            )
            _importing.start()


def _import_folium() -> None:
    # Without the collector, as a story is built (storymap.gc_pause): the imports make
    # a few hundred thousand objects, all kept, which would set off a full collection
    # that walks the story's million objects too (0.1 to 0.2 s at 10,000 places).
    with gc_paused():
        import folium.plugins  # noqa: F401  (folium, branca and jinja2 with it)

        from storymap import folium_map  # noqa: F401


def _folium_map() -> ModuleType:
    """storymap.folium_map, imported, and streamlit-folium with it; once any import
    under way on another thread is done: a module seen while another thread is still
    running it may be half made."""
    with _importing_lock:
        importing = _importing
    if importing is not None:
        importing.join()
    if "streamlit_folium" not in sys.modules:
        with gc_paused():  # as in _import_folium
            _import_folium()
            import streamlit_folium  # noqa: F401
    from storymap import folium_map

    return folium_map

"""The map: started early by the page, drawn by streamlit-folium, clicks read back.

The map's parts are rendered once for every reader (storymap.map_parts); folium is
imported only to render one that is not kept yet.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from storymap import layout, panel
from storymap.assets import assets_from_environment, basemap_urls
from storymap.i18n import _, current_language
from storymap.loaded_story import LoadedStory
from storymap.map_features import click_place_id
from storymap.map_parts import base_maps_of, layers_of
from storymap.map_prefetch import start_loading_script
from storymap.map_tiles import map_credit, tiles_from_environment
from storymap.model import Story
from storymap.rendered_map import RenderedMap
from storymap.ui import index_page
from storymap.ui.address import write_view
from storymap.ui.frame import small_print
from storymap.ui.keys import MAP_KEY, MOVE_MAP_KEY
from storymap.ui.map_component import map_component
from storymap.ui.map_first import map_has_drawn, map_has_not_drawn, rest_of_page_shown
from storymap.ui.map_rendering import (
    import_in_background,
    render_story_base_map,
    render_view_layer,
)
from storymap.view import INTERFACE_PARAMETER, ViewState, names_language
from storymap.window import TimeWindow

# The map's frame, until the layout's style makes it as tall as its box: its box's
# height less the line the frame sits on, so that the box never scrolls.
MAP_HEIGHT = layout.MAP_HEIGHT - layout.FRAME_LINE_GAP


def start_loading_map_data(loaded: LoadedStory, data_url: str) -> None:
    """Have the browser start loading the map's places now, before the map exists.

    The map's frame runs its script only once its own code has loaded; by then the page
    is busy drawing everything else, and a request made from the frame would wait
    behind that (about 0.2 s on the default story, 0.4 s at 10,000 places). The script
    holds nothing from the data, only the app's own address for it.

    On a reader's first map the page Streamlit served has started it
    (storymap.ui.index_page), wherever it knew the address: nothing is written then, as
    the element would hold the map back. The address of a folder's story's places is
    recorded here for the pages served next.
    """
    started = _started_by_served_page()
    if not loaded.uploaded:
        index_page.record_map_data(current_language(), data_url)
    if started == data_url and not rest_of_page_shown():
        return
    st.html(start_loading_script(data_url), unsafe_allow_javascript=True)


def _started_by_served_page() -> str | None:
    """The address of the places this run's page started loading as it was served, if it
    was a map page (as the server chose it, from the same request: storymap.ui.index_page)."""
    try:
        accept_language = st.context.headers.get("Accept-Language")
    except Exception:  # no browser behind this run (a test's script runner)
        return None
    return index_page.map_data_started(st.query_params.get(INTERFACE_PARAMETER), accept_language)


def story_map(loaded: LoadedStory, view: ViewState, window: TimeWindow, data_url: str) -> None:
    """The map; a click on a marker or area selects its place.

    The map opens on the selected place, framed (storymap.framing), and moves only to
    a place chosen elsewhere (the list, the tour, a related event, the timeline),
    never to one the reader just clicked: the map's script frames the place when the
    count of such choices changes, and once when the map is new.

    Written into the map's box (storymap.layout.MAP_BOX_KEY), which the page makes
    before anything beside or under it: the map has its height from the first paint.
    """
    story = loaded.story
    tiles = tiles_from_environment()
    # Where the link names no language, the names follow the interface's, if the story
    # has names in it; in English, a place's English name is its own where it has none.
    language = names_language(view, story.languages, current_language())
    moves = st.session_state.get(MOVE_MAP_KEY, 0)
    rendered = _rendered_base_map(story, data_url, tiles)

    def make_layer() -> str:
        return render_view_layer(story, window, view.place, language, moves)

    # A visitor's own story has one reader, so nothing to share, and its labels may be
    # of any length: its layers, kept, would hold memory beyond the budget for visitors'
    # stories (storymap.held_stories). Made for each run, as they were before.
    if loaded.uploaded:
        layer = make_layer()
    else:
        key = (current_language(), window, view.place, language, moves)
        layer = layers_of(story).get(key, make_layer)

    def on_click() -> None:
        map_has_drawn()  # its first report, sent once it has drawn, counts too
        # A map drawn from kept parts: the next click's layer may need rendering.
        import_in_background()
        value = st.session_state.get(rendered.component_key)
        if not isinstance(value, dict):  # a forged value is ignored
            return
        place_id = click_place_id(value.get("last_active_drawing"), story)
        if place_id:
            write_view(replace(view, place=place_id, event=None))

    # Only clicks rerun the app: pans and zooms stay in the browser.
    map_component()(**rendered.arguments(layer, MAP_HEIGHT), on_change=on_click)


def _rendered_base_map(story: Story, data_url: str, tiles: bool) -> RenderedMap:
    assets = assets_from_environment()
    urls = basemap_urls()
    # What else the base map is made of: where the places are, the words of its
    # controls, its tiles and where its scripts and basemap are served from.
    key = (data_url, current_language(), tiles, assets, tuple(urls.items()))

    return base_maps_of(story).get(
        key, lambda: render_story_base_map(story, assets, data_url, tiles, urls, MAP_KEY)
    )


def map_not_drawn_note() -> None:
    """Over the map's room, if the map has not drawn in the time the controls waited for
    it (storymap.ui.map_first): what the reader can do without it. Written into the map's
    box after the map, so that the map keeps its place there when the note goes."""
    if map_has_not_drawn():
        with st.container(key=layout.MAP_NOTE_KEY):
            st.info(
                _(
                    "The map has not loaded yet: choose a place from the list, or reload "
                    "the page to try again."
                ),
                icon=":material/map:",
            )


def map_notes(story: Story) -> None:
    """The map's legend and small print."""
    if story.eras:
        st.html(panel.legend_html(story.eras))
    credit = map_credit(tiles_from_environment())
    small_print(
        _("{credit} Click a marker, or choose a place from the list.").format(credit=credit)
    )

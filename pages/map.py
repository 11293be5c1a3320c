"""The map page: controls, the map, and the panel of the selected place or tour step.

The page is laid out top to bottom but written in the order a reader waits for things:
the panel first (a click on the map waits for it), then the map (a fresh page waits for
it), then the controls above the map, which fill a place kept for them.
"""

import streamlit as st

from storymap import ui
from storymap.text import markdown_literal
from storymap.view import share_url, window_of

# Inside the app's navigation; a fault shows a short message, never a traceback.
with ui.page_body():
    loaded = ui.current_story()
    story = loaded.story
    ui.use_panel_style()
    view = ui.read_view(loaded.context)
    window = window_of(view, story.span)
    data_url = ui.map_data_url(loaded)
    ui.start_loading_map_data(data_url)  # first, so that the places are on their way

    st.title(markdown_literal(loaded.title), anchor=False)
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        controls = st.container()
    with panel_column:
        step = ui.tour_controls(story, view, window)
        ui.place_panel(loaded, view, window, step)
        ui.share_link(share_url(st.context.url or "/", view), loaded.uploaded)
    with map_column:
        ui.story_map(loaded, view, window, data_url)
    with controls:
        place_column, language_column = st.columns([3, 2])
        with place_column:
            ui.place_list(loaded, view)
        with language_column:
            ui.language_select(story, view)
        ui.year_slider(story, view)

"""The map page: the places on a map, a list of them, and the selected place's panel."""

import streamlit as st

from storymap import ui
from storymap.view import share_url

story = ui.current_story()
ui.use_panel_style()
view = ui.read_view(story)

st.title("Russia and Japan have fought before")
map_column, panel_column = st.columns([3, 2], gap="medium")
with map_column:
    ui.place_list(story, view.place)
    ui.story_map(story, view.place)
with panel_column:
    ui.place_panel(story, view.place)
    st.markdown("**Share this view**")
    st.code(share_url(st.context.url or "/", view), language=None, wrap_lines=True)

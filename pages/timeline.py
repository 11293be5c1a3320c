"""Every event in date order, each with a link to its place on the map."""

import streamlit as st

from storymap import panel, ui
from storymap.view import PLACE_PARAMETER

story = ui.current_story()
ui.use_panel_style()

st.title("Timeline")
st.caption(f"{len(story.events)} events, "
           f"{story.events[0].date.first_year}–{story.events[-1].date.last_year}, "
           "oldest first.")
for event in story.events:
    place = story.places[event.place_id]
    with st.container(border=True):
        st.html(panel.timeline_entry_html(event, place, story.sources[event.source_id]))
        st.page_link("pages/map.py", label="Show on the map", icon=":material/place:",
                     query_params={PLACE_PARAMETER: place.id})

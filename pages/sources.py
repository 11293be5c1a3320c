"""Every source, and the story's data as tables with downloads of its files."""

import streamlit as st

from storymap import schema, tables, ui
from storymap.load import data_folder_from_environment

story = ui.current_story().story
ui.use_panel_style()

st.title("Sources and data")
st.header("Sources")
st.dataframe(
    tables.sources_table(story),
    hide_index=True,
    column_config={"Link": st.column_config.LinkColumn("Link")},
)

st.header("The data")
ui.note("The files the map is drawn from, as tables; each download is the file as the app "
        "read it. docs/data-format.md describes every column.")
folder = data_folder_from_environment()
for title, frame, filename, mime in (
    ("Places", tables.places_table(story), schema.PLACES.filename, "text/csv"),
    ("Events", tables.events_table(story), schema.EVENTS.filename, "text/csv"),
    ("Links between events", tables.links_table(story), schema.LINKS.filename, "text/csv"),
    ("Areas", tables.areas_table(story), schema.AREAS_FILENAME, "application/geo+json"),
):
    st.subheader(title)
    st.dataframe(frame, hide_index=True)
    if (folder / filename).is_file():
        ui.download_file(folder / filename, mime)
st.subheader("Other files")
for filename in (schema.SOURCES.filename, schema.NAMES.filename, schema.ERAS.filename):
    if (folder / filename).is_file():
        ui.download_file(folder / filename, "text/csv")

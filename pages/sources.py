"""Every source, and the story's data as tables with downloads of its files."""

import streamlit as st

from storymap import downloads, schema, tables, ui
from storymap.load import data_folder_from_environment

# A fault in this page shows a short message, never a traceback.
with ui.error_boundary():
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
    ui.note("The files the map is drawn from, as tables, and as files to download. In the CSV "
            "downloads, a text cell that a spreadsheet would run as a formula (starting with "
            "=, +, -, @, a tab or a carriage return) starts with an apostrophe, so it shows "
            "as text; numbers are as they were. docs/data-format.md describes every column.")
    folder = data_folder_from_environment()
    ui.download(downloads.story_geojson_bytes(story), "story.geojson", "application/geo+json",
                "Download the story as GeoJSON (places and areas, with their events)")
    for title, frame, table in (
        ("Places", tables.places_table(story), schema.PLACES),
        ("Events", tables.events_table(story), schema.EVENTS),
        ("Links between events", tables.links_table(story), schema.LINKS),
    ):
        st.subheader(title)
        st.dataframe(frame, hide_index=True)
        if (folder / table.filename).is_file():
            ui.download(downloads.spreadsheet_safe_csv(folder / table.filename, table),
                        table.filename, "text/csv")
    st.subheader("Areas")
    st.dataframe(tables.areas_table(story), hide_index=True)
    if (folder / schema.AREAS_FILENAME).is_file():
        ui.download((folder / schema.AREAS_FILENAME).read_bytes(), schema.AREAS_FILENAME,
                    "application/geo+json")
    st.subheader("Other files")
    for table in (schema.SOURCES, schema.NAMES, schema.ERAS):
        if (folder / table.filename).is_file():
            ui.download(downloads.spreadsheet_safe_csv(folder / table.filename, table),
                        table.filename, "text/csv")

"""Every source, and the story's data as tables with CSV downloads."""

import streamlit as st

from storymap import tables, ui
from storymap.load import data_folder_from_environment

story, _ = ui.current_story()
ui.use_panel_style()

st.title("Sources and data")
st.header("Sources")
st.dataframe(
    tables.sources_table(story),
    hide_index=True,
    column_config={"Link": st.column_config.LinkColumn("Link")},
)

folder = data_folder_from_environment()
st.header("The data")
ui.note("The files the map is drawn from. Each download is the file as the app read it.")
for title, frame, filename in (
    ("Places", tables.places_table(story), "places.csv"),
    ("Events", tables.events_table(story), "events.csv"),
):
    st.markdown(f"**{title}**")
    st.dataframe(frame, hide_index=True)
    st.download_button(
        f"Download {filename}",
        data=(folder / filename).read_bytes(),
        file_name=filename,
        mime="text/csv",
        icon=":material/download:",
    )
st.download_button("Download sources.csv", data=(folder / "sources.csv").read_bytes(),
                   file_name="sources.csv", mime="text/csv", icon=":material/download:")

"""Sources, the data as tables, and the story as files to take away."""

from functools import partial

import streamlit as st

from storymap import downloads, schema, tables, ui
from storymap.export import standalone_html
from storymap.i18n import _
from storymap.text import file_slug

# Inside the app's navigation; a fault shows a short message, never a traceback.
with ui.page_body():
    loaded = ui.current_story()
    story = loaded.story
    files = loaded.files

    st.title(_("Sources and data"))
    st.header(_("Sources"))
    # The table's heading of its links, in the reader's language as the table writes it.
    link = _("Link")
    st.dataframe(
        tables.sources_table(story),
        hide_index=True,
        column_config={link: st.column_config.LinkColumn(link)},
    )

    st.header(_("Take the story with you"))
    ui.small_print(
        _(
            "A standalone map is one HTML file with the map, its places and areas, each "
            "place's events and the legend: it opens in any browser, from disk, with no "
            "server (its tiles come from OpenStreetMap; offline, it shows land and borders "
            "of its own). The data folder "
            "(zip) holds the story's files as they are, to edit and upload again; "
            "GeoJSON carries the places and areas, with their events, to mapping tools. "
            "TimelineJS and StoryMapJS (Knight Lab's timeline and story-map tools) read the "
            "story's events, in date order, each with its date, text, source and place."
        )
    )
    # Each file is made when its button is pressed, not on every run of the page.
    name = file_slug(loaded.title)
    # Each button says what it is for: the file names come from the story's title, and
    # may be those of its data files (a story titled "Areas" exports areas.geojson).
    ui.download(
        lambda: standalone_html(story, loaded.title).encode("utf-8"),
        f"{name}-map.html",
        "text/html",
        _("Download a standalone map (HTML)"),
        purpose="standalone-map",
    )
    ui.download(
        lambda: downloads.story_zip(files, loaded.title, name),
        f"{name}-data.zip",
        "application/zip",
        _("Download the data folder (zip)"),
        purpose="data-folder",
    )
    ui.download(
        lambda: downloads.story_geojson_bytes(story),
        f"{name}.geojson",
        "application/geo+json",
        _("Download the story as GeoJSON (places and areas, with their events)"),
        purpose="story-geojson",
    )
    introduction = loaded.introduction or ""
    ui.download(
        lambda: downloads.story_timelinejs_bytes(story, loaded.title, introduction),
        f"{name}-timelinejs.json",
        "application/json",
        _("Download the story as TimelineJS (JSON)"),
        purpose="story-timelinejs",
    )
    ui.download(
        lambda: downloads.story_storymapjs_bytes(story, loaded.title, introduction),
        f"{name}-storymapjs.json",
        "application/json",
        _("Download the story as StoryMapJS (JSON)"),
        purpose="story-storymapjs",
    )

    def csv_download(table: schema.Table) -> None:
        # The file is read, and made safe, only when its button is pressed.
        if files.has(table.filename):
            ui.download(
                lambda: downloads.spreadsheet_safe_csv(files.read(table.filename), table),
                table.filename,
                "text/csv",
                purpose=f"file-{table.filename}",
            )

    st.header(_("The data"))
    ui.small_print(
        _(
            "The files the map is drawn from, as tables, and as files to download. In the "
            "tables and the CSV downloads, a text cell that a spreadsheet would run as a "
            "formula (starting with =, +, - or @, perhaps after spaces, or with a control "
            "character such as a tab) starts with an apostrophe, so it shows as text; "
            "numbers are as they were. The data format, every column with an example, is "
            "on the Your story page."
        )
    )
    for title, frame, table in (
        (_("Places"), tables.places_table(story), schema.PLACES),
        (_("Events"), tables.events_table(story), schema.EVENTS),
        (_("Links between events"), tables.links_table(story), schema.LINKS),
    ):
        st.subheader(title)
        st.dataframe(frame, hide_index=True)
        csv_download(table)
    st.subheader(_("Areas"))
    st.dataframe(tables.areas_table(story), hide_index=True)
    if files.has(schema.AREAS_FILENAME):
        ui.download(
            partial(files.read, schema.AREAS_FILENAME),
            schema.AREAS_FILENAME,
            "application/geo+json",
            purpose=f"file-{schema.AREAS_FILENAME}",
        )
    st.subheader(_("Other files"))
    for table in (schema.SOURCES, schema.NAMES, schema.ERAS):
        csv_download(table)

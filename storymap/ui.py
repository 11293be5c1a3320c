"""Streamlit glue shared by the pages: cached loading, the map, the panel, notices.

The only module of the package that imports streamlit. Everything it shows comes
from the plain functions of the other modules.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from storymap import mapping, panel
from storymap.assets import assets_from_environment, install_leaflet
from storymap.load import data_folder_from_environment, load_story
from storymap.model import Story
from storymap.report import DataError
from storymap.view import Notice, ViewState, query_from_view, view_from_query

PANEL_STYLE = Path(__file__).with_name("panel.css")
MAP_KEY = "map"
PLACE_SELECT_KEY = "place_select"
PAN_TO_KEY = "pan_to"  # a place chosen outside the map, for the map to bring into view
MAP_HEIGHT = 480


@st.cache_resource(show_spinner=False)
def prepare_assets() -> None:
    """Copy the map's scripts into the served folder, once per server."""
    install_leaflet()


@st.cache_resource(show_spinner="Loading the story…", max_entries=8)
def _cached_story(folder: str, fingerprint: tuple) -> Story | DataError:
    # Shared by every session and never copied: the records are frozen. A DataError
    # is returned, not raised, so that a broken folder is checked once, not per rerun.
    try:
        return load_story(Path(folder))
    except DataError as error:
        return error


def current_story() -> Story:
    """The story of the configured data folder; on bad data, the report and a stop."""
    folder = data_folder_from_environment()
    result = _cached_story(str(folder), _fingerprint(folder))
    if isinstance(result, DataError):
        show_data_error(result)
        st.stop()
    return result


def use_panel_style() -> None:
    st.html(PANEL_STYLE)


def show_data_error(error: DataError) -> None:
    st.error(
        f"The story's data in `{error.folder}` can't be shown: "
        f"{len(error.problems)} problem(s). Fix them and reload the page; "
        "`python -m storymap validate FOLDER` prints the same list.",
        icon=":material/error:",
    )
    st.code(error.report(), language=None, wrap_lines=True)


def _fingerprint(folder: Path) -> tuple:
    # Changes when any file of the folder changes, so an edited story is reloaded.
    if not folder.is_dir():
        return ()
    return tuple(
        (entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
        for entry in sorted(folder.iterdir())
        if entry.is_file()
    )


def read_view(story: Story) -> ViewState:
    """The view the address bar asks for; notices for what it could not honour."""
    view, notices = view_from_query(st.query_params.to_dict(), frozenset(story.places))
    show_notices(notices)
    return view


def write_view(view: ViewState) -> None:
    """Put ``view`` in the address bar, so that copying it shares this view."""
    wanted = query_from_view(view)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def show_notices(notices: list[Notice]) -> None:
    for notice in notices:
        # st.text: the message may repeat part of the URL, and must stay plain text.
        with st.container(border=True):
            st.text("ℹ️ " + notice.message)


def select_place(place_id: str | None) -> None:
    """Make ``place_id`` the selection: in the URL and in the place list."""
    write_view(ViewState(place=place_id))
    st.session_state[PLACE_SELECT_KEY] = place_id


def place_list(story: Story, selected: str | None) -> None:
    """A select box of every place, in sync with the map and the URL."""
    options = sorted(story.places, key=lambda place_id: _list_order(story, place_id))
    st.session_state[PLACE_SELECT_KEY] = selected
    st.selectbox(
        "Place",
        options,
        index=None,
        placeholder="Choose a place…",
        format_func=lambda place_id: story.places[place_id].name,
        key=PLACE_SELECT_KEY,
        on_change=_on_list_change,
        help="Every place on the map, featured places first. Type to search.",
    )


def _on_list_change() -> None:
    place_id = st.session_state[PLACE_SELECT_KEY]
    write_view(ViewState(place=place_id))
    st.session_state[PAN_TO_KEY] = place_id


def _list_order(story: Story, place_id: str) -> tuple:
    place = story.places[place_id]
    return (not place.featured, place.name.lower())


def story_map(story: Story, selected: str | None) -> None:
    """The map; a click on a marker or area selects its place.

    The map keeps the reader's view: it pans only to a place chosen from the list,
    never to one the reader just clicked.
    """
    selected_place = story.places.get(selected) if selected else None
    pan_to = story.places.get(st.session_state.pop(PAN_TO_KEY, None) or "")

    def on_click() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        place_id = mapping.click_place_id(value.get("last_active_drawing"), story)
        if place_id:
            select_place(place_id)

    st_folium(
        mapping.build_base_map(story, assets_from_environment()),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        # Only clicks rerun the app: pans and zooms stay in the browser.
        returned_objects=["last_active_drawing", "last_object_clicked_count"],
        feature_group_to_add=mapping.selection_layer(selected_place),
        center=(pan_to.lat, pan_to.lon) if pan_to else None,
        on_change=on_click,
    )
    st.caption("Map tiles © OpenStreetMap contributors. Click a marker, or choose a place "
               "from the list.")


def place_panel(story: Story, selected: str | None) -> None:
    if selected is None:
        intro_panel(story)
    else:
        st.html(panel.place_panel_html(story, story.places[selected]))


def intro_panel(story: Story) -> None:
    featured = [place for place in story.places.values() if place.featured]
    st.html(panel.intro_html(story, featured))

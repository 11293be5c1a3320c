"""Streamlit glue shared by the pages: cached loading, controls, the map, the panel.

The only module of the package that imports streamlit. Everything it shows comes from
the plain functions of the other modules. The view lives in the address bar: every
control writes a new view there (so that copying the address shares it), and every
run reads it back from there.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from stat import S_ISREG
from typing import Protocol

import streamlit as st
from streamlit import runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit_folium import st_folium

from storymap import mapping, panel
from storymap.assets import STATIC_FOLDER, STATIC_URL, assets_from_environment, install_leaflet
from storymap.held_stories import HeldStories, budget_from_environment
from storymap.load import (
    DEFAULT_DATA_FOLDER,
    Progress,
    data_folder_from_environment,
    load_story,
)
from storymap.maplayer import publish_story_data, start_loading_script
from storymap.model import Event, Story
from storymap.report import DataError
from storymap.storyfiles import FolderFiles, StoryFiles, package_title
from storymap.text import markdown_literal
from storymap.tour import TourStep, first_step, tour_step
from storymap.upload import check_upload_sizes
from storymap.upload_check import check_upload
from storymap.view import (
    DEFAULT_LANGUAGE,
    Notice,
    ViewContext,
    ViewState,
    query_from_view,
    view_context,
    view_from_query,
    window_of,
    with_window,
)
from storymap.window import TimeWindow

_LOGGER = logging.getLogger(__name__)
PANEL_STYLE = Path(__file__).with_name("panel.css")
MAP_KEY = "map"
PLACE_SELECT_KEY = "place_select"
YEARS_KEY = "years"
LANGUAGE_KEY = "language"
AUTOPLAY_KEY = "autoplay"
PAN_TO_KEY = "pan_to"  # a place chosen outside the map, for the map to bring into view
_LAST_PAGE_KEY = "_last_page"
_ARRIVED_KEY = "_arrived_on_page"
_AUTOPLAY_DUE_KEY = "_autoplay_due"  # (step, monotonic time the tour moves on)
_LAST_QUERY_KEY = "_last_query"
UPLOADED_STORY_KEY = "_uploaded_story"  # this session's ticket for its own story, if any
_DROPPED_KEY = "_dropped_story"  # the title of this session's story, if it was let go
_MAP_DATA_COORDINATES = "storymap.private-map-data"  # its one place in the media store
MAP_HEIGHT = 480
MAX_RELATED_BUTTONS = 30
AUTOPLAY_SECONDS = 6


def inside_app_frame() -> None:
    """Run this page inside app.py's navigation, even on a server's very first run.

    Streamlit runs a new server the old way when a ``pages/`` folder exists: each file
    its own page, without app.py, until some run calls st.navigation. A first visitor
    arriving on a link to a page other than the map (after a restart, or a wake-up on
    Community Cloud) would get a menu of file names, and so would every visitor after
    them until someone opened the map. Turning that mode off and rerunning runs
    app.py, which opens the same page: its address names it the same way.

    Once per process: Streamlit's AppTest sets the old mode again before every run,
    and a rerun there would drop the click that started the run.
    """
    global _FRAME_SET
    if PagesManager.uses_pages_directory and not _FRAME_SET:
        _FRAME_SET = True
        PagesManager.uses_pages_directory = False
        st.rerun()


_FRAME_SET = False  # whether inside_app_frame has turned the old mode off in this process


@st.cache_resource(show_spinner=False)
def prepare_assets() -> None:
    """Copy the map's scripts into the served folder, once per server."""
    install_leaflet()


# Every session's own story, in one budget for the whole server (STORYMAP_UPLOADS_MB).
HELD_STORIES = HeldStories(budget_from_environment())


@dataclass(frozen=True)
class LoadedStory:
    """A story with what every page needs of it, worked out once per data folder."""

    story: Story
    context: ViewContext
    place_order: tuple[str, ...]  # the place list's order: featured places first, by name
    title: str
    files: StoryFiles  # the files it was read from, for the data downloads
    # Where the map loads the story's places and areas from: a file the app serves to
    # everyone, or, for a visitor's own story, these bytes, served from memory.
    data_url: str | None = None
    private_map_data: bytes | None = None
    # The article's own story, from the app's data folder: it has its own introduction.
    article: bool = False
    held_bytes: int = 0  # for a visitor's own story: the server memory it takes to hold

    @property
    def uploaded(self) -> bool:
        """A visitor's own story, shown to that visitor's session only."""
        return self.private_map_data is not None


def _loaded(
    story: Story,
    files: StoryFiles,
    title: str,
    data_url: str | None = None,
    private_map_data: bytes | None = None,
    article: bool = False,
) -> LoadedStory:
    return LoadedStory(
        story,
        view_context(story),
        _place_order(story),
        title,
        files,
        data_url,
        private_map_data,
        article,
    )


@st.cache_resource(show_spinner="Loading the story…", max_entries=8)
def _cached_story(folder: str, fingerprint: tuple) -> LoadedStory | DataError:
    # Shared by every session and never copied: the records are frozen. A DataError
    # is returned, not raised, so that a broken folder is checked once, not per rerun.
    try:
        story = load_story(Path(folder))
    except DataError as error:
        return error
    files = FolderFiles(Path(folder))
    data_url = publish_story_data(story, STATIC_FOLDER, STATIC_URL)
    return _loaded(
        story,
        files,
        package_title(files) or Path(folder).name,
        data_url=data_url,
        article=is_article_folder(Path(folder)),
    )


def is_article_folder(folder: Path) -> bool:
    """The app's own data folder, which holds the article's story."""
    try:
        return folder.resolve() == DEFAULT_DATA_FOLDER.resolve()
    except OSError:
        return False


def own_story_title() -> str | None:
    """The title of the story this session is shown, unless it is the article's.

    A folder set with STORYMAP_DATA or a visitor's upload is someone's own story; the
    dashboard then speaks of it, not of the article.
    """
    uploaded = own_uploaded_story()
    if uploaded is not None:
        return uploaded.title
    folder = data_folder_from_environment()
    if is_article_folder(folder):
        return None
    configured = _cached_story(str(folder), _fingerprint(folder))
    return configured.title if isinstance(configured, LoadedStory) else folder.name


def current_story() -> LoadedStory:
    """This session's uploaded story, if any, else the configured folder's.

    On bad data, shows the report and stops the page.
    """
    uploaded = own_uploaded_story()
    if uploaded is not None:
        uploaded_story_banner(uploaded)
        return uploaded
    say_if_own_story_was_let_go()
    folder = data_folder_from_environment()
    result = _cached_story(str(folder), _fingerprint(folder))
    if isinstance(result, DataError):
        show_data_error(result)
        st.stop()
    return result


def say_if_own_story_was_let_go() -> None:
    """Tell the visitor, once, that their story was let go to make room for others'.

    Called by app.py for every page, and again by the pages that look for the story
    (current_story, the Your story page): on a server's first run, or in AppTest, a
    page may run without app.py around it.
    """
    dropped = st.session_state.pop(_DROPPED_KEY, None)
    if dropped is not None:
        st.warning(
            f"Your story “{dropped}” was let go from the server's memory to make "
            "room for other visitors' stories, so the default story is shown. "
            "Upload it again on the Your story page to see it.",
            icon=":material/warning:",
        )


def own_uploaded_story() -> LoadedStory | None:
    """This session's own story, if it uploaded one that is still held."""
    ticket = st.session_state.get(UPLOADED_STORY_KEY)
    if ticket is None:
        return None
    loaded = HELD_STORIES.get(ticket)
    if loaded is None:  # let go to make room for others' stories: say so once
        st.session_state.pop(UPLOADED_STORY_KEY, None)
        st.session_state.pop(_LAST_QUERY_KEY, None)
        st.session_state[_DROPPED_KEY] = ticket.title
    return loaded


class UploadedFile(Protocol):
    """A file of Streamlit's file uploader: its size is known before it is read."""

    name: str
    size: int

    def getvalue(self) -> bytes: ...


def load_upload(
    uploads: Sequence[UploadedFile],
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> LoadedStory | DataError:
    """An upload checked as a story in a worker process; or its problems.

    The files' sizes are checked before any of them is read: a visitor can't make the
    server copy more than the limit.
    """
    try:
        check_upload_sizes([(upload.name, upload.size) for upload in uploads])
    except DataError as error:
        return error
    result = check_upload(
        [(upload.name, upload.getvalue()) for upload in uploads], progress, on_wait
    )
    if isinstance(result, DataError):
        return result
    # Never written to the folder the app serves to every visitor: see map_data_url.
    loaded = _loaded(result.story, result.files, result.title, private_map_data=result.map_data)
    return replace(loaded, held_bytes=result.held_bytes)


def map_data_url(loaded: LoadedStory) -> str:
    """Where this run's map loads the story's places and areas from.

    A visitor's own story is served from this session's memory, by Streamlit's media
    store (as a download button's file is): at an address no one else knows, kept only
    while this session's map page shows it. Carrying it inside the map's script
    instead would send it again with every click, 4 MB at 10,000 places.
    """
    if loaded.private_map_data is None:
        return loaded.data_url or ""  # a folder's story always has one
    return runtime.get_instance().media_file_mgr.add(
        loaded.private_map_data, "application/json", coordinates=_MAP_DATA_COORDINATES
    )


def show_uploaded_story(loaded: LoadedStory) -> bool:
    """Show ``loaded`` on every page of this session, from its map's default view.

    False if it is larger than all the memory the server keeps for visitors' stories.
    """
    ticket = HELD_STORIES.hold(loaded, loaded.held_bytes, loaded.title)
    if ticket is None:  # the story shown so far stays
        return False
    previous = st.session_state.get(UPLOADED_STORY_KEY)
    if previous is not None:
        HELD_STORIES.release(previous)
    st.session_state[UPLOADED_STORY_KEY] = ticket
    st.session_state.pop(_DROPPED_KEY, None)
    st.session_state.pop(_LAST_QUERY_KEY, None)  # a view of another story means nothing
    return True


def leave_uploaded_story() -> None:
    ticket = st.session_state.pop(UPLOADED_STORY_KEY, None)
    if ticket is not None:
        HELD_STORIES.release(ticket)
    st.session_state.pop(_DROPPED_KEY, None)
    st.session_state.pop(_LAST_QUERY_KEY, None)
    st.query_params.clear()


def uploaded_story_banner(loaded: LoadedStory) -> None:
    """Says whose story this is, and the way back to the dashboard's own."""
    with st.container(border=True):
        message, back = st.columns([3, 1], vertical_alignment="center")
        with message:
            st.html(panel.uploaded_banner_html(loaded.title))
        with back:
            st.button(
                "Back to the default story",
                icon=":material/undo:",
                on_click=leave_uploaded_story,
                key="leave_uploaded_story",
                width="stretch",
            )


def use_panel_style() -> None:
    st.html(PANEL_STYLE)


def note(text: str) -> None:
    """A line of small print, as plain text, in a colour readable on both themes.

    (st.caption's grey has too little contrast for small text.)
    """
    st.html(panel.note_html(text))


def story_note(about_the_article: str, title: str | None) -> None:
    """What the dashboard shows: ``about_the_article``, or the story ``title`` instead.

    ``title``: own_story_title(), worked out once per run by the caller.
    """
    if title is None:
        note(about_the_article)
    elif UPLOADED_STORY_KEY in st.session_state:
        note(f"“{title}”: your own story, shown in this tab only.")
    else:
        note(f"“{title}”: a map of its places, and of what happened at each.")


def download(
    data: bytes | Callable[[], bytes],
    file_name: str,
    mime: str,
    label: str | None = None,
    purpose: str | None = None,
) -> None:
    """A button that downloads ``data`` as ``file_name``.

    Given a function, the file is made only when the button is pressed, not on every
    run of the page: an export of a large story takes seconds to write.

    ``purpose`` names what the button is for, once on its page ("data-folder"); by
    default it is the label and the file name. File names alone can repeat: a story
    titled "Areas" names its GeoJSON export areas.geojson, as the areas file is named.

    A press does not rerun the page: nothing on it changes, and a run that starts while
    a made-on-press file is on its way drops Streamlit's answer, which leaves the button
    spinning.
    """
    label = label or f"Download {file_name}"
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        key=f"download-{purpose or f'{label}-{file_name}'}",
        on_click="ignore",
    )


@contextlib.contextmanager
def page_body() -> Iterator[None]:
    """What every page runs in: app.py's navigation, and an error boundary."""
    inside_app_frame()
    with error_boundary():
        yield


@contextlib.contextmanager
def error_boundary() -> Iterator[None]:
    """Show a failing page as a short message, never a traceback; log the details.

    (st.stop and st.rerun are not Exceptions, so they pass through.)
    """
    try:
        yield
    except Exception:
        _LOGGER.exception("A page of the app failed")
        st.error(
            "This page could not be shown: something went wrong in the app, not in what "
            "you did. Reload the page to try again; the view you had is kept in the "
            "address. The details are in the server's log.",
            icon=":material/error:",
        )


def show_data_error(error: DataError) -> None:
    st.error(
        f"The story's data in `{error.folder}` can't be shown: "
        f"{error.total:,} problem(s). Fix them and reload the page; "
        "`python -m storymap validate FOLDER` prints the same list.",
        icon=":material/error:",
    )
    st.code(error.report(), language=None, wrap_lines=True)


def _fingerprint(folder: Path) -> tuple:
    # Changes when any file of the folder changes, so an edited story is reloaded.
    try:
        stats = ((entry.name, entry.stat()) for entry in sorted(folder.iterdir()))
        return tuple(
            (name, stat.st_mtime_ns, stat.st_size) for name, stat in stats if S_ISREG(stat.st_mode)
        )
    except OSError:  # missing or unreadable: the loader says which, and how to fix it
        return ()


# The view and the address bar


def note_page(page: str) -> None:
    """Record which page this run shows, so that a page can tell it was just opened."""
    st.session_state[_ARRIVED_KEY] = st.session_state.get(_LAST_PAGE_KEY) not in (None, page)
    st.session_state[_LAST_PAGE_KEY] = page


def read_view(context: ViewContext) -> ViewState:
    """The view the address bar asks for; notices for what it could not honour.

    Streamlit's page navigation drops the query string, so a page opened from another
    one without a query brings the view (time window, language, place) along.
    """
    query = st.query_params.to_dict()
    if not query and st.session_state.get(_ARRIVED_KEY) and st.session_state.get(_LAST_QUERY_KEY):
        query = st.session_state[_LAST_QUERY_KEY]
        st.query_params.from_dict(query)
    view, notices = view_from_query(query, context)
    if notices:  # show the corrected view's link, so that what is shared is what is seen
        st.query_params.from_dict(query_from_view(view))
    st.session_state[_LAST_QUERY_KEY] = query_from_view(view)
    show_notices(notices)
    return view


def write_view(view: ViewState, pan_to: str | None = None) -> None:
    """Put ``view`` in the address bar; ``pan_to`` a place for the map to bring into view."""
    wanted = query_from_view(view)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[_LAST_QUERY_KEY] = wanted
    if pan_to:
        st.session_state[PAN_TO_KEY] = pan_to


def show_notices(notices: list[Notice]) -> None:
    for notice in notices:
        # st.text: the message may repeat part of the URL, and must stay plain text.
        with st.container(border=True):
            st.text("ℹ️ " + notice.message)


def go_to_event(view: ViewState, event: Event, span: TimeWindow) -> None:
    """Open ``event``'s place, widening the window if the event lies outside it."""
    window = window_of(view, span)
    if not window.contains_date(event.date):
        window = TimeWindow(
            min(window.first, event.date.first_year), max(window.last, event.date.last_year)
        )
        view = with_window(view, window, span)
    if view.touring:
        view = replace(view, event=event.id, place=event.place_id)
    else:
        view = replace(view, place=event.place_id)
    write_view(view, pan_to=event.place_id)


# Controls


def place_list(loaded: LoadedStory, view: ViewState) -> None:
    """A select box of every place, in sync with the map and the URL."""
    places = loaded.story.places
    st.session_state[PLACE_SELECT_KEY] = view.place

    def on_change() -> None:
        place_id = st.session_state[PLACE_SELECT_KEY]
        write_view(replace(view, place=place_id, event=None), pan_to=place_id)

    st.selectbox(
        "Place",
        loaded.place_order,
        index=None,
        placeholder="Choose a place…",
        format_func=lambda place_id: places[place_id].name,
        key=PLACE_SELECT_KEY,
        on_change=on_change,
        help="Every place on the map, featured places first. Type to search.",
    )


def _place_order(story: Story) -> tuple[str, ...]:
    def order(place_id: str) -> tuple:
        place = story.places[place_id]
        return (not place.featured, place.name.lower())

    return tuple(sorted(story.places, key=order))


def year_slider(story: Story, view: ViewState) -> TimeWindow:
    """The time window control; returns the window shown.

    A story whose events all fall in one year has no years to choose between (and
    Streamlit refuses a slider whose two ends are equal): a line says which year it is.
    """
    if story.span.first == story.span.last:
        if story.events:
            note(f"All events are in {story.span.first}.")
        return story.span
    window = window_of(view, story.span)
    st.session_state[YEARS_KEY] = (window.first, window.last)

    def on_change() -> None:
        first, last = st.session_state[YEARS_KEY]
        changed = with_window(view, TimeWindow(first, last), story.span)
        if changed.event and not TimeWindow(first, last).contains_date(
            story.events_by_id[changed.event].date
        ):
            changed = replace(changed, event=None)  # the tour's step left the window
        write_view(changed)

    st.slider(
        "Years",
        min_value=story.span.first,
        max_value=story.span.last,
        key=YEARS_KEY,
        on_change=on_change,
        help="Show only the events of these years; places with no event in them are dimmed.",
    )
    return window


def language_select(story: Story, view: ViewState) -> None:
    """Which language the map's names are in."""
    languages = [DEFAULT_LANGUAGE, *sorted(story.languages - {DEFAULT_LANGUAGE})]
    st.session_state[LANGUAGE_KEY] = view.language or DEFAULT_LANGUAGE

    def on_change() -> None:
        chosen = st.session_state[LANGUAGE_KEY]
        write_view(replace(view, language=None if chosen == DEFAULT_LANGUAGE else chosen))

    st.selectbox(
        "Names on the map",
        languages,
        key=LANGUAGE_KEY,
        on_change=on_change,
        format_func=lambda code: panel.LANGUAGE_NAMES.get(code, code),
        help="Names in the languages of the places, as used in the chosen years.",
    )


def tour_controls(story: Story, view: ViewState, window: TimeWindow) -> TourStep | None:
    """Start, step through and end the guided tour; returns the current step, if any."""
    step = tour_step(story, window, view.event) if view.event else None
    if step is None:
        first = first_step(story, window)

        def start() -> None:
            if first is not None:
                write_view(
                    replace(view, event=first.id, place=first.place_id), pan_to=first.place_id
                )

        st.button(
            "Start the tour",
            icon=":material/play_arrow:",
            disabled=first is None,
            on_click=start,
            help="Step through every event of the chosen years, oldest first.",
        )
        return None

    def go(event: Event | None) -> None:
        if event is not None:
            write_view(replace(view, event=event.id, place=event.place_id), pan_to=event.place_id)

    previous, following, end = st.columns(3)
    previous.button(
        "Previous",
        icon=":material/arrow_back:",
        shortcut="Left",
        disabled=step.previous is None,
        on_click=go,
        args=(step.previous,),
        help="The previous event (left arrow key)",
        width="stretch",
    )
    following.button(
        "Next",
        icon=":material/arrow_forward:",
        shortcut="Right",
        disabled=step.next is None,
        on_click=go,
        args=(step.next,),
        help="The next event (right arrow key)",
        width="stretch",
    )
    end.button(
        "End tour",
        icon=":material/close:",
        width="stretch",
        on_click=lambda: write_view(replace(view, event=None)),
    )
    autoplay = st.toggle(
        "Play automatically",
        key=AUTOPLAY_KEY,
        help=f"Move to the next event every {AUTOPLAY_SECONDS} seconds.",
    )
    if autoplay and step.next is not None:
        _autoplay(view, step.next)
    return step


def _autoplay(view: ViewState, following: Event) -> None:
    """Move the tour on to ``following`` once the current step has been shown a while."""
    due = st.session_state.get(_AUTOPLAY_DUE_KEY)
    if due is None or due[0] != view.event:  # a new step: its time starts now
        st.session_state[_AUTOPLAY_DUE_KEY] = (view.event, time.monotonic() + AUTOPLAY_SECONDS)

    @st.fragment(run_every=1)
    def advance_when_due() -> None:
        # Only this fragment reruns each second; the page reruns when the step moves on.
        if time.monotonic() >= st.session_state[_AUTOPLAY_DUE_KEY][1]:
            write_view(
                replace(view, event=following.id, place=following.place_id),
                pan_to=following.place_id,
            )
            st.rerun(scope="app")

    advance_when_due()


# The map


def start_loading_map_data(data_url: str) -> None:
    """Have the browser start loading the map's places now, before the map exists.

    The map's frame runs its script only once its own code has loaded; by then the page
    is busy drawing everything else, and a request made from the frame would wait
    behind that (about 0.2 s on the default story, 0.4 s at 10,000 places). The script
    holds nothing from the data, only the app's own address for it.
    """
    st.html(start_loading_script(data_url), unsafe_allow_javascript=True)


def story_map(loaded: LoadedStory, view: ViewState, window: TimeWindow, data_url: str) -> None:
    """The map; a click on a marker or area selects its place.

    The map keeps the reader's view: it pans only to a place chosen elsewhere (the
    list, the tour, a related event), never to one the reader just clicked. (A map
    that opens on a link starts from the view of every place, which shows the linked
    one: streamlit-folium drops a centre given before the map has its final size.)
    """
    story = loaded.story
    pan_to = story.places.get(st.session_state.pop(PAN_TO_KEY, None) or "")

    def on_click() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        place_id = mapping.click_place_id(value.get("last_active_drawing"), story)
        if place_id:
            write_view(replace(view, place=place_id, event=None))

    st_folium(
        mapping.build_base_map(story, assets_from_environment(), data_url),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        # Only clicks rerun the app: pans and zooms stay in the browser.
        returned_objects=["last_active_drawing", "last_object_clicked_count"],
        feature_group_to_add=mapping.story_layer(
            story, mapping.MapView(window, view.place, view.language)
        ),
        center=(pan_to.lat, pan_to.lon) if pan_to else None,
        on_change=on_click,
    )
    if story.eras:
        st.html(panel.legend_html(story.eras))
    note("Map tiles © OpenStreetMap contributors. Click a marker, or choose a place from the list.")


# The panel


def place_panel(
    loaded: LoadedStory, view: ViewState, window: TimeWindow, step: TourStep | None
) -> None:
    story = loaded.story
    if step is not None:
        st.html(panel.tour_step_html(story, step.event, step.position, step.total))
        related_buttons(story, view, (step.event,))
    elif view.place is None:
        featured = [place for place in story.places.values() if place.featured]
        st.html(panel.intro_html(story, featured, None if loaded.article else loaded.title))
    else:
        st.html(panel.place_panel_html(story, story.places[view.place], window))
        related_buttons(story, view, story.events_in(window, view.place))


def share_link(url: str, uploaded: bool = False) -> None:
    # A link rather than st.code: the same URL to copy, without the syntax highlighter
    # that st.code loads into the page before the map.
    st.html(panel.share_html(url, uploaded))


def related_buttons(story: Story, view: ViewState, events: tuple[Event, ...]) -> None:
    """The other ends of the links of ``events``, each a button that goes there."""
    related = panel.related_events(story, events)
    if not related:
        return
    st.markdown("#### Related")
    if len(related) > MAX_RELATED_BUTTONS:  # each button is sent with every click
        note(
            f"The first {MAX_RELATED_BUTTONS} of {len(related):,} related events; every "
            "link is in the table of links on the Sources and data page."
        )
    for number, item in enumerate(related[:MAX_RELATED_BUTTONS]):
        other = item.event
        place = story.places[other.place_id]
        label = f"{item.phrase}: {other.title} ({other.date.display()}, {place.name})"
        st.button(
            markdown_literal(label),
            key=f"related-{number}-{other.id}",
            icon=":material/link:",
            on_click=go_to_event,
            args=(view, other, story.span),
            width="stretch",
            wrap=True,
        )

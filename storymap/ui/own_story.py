"""A visitor's own story: the upload checked in a worker, held within the server's
budget for visitors' stories, its banner, and the way back to the default story."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

import streamlit as st

from storymap import panel
from storymap.held_stories import HeldStories, budget_from_environment
from storymap.i18n import _
from storymap.load import (
    Progress,
)
from storymap.loaded_story import LoadedStory, loaded_story
from storymap.report import DataError
from storymap.storyfiles import Conversion
from storymap.text import markdown_literal
from storymap.ui.keys import DROPPED_KEY, LAST_QUERY_KEY, UPLOADED_STORY_KEY
from storymap.ui.streamlit_internals import serve_from_memory
from storymap.upload import check_upload_sizes
from storymap.upload_check import check_upload

_MAP_DATA_COORDINATES = "storymap.private-map-data"  # its one place in the media store


HELD_STORIES = HeldStories(budget_from_environment())


def say_if_own_story_was_let_go() -> None:
    """Tell the visitor, once, that their story was let go to make room for others'.

    Called by app.py for every page, and again by the pages that look for the story
    (current_story, the Your story page): on a server's first run, or in AppTest, a
    page may run without app.py around it.
    """
    dropped = st.session_state.pop(DROPPED_KEY, None)
    if dropped is not None:
        st.warning(
            _(
                "Your story “{title}” was let go from the server's memory to make room for "
                "other visitors' stories, so the default story is shown. Upload it again on "
                "the Your story page to see it."
            ).format(title=markdown_literal(dropped)),
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
        st.session_state.pop(LAST_QUERY_KEY, None)
        st.session_state[DROPPED_KEY] = ticket.title
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
    loaded = loaded_story(
        result.story,
        result.files,
        result.title,
        private_map_data=result.map_data,
        private_map_data_in=result.map_data_in,
    )
    return replace(loaded, held_bytes=result.held_bytes, conversion=result.conversion)


def map_data_url(loaded: LoadedStory) -> str:
    """Where this run's map loads the story's places and areas from.

    A visitor's own story is served from this session's memory, by Streamlit's media
    store (as a download button's file is): at an address no one else knows, kept only
    while this session's map page shows it. Carrying it inside the map's script
    instead would send it again with every click, 4 MB at 10,000 places.
    """
    if loaded.private_map_data is None:
        return loaded.data_url or ""  # a folder's story always has one
    return serve_from_memory(loaded.private_map_data, "application/json", _MAP_DATA_COORDINATES)


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
    st.session_state.pop(DROPPED_KEY, None)
    st.session_state.pop(LAST_QUERY_KEY, None)  # a view of another story means nothing
    return True


def leave_uploaded_story() -> None:
    ticket = st.session_state.pop(UPLOADED_STORY_KEY, None)
    if ticket is not None:
        HELD_STORIES.release(ticket)
    st.session_state.pop(DROPPED_KEY, None)
    st.session_state.pop(LAST_QUERY_KEY, None)
    st.query_params.clear()


def uploaded_story_banner(loaded: LoadedStory) -> None:
    """Says whose story this is, and the way back to the dashboard's own."""
    with st.container(border=True):
        message, back = st.columns([3, 1], vertical_alignment="center")
        with message:
            st.html(panel.uploaded_banner_html(loaded.title))
        with back:
            st.button(
                _("Back to the default story"),
                icon=":material/undo:",
                on_click=leave_uploaded_story,
                key="leave_uploaded_story",
                width="stretch",
            )
        if loaded.conversion is not None:
            _conversion_report(loaded.conversion)


def _conversion_report(conversion: Conversion) -> None:
    """What another tool's file became, and each thing that was not carried over."""
    # The file's name is the visitor's: shown as text, never as markdown.
    label = markdown_literal(panel.conversion_heading(conversion))
    lines = "\n".join(conversion.lines)
    if not lines:
        st.caption(label)
        return
    with st.expander(label):
        st.code(lines, language=None, wrap_lines=True)

"""The parts of Streamlit this app uses that are not its public API, in one place.

Streamlit may change any of them in a release without notice. Each is used here
only, with why; tests/test_streamlit_internals.py checks that each is still there as
used, and fails on an upgrade until "Upgrading Streamlit" in the README has been gone
through.
"""

from __future__ import annotations

from streamlit import runtime
from streamlit.runtime.pages_manager import PagesManager

# The release these were checked against (the one requirements.txt pins).
CHECKED_WITH = "1.67.0"
# The test ids of the page elements the stylesheets style: panel.css (the map data
# loader's container), layout.css (the wrapper that sizes a container of a given height,
# the map component's placeholder, the panel's text and buttons) and frame.css (the
# sidebar's content).
STYLED_TEST_IDS = (
    "stElementContainer",
    "stHtml",
    "stButton",
    "stLayoutWrapper",
    "stSkeleton",
    "stSidebarContent",
    "stMarkdownContainer",
    "stAlert",
)
STYLESHEETS = ("panel.css", "layout.css", "frame.css")  # in storymap/


def in_pages_directory_mode() -> bool:
    """Whether this server still runs each file of ``pages/`` as its own page.

    Streamlit starts a server that way when a ``pages/`` folder exists, until some run
    calls ``st.navigation``; there is no public way to ask or to change it.
    """
    return bool(PagesManager.uses_pages_directory)


def leave_pages_directory_mode() -> None:
    """Have this server run app.py's navigation from now on, for every session."""
    PagesManager.uses_pages_directory = False


def serve_from_memory(data: bytes, mimetype: str, coordinates: str) -> str:
    """An address at which Streamlit's in-memory media store serves ``data``.

    As a download button's file is served: kept while the page of the run that added
    it shows it, at an address named from a hash of the data (so a random member in the
    data makes it unguessable). ``coordinates`` names its one place on the page.
    """
    return runtime.get_instance().media_file_mgr.add(data, mimetype, coordinates=coordinates)


async def run_app_once() -> tuple[bool, str]:
    """Run the app's script once, in a session of its own without a browser: what
    Streamlit's script health check does. ``(True, "ok")``, or ``(False, "error")``, or
    ``(False, "timeout")`` after Streamlit's own limit (SCRIPT_RUN_CHECK_TIMEOUT, 60 s).

    For storymap.ui.server_start, at the start of a server, on its event loop's thread
    (the only thread it may be called from).
    """
    return await runtime.get_instance().does_script_run_without_error()

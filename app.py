"""The dashboard's frame: page settings, navigation and the shared sidebar."""

import streamlit as st

from storymap import ui
from storymap.i18n import _
from storymap.runlog import timed_run

MAP_PAGE_PATH = ""  # the default page's: the app's own address


def pages() -> list:
    """The pages, titled in this run's language (their addresses never change)."""
    return [
        st.Page("pages/map.py", title=_("Map"), icon=":material/map:", default=True),
        st.Page(
            "pages/timeline.py",
            title=_("Timeline"),
            icon=":material/timeline:",
            url_path="timeline",
        ),
        st.Page(
            "pages/sources.py",
            title=_("Sources and data"),
            icon=":material/table:",
            url_path="sources",
        ),
        st.Page(
            "pages/upload.py",
            title=_("Your story"),
            icon=":material/upload_file:",
            url_path="upload",
        ),
        st.Page("pages/about.py", title=_("About"), icon=":material/info:", url_path="about"),
    ]


def main() -> None:
    ui.choose_interface_language()  # first: everything after it speaks that language
    title = ui.story_title()
    # The pages in the header, and the sidebar closed: a sidebar that opens once the
    # page has drawn pushes the whole page sideways. (Phones show the pages in it.)
    # Embedded in another site's page the app has no header: the pages stay in the
    # sidebar, open, as they were.
    embedded = bool(st.context.is_embedded)
    st.set_page_config(
        page_title=_("{title}: a map").format(title=title),
        page_icon="🗺️",
        layout="wide",
        initial_sidebar_state="auto" if embedded else "collapsed",
    )
    ui.prepare_assets()
    ui.say_if_own_story_was_let_go()  # if story_title() just found out, on any page
    navigation = st.navigation(pages(), position="sidebar" if embedded else "top")
    ui.record_page(navigation.url_path)
    # A reader's first map: the rest of the page, and the sidebar's language menu and
    # caption, wait until the map has drawn, so that its frame does not wait behind
    # their code (storymap.ui.map_first). Not in another site's page, whose open
    # sidebar would show itself empty.
    map_page = navigation.url_path == MAP_PAGE_PATH
    if not ui.controls_wait(map_page and not embedded):
        with st.sidebar:
            ui.interface_menu()
            ui.story_caption(title)
    navigation.run()  # each page has its own error boundary


if __name__ == "__main__":  # a run of the script (Streamlit runs it as __main__)
    with timed_run():  # measures the run when STORYMAP_RUN_LOG is set, for the benchmarks
        main()
else:
    # `streamlit run app.py` finds this assignment (by reading this file, not running
    # it: keep its name and form; tests/test_server_start.py checks it is found) and
    # serves the app through it, from an import of this file: a server that runs the
    # app once as it starts (storymap/ui/server_start.py). Importing this module only
    # builds the object; nothing starts until a server serves it.
    import os

    from starlette.middleware import Middleware

    from storymap.ui.index_page import IndexPage
    from storymap.ui.server_start import HealthAfterFirstRun, run_once_at_start

    app = st.App(
        __file__,
        lifespan=run_once_at_start(os.environ),
        # IndexPage: the pages' style, and the map's places on their way, in the page.
        middleware=[Middleware(HealthAfterFirstRun), Middleware(IndexPage)],
    )

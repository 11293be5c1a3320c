"""The dashboard's frame: page settings, navigation and the shared sidebar."""

import streamlit as st

from storymap import ui
from storymap.i18n import _
from storymap.runlog import timed_run


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
    ui.use_frame_style()
    ui.say_if_own_story_was_let_go()  # if story_title() just found out, on any page
    navigation = st.navigation(pages(), position="sidebar" if embedded else "top")
    ui.record_page(navigation.url_path)
    with st.sidebar:
        ui.interface_menu()
        ui.story_caption(title)
    navigation.run()  # each page has its own error boundary


with timed_run():  # measures the run when STORYMAP_RUN_LOG is set, for the benchmarks
    main()

"""Streamlit glue for the pages: the only part of the package that imports streamlit.

Everything it shows comes from the plain functions of the other modules of ``storymap``.
Each module here has one job; the pages use these names through ``storymap.ui``.
"""

from storymap.ui.address import go_to_event, read_view, record_page, write_view
from storymap.ui.controls import language_select, place_list, tour_controls, year_slider
from storymap.ui.frame import (
    download,
    error_boundary,
    layout_box,
    page_body,
    prepare_assets,
    small_print,
    story_caption,
)
from storymap.ui.interface import choose_interface_language, interface_menu
from storymap.ui.keys import UPLOADED_STORY_KEY
from storymap.ui.map_first import bring_controls_when_due, controls_wait, rest_of_page_shown
from storymap.ui.map_view import (
    map_not_drawn_note,
    map_notes,
    start_loading_map_data,
    story_map,
)
from storymap.ui.own_story import (
    HELD_STORIES,
    leave_uploaded_story,
    load_upload,
    map_data_url,
    own_uploaded_story,
    say_if_own_story_was_let_go,
    show_uploaded_story,
    uploaded_story_banner,
)
from storymap.ui.side_panel import place_panel, placeless_events, related_buttons, share_link
from storymap.ui.stories import current_story, show_data_error, story_title

__all__ = [
    "HELD_STORIES",
    "UPLOADED_STORY_KEY",
    "bring_controls_when_due",
    "choose_interface_language",
    "controls_wait",
    "current_story",
    "download",
    "error_boundary",
    "go_to_event",
    "interface_menu",
    "language_select",
    "layout_box",
    "leave_uploaded_story",
    "load_upload",
    "map_data_url",
    "map_not_drawn_note",
    "map_notes",
    "own_uploaded_story",
    "page_body",
    "place_list",
    "place_panel",
    "placeless_events",
    "prepare_assets",
    "read_view",
    "record_page",
    "related_buttons",
    "rest_of_page_shown",
    "say_if_own_story_was_let_go",
    "share_link",
    "show_data_error",
    "show_uploaded_story",
    "small_print",
    "start_loading_map_data",
    "story_caption",
    "story_map",
    "story_title",
    "tour_controls",
    "uploaded_story_banner",
    "write_view",
    "year_slider",
]

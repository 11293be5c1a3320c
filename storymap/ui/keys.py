"""Every key this app keeps in a session's ``st.session_state``, in one place."""

# Widgets, by key: each is set from the view before it is drawn.
MAP_KEY = "map"
PLACE_SELECT_KEY = "place_select"
YEARS_KEY = "years"
LANGUAGE_KEY = "language"
AUTOPLAY_KEY = "autoplay"

MOVE_MAP_KEY = "move_map"  # counts the places chosen outside the map: each moves the map
LAST_PAGE_KEY = "_last_page"  # the page the last run showed
ARRIVED_KEY = "_arrived_on_page"  # whether this run's page was just opened from another
AUTOPLAY_DUE_KEY = "_autoplay_due"  # (step, monotonic time the tour moves on)
LAST_QUERY_KEY = "_last_query"  # the view's query, to bring along to another page
UPLOADED_STORY_KEY = "_uploaded_story"  # this session's ticket for its own story, if any
DROPPED_KEY = "_dropped_story"  # the title of this session's story, if it was let go
INTERFACE_KEY = "_interface_language"  # the interface language a link or the menu chose
INTERFACE_MENU_KEY = "interface_menu"
CONTROLS_KEY = (
    "_controls"  # the map page's rest (controls, panel): waiting for its map, or not (map_first)
)
CONTROLS_WAIT_STARTED_KEY = "_controls_wait_started"  # monotonic time the wait began

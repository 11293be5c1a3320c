"""The map page's layout: what the first screen shows while its parts arrive.

The page's stylesheet (storymap/layout.css) is in the page Streamlit serves, there from
the first paint (storymap.ui.index_page). Streamlit then draws the page in steps. Its first
answer widens the page from the narrow empty page it shows first, and moves whatever is
in it; the map's frame comes a moment later, once the code of Streamlit's component
element has loaded; on a reader's first map, the controls, the panel beside the map and
the events under it come once the map has drawn (storymap.ui.map_first), each element
a placeholder of one line's height until its code has loaded. Anything drawn under a
placeholder that grows, or in the page that widens, would jump.

So the page under the title is drawn in a box one pixel tall, out of sight, which the
stylesheet opens once the map's frame is in it (or the controls are, where the frame
never comes): the page has widened by then, and it appears at once, where it stays.
The parts that can still arrive after that keep their room in boxes of a given height
(the map's, the controls'), or come whole: the panel shows once its text and its
buttons are drawn, its placeholders gone.

What comes before any page's elements is set where Streamlit reads it first: the
title's size and the gap above it in the theme (.streamlit/config.toml), the sidebar
closed and the pages in the header (app.py), since a sidebar that opens after the first
paint pushes the whole page sideways. One move is left, Streamlit's own: a wide screen
first shows an empty page centred, which widens when the page's settings arrive; the
theme keeps that empty page short, so that the move counts for little (about 0.02).

No Streamlit here: the numbers, the container keys the stylesheet names, and the
stylesheet's variables, read by storymap.ui.
"""

from __future__ import annotations

from pathlib import Path

LAYOUT_STYLE = Path(__file__).resolve().parent / "layout.css"

# The containers layout.css styles; Streamlit gives each the class ``st-key-<key>``.
PAGE_BOX_KEY = "map-page"
MAP_BOX_KEY = "story-map"
CONTROLS_BOX_KEY = "map-controls"
CONTROLS_ROW_KEY = "map-controls-row"
BOX_KEYS = (PAGE_BOX_KEY, MAP_BOX_KEY, CONTROLS_BOX_KEY, CONTROLS_ROW_KEY)
# The panel beside the map, under the controls: shown whole (layout.css).
PANEL_BOX_KEY = "map-panel"
# Over the map's room, written after the map: a note that the map has not loaded.
MAP_NOTE_KEY = "map-not-drawn"

# Pixels. The page under the title, until the stylesheet opens it (the map's frame, or
# the controls, in it).
PAGE_PLACEHOLDER_HEIGHT = 1
# The map, if the stylesheet never came: about its height on a 390 x 844 phone.
MAP_HEIGHT = 400
# The map's frame is an inline element until the stylesheet makes it a block: the line
# it sits on is this much taller than the frame.
FRAME_LINE_GAP = 8
# Place and names side by side above the years, with Streamlit 1.67's widgets; the
# row of the two lists on its own, so that the years stay put when the lists draw.
CONTROLS_HEIGHT = 152
CONTROLS_ROW_HEIGHT = 68


def layout_variables() -> str:
    """The stylesheet's variables: the heights above, as CSS."""
    return (
        ":root {"
        f" --controls-height: {CONTROLS_HEIGHT}px;"
        f" --controls-row-height: {CONTROLS_ROW_HEIGHT}px;"
        " }\n"
    )


def map_frame_style(map_name: str) -> str:
    """The style inside the map's own frame: the map fills the frame, whatever height
    the page gives it (streamlit-folium sets the map's height in pixels)."""
    return f"<style>#{map_name} {{ height: 100vh !important; }}</style>"

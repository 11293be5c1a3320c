"""The map page: the map, and beside it the controls, the legend and the panel of the
selected place or tour step (under it on a phone).

The page is laid out top to bottom but written in the order a reader waits for things:
the panel first (a click on the map waits for it), then the map (a fresh page waits for
it), then the controls, which fill a place kept for them. On a reader's first map the
rest of the page (the controls, the panel and the events under the map) comes only once
the map has drawn (storymap.ui.map_first): its code and its drawing would otherwise
hold up the map's. Nothing on the first screen moves once shown (storymap.layout): the
page is styled as it is served (storymap.ui.index_page), and the map and the controls have
their room before they draw.

A click (on the map, a control, the panel's buttons) reruns only the page's body, a
fragment: not app.py's frame nor its sidebar, which it does not change. At a few
hundred readers, that frame was a third of the server's work for a click.
"""

import streamlit as st

from storymap import layout, ui
from storymap.runlog import timed_run
from storymap.text import markdown_literal
from storymap.view import share_url, window_of


@st.fragment
def map_page_body() -> None:
    # Its own error boundary, language and timing: a click reruns this alone, without
    # app.py or the page around it.
    with timed_run(), ui.page_body():
        ui.bring_controls_when_due()  # the map's first report: a run of the whole app
        loaded = ui.current_story()
        story = loaded.story
        view = ui.read_view(loaded.context)
        window = window_of(view, story.span)
        data_url = ui.map_data_url(loaded)

        st.title(markdown_literal(loaded.title), anchor=False)
        with ui.layout_box(layout.PAGE_BOX_KEY, layout.PAGE_PLACEHOLDER_HEIGHT):
            map_column, panel_column = st.columns([3, 2], gap="medium")
            with map_column:  # the map's room, before anything is written beside or under it
                map_box = ui.layout_box(layout.MAP_BOX_KEY, layout.MAP_HEIGHT)
            # Now, so that the places are on their way (unless the served page has started
            # them); under the columns, hidden by the style.
            ui.start_loading_map_data(loaded, data_url)
            # On a reader's first map, once it has drawn (storymap.ui.map_first).
            rest_shown = ui.rest_of_page_shown()
            with panel_column:
                controls = ui.layout_box(layout.CONTROLS_BOX_KEY, layout.CONTROLS_HEIGHT)
                if rest_shown:
                    with st.container(key=layout.PANEL_BOX_KEY):
                        ui.map_notes(story)
                        step = ui.tour_controls(story, view, window)
                        ui.place_panel(loaded, view, window, step)
                        ui.share_link(share_url(st.context.url or "/", view), loaded.uploaded)
            with map_box:
                ui.story_map(loaded, view, window, data_url)
                ui.map_not_drawn_note()  # over the map's room, if it has not drawn in time
            with controls:
                if rest_shown:
                    with ui.layout_box(
                        layout.CONTROLS_ROW_KEY, layout.CONTROLS_ROW_HEIGHT, horizontal=True
                    ):
                        ui.place_list(loaded, view)
                        ui.language_select(story, view)
                    ui.year_slider(story, view)
        # Under the map and the panel, out of the first screen's way: the events that the
        # map cannot show, of the chosen years.
        if rest_shown:
            ui.placeless_events(story, window)


map_page_body()

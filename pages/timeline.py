"""Every event of the time window over time and in date order, each opening the map."""

from dataclasses import replace

import streamlit as st

from storymap import chart, panel, ui
from storymap.i18n import _, ngettext
from storymap.view import query_from_view, tour_view

# More would make a page no one scrolls and a chart no browser draws quickly.
LISTED_EVENTS = 500

# Inside the app's navigation; a fault shows a short message, never a traceback.
with ui.page_body():
    loaded = ui.current_story()
    story = loaded.story
    view = ui.read_view(loaded.context)

    st.title(_("Timeline"))
    window = ui.year_slider(story, view)
    events = story.events_in(window)
    shown = events[:LISTED_EVENTS]
    years = (
        str(window.first)
        if window.first == window.last
        else _("{first}–{last}").format(first=window.first, last=window.last)
    )
    sentences = [
        ngettext(
            "{count} event, {years}, oldest first.",
            "{count} events, {years}, oldest first.",
            len(events),
        ).format(count=len(events), years=years),
        _("Click an event in the chart to open it on the map."),
    ]
    if len(shown) < len(events):
        sentences.append(
            ngettext(
                "The chart and the list show the first {count}; narrow the years to see "
                "the others.",
                "The chart and the list show the first {count}; narrow the years to see "
                "the others.",
                len(shown),
            ).format(count=len(shown))
        )
    ui.small_print(" ".join(sentences))

    selection = st.altair_chart(
        chart.timeline_chart(story, window, limit=LISTED_EVENTS),
        on_select="rerun",
        key="timeline_chart",
        width="stretch",
    )
    picked = chart.picked_event(selection, story)
    if picked:
        opened = tour_view(view, story.events_by_id[picked])
        st.switch_page("pages/map.py", query_params=query_from_view(opened))

    for event in shown:
        with st.container(border=True):
            st.html(panel.timeline_entry_html(story, event))
            # An event without a place opens as the tour's step, which shows it alone.
            st.page_link(
                "pages/map.py",
                label=_("Show on the map") if event.has_place else _("Show in the tour"),
                icon=":material/place:" if event.has_place else ":material/tour:",
                query_params=query_from_view(
                    replace(view, place=event.place_id, event=None)
                    if event.has_place
                    else tour_view(view, event)
                ),
            )

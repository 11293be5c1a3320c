"""The side panel: the introduction, a place's events or a tour step, related events,
and the share link."""

from __future__ import annotations

import streamlit as st

from storymap import panel
from storymap.date_text import date_text
from storymap.i18n import _, ngettext
from storymap.loaded_story import LoadedStory
from storymap.model import Event, Story
from storymap.number_text import number_text
from storymap.text import markdown_literal
from storymap.tour import TourStep
from storymap.ui.address import go_to_event
from storymap.ui.frame import small_print
from storymap.view import (
    ViewState,
)
from storymap.window import TimeWindow

MAX_RELATED_BUTTONS = 30


def place_panel(
    loaded: LoadedStory, view: ViewState, window: TimeWindow, step: TourStep | None
) -> None:
    story = loaded.story
    if step is not None:
        st.html(panel.tour_step_html(story, step.event, step.position, step.total))
        related_buttons(story, view, (step.event,))
    elif view.place is None:
        featured = [place for place in story.places.values() if place.featured]
        st.html(panel.intro_html(story, featured, loaded.title, loaded.introduction))
    else:
        st.html(panel.place_panel_html(story, story.places[view.place], window))
        related_buttons(story, view, story.events_in(window, view.place))


def placeless_events(story: Story, window: TimeWindow) -> None:
    """The events without a place, under the map; nothing for a story without them."""
    listed = panel.placeless_events_html(story, window)
    if listed:
        st.html(listed)


def share_link(url: str, uploaded: bool = False) -> None:
    # A link rather than st.code: the same URL to copy, without the syntax highlighter
    # that st.code loads into the page before the map.
    st.html(panel.share_html(url, uploaded))


def related_buttons(story: Story, view: ViewState, events: tuple[Event, ...]) -> None:
    """The other ends of the links of ``events``, each a button that goes there."""
    related = panel.related_events(story, events)
    if not related:
        return
    st.markdown("#### " + _("Related"))
    if len(related) > MAX_RELATED_BUTTONS:  # each button is sent with every click
        small_print(
            ngettext(
                "The first {shown} of {count} related event; every link is in the table "
                "of links on the Sources and data page.",
                "The first {shown} of {count} related events; every link is in the table "
                "of links on the Sources and data page.",
                len(related),
            ).format(shown=MAX_RELATED_BUTTONS, count=number_text(len(related)))
        )
    for number, item in enumerate(related[:MAX_RELATED_BUTTONS]):
        other = item.event
        label = _("{link}: {title} ({date}, {place})").format(
            link=item.phrase,
            title=other.titled,
            date=other.display_date or date_text(other.date),
            place=panel.place_name_of(story, other),
        )
        st.button(
            markdown_literal(label),
            key=f"related-{number}-{other.id}",
            icon=":material/link:",
            on_click=go_to_event,
            args=(view, other, story.span),
            width="stretch",
            wrap=True,
        )

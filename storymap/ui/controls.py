"""The controls beside the map: the place list, the years, the language, the tour."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial

import streamlit as st

from storymap.i18n import _, current_language, ngettext
from storymap.languages import language_name_in_interface
from storymap.loaded_story import LoadedStory
from storymap.model import Event, Story
from storymap.tour import TourStep, first_step, tour_step
from storymap.ui.address import write_view
from storymap.ui.frame import small_print
from storymap.ui.keys import (
    AUTOPLAY_DUE_KEY,
    AUTOPLAY_KEY,
    LANGUAGE_KEY,
    PLACE_SELECT_KEY,
    YEARS_KEY,
)
from storymap.view import (
    DEFAULT_LANGUAGE,
    ViewState,
    default_names_language,
    names_language,
    tour_view,
    window_of,
    with_window,
)
from storymap.window import TimeWindow

AUTOPLAY_SECONDS = 6
NAMES_WIDTH = 170  # pixels: the language list beside the place list, which takes the rest


def place_list(loaded: LoadedStory, view: ViewState) -> None:
    """A select box of every place, in sync with the map and the URL."""
    places = loaded.story.places
    st.session_state[PLACE_SELECT_KEY] = view.place

    def on_change() -> None:
        place_id = st.session_state[PLACE_SELECT_KEY]
        write_view(replace(view, place=place_id, event=None), move_map=True)

    st.selectbox(
        _("Place"),
        loaded.place_order,
        index=None,
        placeholder=_("Choose a place…"),
        format_func=lambda place_id: places[place_id].name,
        key=PLACE_SELECT_KEY,
        on_change=on_change,
        help=_("Every place on the map, featured places first. Type to search."),
    )


def year_slider(story: Story, view: ViewState) -> TimeWindow:
    """The time window control; returns the window shown.

    A story whose events all fall in one year has no years to choose between (and
    Streamlit refuses a slider whose two ends are equal): a line says which year it is.
    """
    if story.span.first == story.span.last:
        if story.events:
            small_print(_("All events are in {year}.").format(year=story.span.first))
        return story.span
    window = window_of(view, story.span)
    st.session_state[YEARS_KEY] = (window.first, window.last)

    def on_change() -> None:
        first, last = st.session_state[YEARS_KEY]
        changed = with_window(view, TimeWindow(first, last), story.span)
        if changed.event and not TimeWindow(first, last).contains_date(
            story.events_by_id[changed.event].date
        ):
            changed = replace(changed, event=None)  # the tour's step left the window
        write_view(changed)

    st.slider(
        _("Years"),
        min_value=story.span.first,
        max_value=story.span.last,
        key=YEARS_KEY,
        on_change=on_change,
        help=_("Show only the events of these years; places with no event in them are dimmed."),
    )
    return window


def language_select(story: Story, view: ViewState) -> None:
    """Which language the map's names are in: the link's, else the interface's where
    the story has names in it, else English; each language named in the interface's."""
    languages = [DEFAULT_LANGUAGE, *sorted(story.languages - {DEFAULT_LANGUAGE})]
    interface = current_language()
    default = default_names_language(story.languages, interface)
    st.session_state[LANGUAGE_KEY] = names_language(view, story.languages, interface)

    def on_change() -> None:
        # The default is left out of the link, so that the names go on following the
        # interface; any other choice is kept, English too.
        chosen = st.session_state[LANGUAGE_KEY]
        write_view(replace(view, language=None if chosen == default else chosen))

    st.selectbox(
        _("Names on the map"),
        languages,
        key=LANGUAGE_KEY,
        on_change=on_change,
        # Bound to this run's language: Streamlit may format the options after the run.
        format_func=partial(language_name_in_interface, interface=interface),
        help=_("Names in the languages of the places, as used in the chosen years."),
        width=NAMES_WIDTH,
    )


def tour_controls(story: Story, view: ViewState, window: TimeWindow) -> TourStep | None:
    """Start, step through and end the guided tour; returns the current step, if any."""
    step = tour_step(story, window, view.event) if view.event else None
    if step is None:
        first = first_step(story, window)

        def start() -> None:
            if first is not None:
                go_to_step(view, first)

        st.button(
            _("Start the tour"),
            icon=":material/play_arrow:",
            disabled=first is None,
            on_click=start,
            help=_("Step through every event of the chosen years, oldest first."),
        )
        return None

    def go(event: Event | None) -> None:
        if event is not None:
            go_to_step(view, event)

    previous, following, end = st.columns(3)
    previous.button(
        _("Previous"),
        icon=":material/arrow_back:",
        shortcut="Left",
        disabled=step.previous is None,
        on_click=go,
        args=(step.previous,),
        help=_("The previous event (left arrow key)"),
        width="stretch",
    )
    following.button(
        _("Next"),
        icon=":material/arrow_forward:",
        shortcut="Right",
        disabled=step.next is None,
        on_click=go,
        args=(step.next,),
        help=_("The next event (right arrow key)"),
        width="stretch",
    )
    end.button(
        _("End tour"),
        icon=":material/close:",
        width="stretch",
        on_click=lambda: write_view(replace(view, event=None)),
    )
    autoplay = st.toggle(
        _("Play automatically"),
        key=AUTOPLAY_KEY,
        help=ngettext(
            "Move to the next event every {count} second.",
            "Move to the next event every {count} seconds.",
            AUTOPLAY_SECONDS,
        ).format(count=AUTOPLAY_SECONDS),
    )
    if autoplay and step.next is not None:
        _autoplay(view, step.next)
    return step


def go_to_step(view: ViewState, event: Event) -> None:
    """Move the tour to ``event``: the map goes to its place, and stays where it is for
    an event without a place, which the panel shows alone."""
    write_view(tour_view(view, event), move_map=event.has_place)


def _autoplay(view: ViewState, following: Event) -> None:
    """Move the tour on to ``following`` once the current step has been shown a while."""
    due = st.session_state.get(AUTOPLAY_DUE_KEY)
    if due is None or due[0] != view.event:  # a new step: its time starts now
        st.session_state[AUTOPLAY_DUE_KEY] = (view.event, time.monotonic() + AUTOPLAY_SECONDS)

    @st.fragment(run_every=1)
    def advance_when_due() -> None:
        # Only this fragment reruns each second; the page reruns when the step moves on.
        if time.monotonic() >= st.session_state[AUTOPLAY_DUE_KEY][1]:
            go_to_step(view, following)
            st.rerun(scope="app")

    advance_when_due()

"""The view state and its query string: the one place that knows the URL format.

``/?place=kherson&from=1940&to=1960&lang=ja`` opens Kherson, the events of 1940 to
1960, and Japanese names on the map; ``/?event=<id>`` opens the guided tour at that
event, and selects its place (none, for an event without a place); ``/?ui=ja`` speaks
Japanese (storymap.i18n), and the names on the map follow it when ``lang`` is absent. Reading never
fails: what names nothing is dropped, what is out of range is corrected, and each
such change comes with a notice. Notices never repeat a value that is not a plain id
or number, so nothing from the URL reaches the page as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from storymap.i18n import INTERFACE_LANGUAGES, _
from storymap.model import Event, Story
from storymap.schema import SLUG_PATTERN
from storymap.window import TimeWindow

PLACE_PARAMETER = "place"
EVENT_PARAMETER = "event"
FROM_PARAMETER = "from"
TO_PARAMETER = "to"
LANGUAGE_PARAMETER = "lang"
INTERFACE_PARAMETER = "ui"
DEFAULT_LANGUAGE = "en"

_SLUG = re.compile(rf"^{SLUG_PATTERN}$")
_YEAR = re.compile(r"^-?\d{1,9}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MAX_ECHO = 60  # longer values are not repeated back in a notice


@dataclass(frozen=True)
class ViewState:
    """What the reader is looking at. ``None`` means the default."""

    place: str | None = None
    event: str | None = None  # the guided tour's current step
    year_from: int | None = None  # the time window; None is the story's first year
    year_to: int | None = None  # None is the story's last year
    language: str | None = None  # of the names on the map; None follows the interface
    interface: str | None = None  # the interface's language, if the link names one

    @property
    def touring(self) -> bool:
        return self.event is not None


@dataclass(frozen=True)
class ViewContext:
    """What the story offers, against which a query is checked."""

    place_ids: frozenset[str]
    event_places: Mapping[str, str]  # event id -> its place id ("": it has none)
    event_years: Mapping[str, tuple[int, int]]  # event id -> (first year, last year)
    span: TimeWindow  # the story's first and last year
    languages: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Notice:
    """Something about the link the reader should know; plain text, never markup."""

    message: str


def view_context(story: Story) -> ViewContext:
    """What ``story`` offers to a link: its places, events, years and languages."""
    return ViewContext(
        place_ids=frozenset(story.places),
        event_places={event.id: event.place_id for event in story.events},
        event_years={
            event.id: (event.date.first_year, event.date.last_year) for event in story.events
        },
        span=story.span,
        languages=story.languages,
    )


def view_from_query(
    query: Mapping[str, str | list[str]], context: ViewContext
) -> tuple[ViewState, list[Notice]]:
    """The view a query string asks for, and notices for what could not be honoured."""
    notices: list[Notice] = []
    place = _read_place(_last(query.get(PLACE_PARAMETER)), context, notices)
    event = _read_event(_last(query.get(EVENT_PARAMETER)), context, notices)
    year_from = _read_year(FROM_PARAMETER, _last(query.get(FROM_PARAMETER)), notices)
    year_to = _read_year(TO_PARAMETER, _last(query.get(TO_PARAMETER)), notices)
    window = _corrected_window(year_from, year_to, context.span, notices)
    if event is not None:
        place = context.event_places[event] or None
        window = _window_including(window, context.event_years[event], notices)
    language = _read_language(_last(query.get(LANGUAGE_PARAMETER)), context, notices)
    interface = _read_interface(_last(query.get(INTERFACE_PARAMETER)), notices)
    view = ViewState(
        place=place,
        event=event,
        year_from=None if window.first == context.span.first else window.first,
        year_to=None if window.last == context.span.last else window.last,
        language=language,
        interface=interface,
    )
    return view, notices


def query_from_view(view: ViewState) -> dict[str, str]:
    """The query parameters that reopen ``view``; empty for the default view."""
    query: dict[str, str] = {}
    if view.event:
        query[EVENT_PARAMETER] = view.event
    elif view.place:
        query[PLACE_PARAMETER] = view.place
    if view.year_from is not None:
        query[FROM_PARAMETER] = str(view.year_from)
    if view.year_to is not None:
        query[TO_PARAMETER] = str(view.year_to)
    if view.language:
        query[LANGUAGE_PARAMETER] = view.language
    if view.interface:
        query[INTERFACE_PARAMETER] = view.interface
    return query


def names_language(view: ViewState, story_languages: frozenset[str], interface: str) -> str:
    """The language of the names on the map: the link's ``lang``, else the interface's
    language where the story has names in it, else English."""
    return view.language or default_names_language(story_languages, interface)


def default_names_language(story_languages: frozenset[str], interface: str) -> str:
    """The language of the names on the map when the link names none: the interface's
    language where the story has names in it, else English."""
    return interface if interface in story_languages else DEFAULT_LANGUAGE


def tour_view(view: ViewState, event: Event) -> ViewState:
    """``view`` with the tour at ``event``, and its place selected; an event without a
    place selects none."""
    return replace(view, event=event.id, place=event.place_id or None)


def window_of(view: ViewState, span: TimeWindow) -> TimeWindow:
    """The years the view shows."""
    return TimeWindow(
        span.first if view.year_from is None else view.year_from,
        span.last if view.year_to is None else view.year_to,
    )


def with_window(view: ViewState, window: TimeWindow, span: TimeWindow) -> ViewState:
    """``view`` showing the years of ``window``; the story's own span is the default."""
    return replace(
        view,
        year_from=None if window.first == span.first else window.first,
        year_to=None if window.last == span.last else window.last,
    )


def share_url(page_url: str, view: ViewState, page_path: str = "map") -> str:
    """The canonical link to ``view``: the app's root address and the view's query.

    ``page_url`` is the address the map page is open at; Streamlit shows the default
    page at the root (``/``) or at its own path (``/map``), and the root is shorter.
    """
    base = page_url.split("?", 1)[0].split("#", 1)[0]
    if base.endswith("/" + page_path):
        base = base[: -len(page_path)]
    if "://" in base and "/" not in base.split("://", 1)[1]:
        base += "/"  # "http://host" and "http://host/" are the same page; show the root
    query = urlencode(query_from_view(view))
    return f"{base}?{query}" if query else base


def _read_place(value: str | None, context: ViewContext, notices: list[Notice]) -> str | None:
    return _read_id(
        value,
        context.place_ids,
        notices,
        named=_("No place “{value}” in this story; showing the whole map."),
        invalid=_("The link's place is not valid; showing the whole map."),
    )


def _read_event(value: str | None, context: ViewContext, notices: list[Notice]) -> str | None:
    return _read_id(
        value,
        context.event_places,
        notices,
        named=_("No event “{value}” in this story; the tour is not started."),
        invalid=_("The link's event is not valid; the tour is not started."),
    )


def _read_id(
    value: str | None, known, notices: list[Notice], named: str, invalid: str
) -> str | None:
    """An id the story has (ids are lower case; a typed link may not be), or None and a
    notice: ``named`` repeats the value when it is a plain id, ``invalid`` does not."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.lower() in known:
        return value.lower()
    notices.append(Notice(named.format(value=value) if _echoable(value) else invalid))
    return None


def _read_year(name: str, value: str | None, notices: list[Notice]) -> int | None:
    if value is None or value == "":
        return None
    if _YEAR.match(value.strip()):
        return int(value)
    notices.append(
        Notice(_("“{name}” must be a year such as 1904; it is ignored.").format(name=name))
    )
    return None


def _corrected_window(
    year_from: int | None, year_to: int | None, span: TimeWindow, notices: list[Notice]
) -> TimeWindow:
    first = span.first if year_from is None else year_from
    last = span.last if year_to is None else year_to
    if first > last:
        notices.append(
            Notice(
                _("The years were the wrong way round; showing {first}–{last}.").format(
                    first=last, last=first
                )
            )
        )
        first, last = last, first
    clamped = TimeWindow(max(first, span.first), min(last, span.last))
    if clamped.first > clamped.last:  # the whole window lies outside the story
        notices.append(
            Notice(
                _("The story runs from {first} to {last}; showing all of it.").format(
                    first=span.first, last=span.last
                )
            )
        )
        return span
    if clamped != TimeWindow(first, last):
        notices.append(
            Notice(
                _(
                    "The story runs from {first} to {last}; showing {shown_first}–{shown_last}."
                ).format(
                    first=span.first,
                    last=span.last,
                    shown_first=clamped.first,
                    shown_last=clamped.last,
                )
            )
        )
    return clamped


def _window_including(
    window: TimeWindow, years: tuple[int, int], notices: list[Notice]
) -> TimeWindow:
    widened = TimeWindow(min(window.first, years[0]), max(window.last, years[1]))
    if widened != window:
        notices.append(
            Notice(
                _(
                    "The tour's event lies outside the years asked for; showing {first}–{last}."
                ).format(first=widened.first, last=widened.last)
            )
        )
    return widened


def _read_language(value: str | None, context: ViewContext, notices: list[Notice]) -> str | None:
    if not value:
        return None
    value = value.strip()
    # English is kept when asked for: without it, the names would follow the interface.
    if value.lower() in context.languages | {DEFAULT_LANGUAGE}:
        return value.lower()
    notices.append(
        Notice(
            _("No names in the language “{value}”; showing the default names.").format(value=value)
            if _LANGUAGE.match(value)
            else _("The link's language is not valid; showing the default names.")
        )
    )
    return None


def _read_interface(value: str | None, notices: list[Notice]) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    if value in INTERFACE_LANGUAGES:
        return value
    notices.append(
        Notice(
            _("The app does not speak “{value}”; it speaks {languages}.").format(
                value=value, languages=", ".join(INTERFACE_LANGUAGES)
            )
            if _LANGUAGE.match(value)
            else _("The link's interface language is not valid.")
        )
    )
    return None


def _echoable(value: str) -> bool:
    return bool(_SLUG.match(value)) and len(value) <= _MAX_ECHO


def _last(value: str | list[str] | None) -> str | None:
    # A repeated key (?place=a&place=b) means the last one, as browsers' forms do.
    if isinstance(value, list):
        return value[-1] if value else None
    return value

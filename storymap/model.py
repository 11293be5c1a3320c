"""The story as typed records: what the loader returns and everything else reads."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from storymap.dates import DateSpan
from storymap.window import TimeWindow


@dataclass(frozen=True)
class PlaceName:
    """A place's name in one language, perhaps only for some years."""

    language: str  # ISO 639 code, such as "ja"
    name: str
    romanized: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @property
    def period(self) -> str:
        if self.year_from is None and self.year_to is None:
            return ""
        return f"{self.year_from or ''}–{self.year_to or ''}"


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    role: str
    today: str = ""
    location_note: str = ""
    names: tuple[PlaceName, ...] = ()
    zoom: int | None = None  # the map's zoom when the place is chosen; None: framed

    @property
    def featured(self) -> bool:
        return self.role == "featured"

    @property
    def other_names(self) -> tuple[PlaceName, ...]:
        """Every name but the main one as it is written in English."""
        return tuple(
            name for name in self.names if not (name.language == "en" and name.name == self.name)
        )


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    publisher: str = ""
    url: str = ""
    published: DateSpan | None = None  # read from its text once, when the story is loaded


@dataclass(frozen=True)
class Event:
    id: str
    place_id: str
    date: DateSpan
    title: str
    summary: str
    source_id: str
    quote: str = ""
    old_style: bool = False  # show the Julian date too (Russia before 1918)
    details_source_id: str = ""  # a source for what the first one does not state


@dataclass(frozen=True)
class Link:
    """A typed link from one event to another."""

    from_event: str
    to_event: str
    type: str  # leads-to, ended-by, compared-with, followed-by
    label: str = ""


@dataclass(frozen=True)
class Era:
    id: str
    label: str
    first_year: int
    last_year: int
    colour: str

    def contains(self, date: DateSpan) -> bool:
        return self.first_year <= date.first_year <= self.last_year


@dataclass(frozen=True)
class Area:
    """A line or polygon drawn for a place, such as an island chain."""

    id: str
    place_id: str
    name: str
    geometry: dict  # GeoJSON geometry, longitude first
    year_from: int | None = None
    year_to: int | None = None  # None: it still exists


@dataclass(frozen=True)
class Story:
    """A whole data folder, checked: every reference in it resolves."""

    places: dict[str, Place]
    events: tuple[Event, ...]  # in date order
    sources: dict[str, Source]
    areas: tuple[Area, ...] = ()
    links: tuple[Link, ...] = ()
    eras: tuple[Era, ...] = ()
    events_by_place: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    events_by_id: dict[str, Event] = field(default_factory=dict)
    span: TimeWindow = TimeWindow(0, 0)  # the first and last year of its events

    @classmethod
    def build(cls, places, events, sources, areas=(), links=(), eras=()) -> Story:
        ordered = tuple(sorted(events, key=lambda event: (event.date.sort_key, event.id)))
        by_place: dict[str, list[Event]] = {place_id: [] for place_id in places}
        for event in ordered:
            by_place[event.place_id].append(event)
        return cls(
            places=dict(places),
            events=ordered,
            sources=dict(sources),
            areas=tuple(areas),
            links=tuple(links),
            eras=tuple(sorted(eras, key=lambda era: era.first_year)),
            events_by_place={key: tuple(value) for key, value in by_place.items()},
            events_by_id={event.id: event for event in ordered},
            span=TimeWindow.covering(event.date for event in ordered)
            if ordered
            else TimeWindow(0, 0),
        )

    # Worked out on first use and kept: a story never changes once built.
    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(name.language for place in self.places.values() for name in place.names)

    @cached_property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)) of its places."""
        lats = [place.lat for place in self.places.values()]
        lons = [place.lon for place in self.places.values()]
        return (min(lats), min(lons)), (max(lats), max(lons))

    def events_in(self, window: TimeWindow, place_id: str | None = None) -> tuple[Event, ...]:
        """The events in ``window`` (of one place, if given), in date order."""
        events = self.events_by_place.get(place_id, ()) if place_id else self.events
        return tuple(event for event in events if window.contains_date(event.date))

    def era_of(self, event: Event) -> Era | None:
        """The first era, in order of first year, that holds the event's first year.

        Eras may overlap. Looked up in O(log n), not by a scan of every era: the map,
        the panel and the chart ask this of every event, and a story may have
        thousands of both.
        """
        year = event.date.first_year
        firsts, latest_lasts = self._era_index
        started = bisect_right(firsts, year)  # eras[:started] begin in or before the year
        # The first era whose last year reaches the year: every earlier one ended before it.
        first_reaching = bisect_left(latest_lasts, year)
        return self.eras[first_reaching] if first_reaching < started else None

    @cached_property
    def _era_index(self) -> tuple[list[int], list[int]]:
        """The eras' first years, and the latest last year of each era and those before it.

        Both lists are sorted (build sorts the eras by first year), so both can be bisected.
        """
        return (
            [era.first_year for era in self.eras],
            list(accumulate((era.last_year for era in self.eras), max)),
        )

    def links_of(self, event_id: str) -> tuple[Link, ...]:
        """The links from or to an event, in the order of the links file."""
        return self._links_by_event.get(event_id, ())

    @cached_property
    def _links_by_event(self) -> dict[str, tuple[Link, ...]]:
        # Asked on every click, for every event of a place: one pass here, not one per ask.
        by_event: dict[str, list[Link]] = {}
        for link in self.links:
            for event_id in dict.fromkeys((link.from_event, link.to_event)):  # a self-link once
                by_event.setdefault(event_id, []).append(link)
        return {event_id: tuple(links) for event_id, links in by_event.items()}

"""The story as typed records: what the loader returns and everything else reads."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from storymap.date_text import date_text, japanese_calendar_text
from storymap.dates import DateSpan
from storymap.i18n import N_, _
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


ESTABLISHED = "established"
# What each status but the default says of an event, as the panel, the timeline, the
# tour and the exports show it: a word, and what the word means. (In English: the
# importers read these words back from other tools' text.)
STATUS_WORDS = {
    "reported": (N_("Reported"), N_("a claim attributed to someone, not verified")),
    "disputed": (N_("Disputed"), N_("sources disagree")),
}
# The status as a title carries it: "Japan declares war (reported)".
STATUS_IN_TITLES = {"reported": N_("reported"), "disputed": N_("disputed")}


# Between a caption and its credit, as the panel, the tour and the exports show them.
CREDIT_SEPARATOR = " — "


@dataclass(frozen=True)
class EventMedia:
    """An image, video or post that shows an event, as its events.csv row gives it.

    How a reader gets it (an image in place, or a link) is storymap.media's to say.
    """

    url: str
    credit: str = ""
    caption: str = ""
    alt: str = ""  # the image in words, for a reader who cannot see it

    @property
    def caption_line(self) -> str:
        """The caption and the credit as one line under the media: "caption — credit"."""
        return CREDIT_SEPARATOR.join(part for part in (self.caption, self.credit) if part)


@dataclass(frozen=True)
class Event:
    id: str
    place_id: str  # the place it belongs to on the map; empty: an event without a place
    date: DateSpan
    title: str
    summary: str
    source_id: str
    quote: str = ""
    old_style: bool = False  # show the Julian date too (Russia before 1918)
    details_source_id: str = ""  # a source for what the first one does not state
    happened_at: str = ""  # where it happened, when not at its place: a place id
    status: str = ESTABLISHED  # established, reported or disputed
    era_id: str = ""  # its era, where eras overlap; empty: found by its year
    # How the date is shown when the source gives more than a date ("Summer 1835");
    # the date itself still orders and filters the event.
    display_date: str = ""
    tag: str = ""  # a theme, such as TimelineJS's group: "Diplomacy"
    media: EventMedia | None = None
    # The quote in the reader's language, shown beside it: the quote itself is the
    # source's own words, and is never replaced (storymap.translations).
    quote_translation: str | None = None

    @property
    def has_place(self) -> bool:
        """Whether it belongs to a place on the map; one without is listed, not drawn."""
        return bool(self.place_id)

    @property
    def happened_elsewhere(self) -> bool:
        """Whether it happened at another place than the one it belongs to."""
        return bool(self.happened_at) and self.happened_at != self.place_id

    @property
    def shown_date(self) -> str:
        """The date as a reader sees it first: its display date, or the date itself."""
        return self.display_date or date_text(self.date)

    @property
    def says_more_than_its_date(self) -> bool:
        """Whether its display date says more than the date itself ("Summer 1835")."""
        return bool(self.display_date) and self.display_date not in (
            self.date.display(),  # as the story's English writes it
            date_text(self.date),
        )

    @property
    def formatted_date(self) -> str:
        """The date itself in the reader's language; in the Japanese interface, with
        the date in the era system beside it: "1904年2月8日（明治37年2月8日）"."""
        text = date_text(self.date)
        era_date = japanese_calendar_text(self.date)
        return _("{date} ({era_date})").format(date=text, era_date=era_date) if era_date else text

    @property
    def date_label(self) -> str:
        """The date in one line of plain text, the date itself kept beside a display
        date that differs from it: "Summer 1835 (1835)"."""
        formatted = self.formatted_date
        if not self.says_more_than_its_date:
            return formatted
        return _("{shown_date} ({date})").format(shown_date=self.display_date, date=formatted)

    @property
    def status_words(self) -> tuple[str, str] | None:
        """The status as a word and its meaning, in the reader's language; None when
        it is established."""
        words = STATUS_WORDS.get(self.status)
        return (_(words[0]), _(words[1])) if words else None

    @property
    def titled(self) -> str:
        """The title, with the status in a word when it is not established."""
        status = STATUS_IN_TITLES.get(self.status)
        if status is None:
            return self.title
        return _("{title} ({status})").format(title=self.title, status=_(status))


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
    last_year: int | None  # None: it has not ended
    colour: str

    def contains(self, date: DateSpan) -> bool:
        return self.first_year <= date.first_year <= self.until

    @property
    def until(self) -> int:
        """Its last year; for an era that has not ended, a year later than any date's."""
        return _NO_END if self.last_year is None else self.last_year

    @property
    def period(self) -> str:
        """Its years as the legend shows them: "1855–1918", or "1946–" if it has not ended."""
        return f"{self.first_year}–{'' if self.last_year is None else self.last_year}"


_NO_END = 10**9  # later than any year a date can have
# The map's first view of a story without places: the world, from south to north of
# where people live, so that the whole of it fits a screen.
WORLD_BOUNDS = ((-60.0, -180.0), (75.0, 180.0))


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
class Translation:
    """One row of translations.csv: a text of the story in another language."""

    language: str  # ISO 639 code, such as "ru"
    record: str  # what it translates: story, place, event, era, link or area
    # The place's, event's, era's or area's id; a link's events' ids, "from>to"
    # (schema.link_id); empty for the story itself.
    id: str
    field: str  # the text it translates, such as "title"
    text: str


def _story_order(event: Event) -> tuple[int, int, str]:
    """An event's place in a story's order: by its date's sort_key, then by its id.

    The sort key's two days as day numbers, which order as the days do: sorting
    50,000 events compares keys about 800,000 times, and a flat tuple of whole numbers
    compares several times faster than dates nested in a tuple.
    """
    first_day, last_day = event.date.sort_key
    return first_day.toordinal(), last_day.toordinal(), event.id


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
    # The events that happened at a place but belong to another, by the place they
    # happened at, in date order.
    events_happened_at: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    span: TimeWindow = TimeWindow(0, 0)  # the first and last year of its events
    # The events that belong to no place, in date order: listed, never drawn on the map.
    events_without_place: tuple[Event, ...] = ()
    # Its translations.csv, as written; storymap.translations makes the story in each
    # language from them.
    translations: tuple[Translation, ...] = ()
    # For a story in another language, the story as written that it was made from.
    translated_from: Story | None = None

    @classmethod
    def build(cls, places, events, sources, areas=(), links=(), eras=(), translations=()) -> Story:
        ordered = tuple(sorted(events, key=_story_order))
        return cls.in_order(places, ordered, sources, areas, links, eras, translations)

    @classmethod
    def in_order(
        cls, places, events, sources, areas=(), links=(), eras=(), translations=()
    ) -> Story:
        """build, for ``events`` in the story's order already: a story's own events,
        read back from where they were kept (storymap.story_cache)."""
        ordered = tuple(events)
        by_place: dict[str, list[Event]] = {place_id: [] for place_id in places}
        by_id: dict[str, Event] = {}
        happened_at: dict[str, list[Event]] = {}
        without_place: list[Event] = []
        first_years: list[int] = []
        last_years: list[int] = []
        # Every index in one pass: at 10,000 places, each pass over the events (scattered
        # in memory, in date order) costs more in fetching them than in the work on them.
        for event in ordered:
            by_id[event.id] = event
            date = event.date
            first_years.append(date.first_year)
            last_years.append(date.last_year)
            if not event.has_place:
                without_place.append(event)
                continue
            by_place[event.place_id].append(event)
            if event.happened_elsewhere:
                happened_at.setdefault(event.happened_at, []).append(event)
        return cls(
            places=dict(places),
            events=ordered,
            sources=dict(sources),
            areas=tuple(areas),
            links=tuple(links),
            eras=tuple(sorted(eras, key=lambda era: era.first_year)),
            events_by_place={key: tuple(value) for key, value in by_place.items()},
            events_by_id=by_id,
            events_happened_at={key: tuple(value) for key, value in happened_at.items()},
            # As TimeWindow.covering the events' dates.
            span=TimeWindow(min(first_years), max(last_years)) if ordered else TimeWindow(0, 0),
            events_without_place=tuple(without_place),
            translations=tuple(translations),
        )

    # Worked out on first use and kept: a story never changes once built.
    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(name.language for place in self.places.values() for name in place.names)

    @cached_property
    def languages_translated(self) -> frozenset[str]:
        """The languages its translations.csv has any text in."""
        return frozenset(translation.language for translation in self.translations)

    @cached_property
    def translated_copies(self) -> dict[str, Story]:
        """Its copies in other languages, by language, as storymap.translations makes
        them: each made once, on first use, and kept as long as the story."""
        return {}

    @cached_property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)) of its places; the world's inhabited latitudes
        for a story with none, whose events are all without a place."""
        if not self.places:
            return WORLD_BOUNDS
        lats = [place.lat for place in self.places.values()]
        lons = [place.lon for place in self.places.values()]
        return (min(lats), min(lons)), (max(lats), max(lons))

    def events_in(self, window: TimeWindow, place_id: str | None = None) -> tuple[Event, ...]:
        """The events in ``window`` (of one place, if given), in date order."""
        events = self.events_by_place.get(place_id, ()) if place_id else self.events
        return tuple(event for event in events if window.contains_date(event.date))

    def events_without_place_in(self, window: TimeWindow) -> tuple[Event, ...]:
        """The events without a place in ``window``, in date order."""
        events = self.events_without_place
        return tuple(event for event in events if window.contains_date(event.date))

    def events_at(self, place_id: str) -> tuple[Event, ...]:
        """The place's own events and those that happened there for other places, in
        date order."""
        own = self.events_by_place.get(place_id, ())
        elsewhere = self.events_happened_at.get(place_id, ())
        if not elsewhere:
            return own
        return tuple(sorted((*own, *elsewhere), key=_story_order))

    def events_happened_in(self, window: TimeWindow, place_id: str) -> tuple[Event, ...]:
        """The events in ``window`` that happened at ``place_id`` but belong elsewhere."""
        events = self.events_happened_at.get(place_id, ())
        return tuple(event for event in events if window.contains_date(event.date))

    def where_text(self, event: Event, here: str | None = None) -> str:
        """Where the event happened, said from the place it is shown under (``here``).

        Empty for an event without ``happened_at``: it happened at its place, which the
        panel names already.
        """
        if not event.happened_at or not event.has_place:
            return ""  # (the loader refuses happened_at without a place)
        place = self.places[event.place_id]
        happened = self.places[event.happened_at]
        if not event.happened_elsewhere:
            return _("At {place}").format(place=happened.name)
        if here == event.place_id:
            return _("Concerning this place; happened in {place}").format(place=happened.name)
        if here == event.happened_at:
            return _("Happened here; concerning {place}").format(place=place.name)
        return _("Concerning {place}; happened in {other_place}").format(
            place=place.name, other_place=happened.name
        )

    def era_of(self, event: Event) -> Era | None:
        """The event's era: the one it names, or else the first era, in order of first
        year, that holds its first year.

        Eras may overlap. Looked up in O(log n), not by a scan of every era: the map,
        the panel and the chart ask this of every event, and a story may have
        thousands of both.
        """
        if event.era_id:
            named = self._eras_by_id.get(event.era_id)
            if named is not None:
                return named
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
            list(accumulate((era.until for era in self.eras), max)),
        )

    @cached_property
    def _eras_by_id(self) -> dict[str, Era]:
        return {era.id: era for era in self.eras}

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

"""A story read from another tool's file, before it is written as a story folder.

Every importer (StoryMapJS, TimelineJS, GeoJSON) reads its format into a ``StoryDraft``;
one writer turns any draft into the folder's files. So the rules of the data format
(ids, the required source, what a folder must hold) live in one place, and each
importer only says what the other tool's file holds, and what it could not carry over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from storymap import schema
from storymap.model import ESTABLISHED

# The formats a draft can come from, as the report names them.
STORYMAPJS = "StoryMapJS"
TIMELINEJS_JSON = "TimelineJS (JSON)"
TIMELINEJS_SHEET = "TimelineJS (sheet as CSV)"
GEOJSON_POINTS = "GeoJSON points"


MAX_LEFT_OUT = 1000  # lines kept in a draft's report; the rest are only counted


@dataclass(frozen=True)
class LeftOut:
    """One thing the import could not carry over, or carried over changed.

    ``row`` is where the reader of the original file finds it: the slide's or event's
    number (1 for the first), the CSV file's line, or the feature's number; None for
    the file as a whole.
    """

    row: int | None
    field: str
    message: str

    def line(self, source: str) -> str:
        """The report's line: ``SOURCE:row: field: message``."""
        return f"{source}:{'-' if self.row is None else self.row}: {self.field}: {self.message}"


@dataclass(frozen=True)
class DraftPlace:
    """Where an event happened, as the other tool gave it.

    Two events at the same coordinates (to the sixth decimal) are one place. ``name``
    may be empty: the writer then names the place and says how.
    """

    name: str
    lat: float
    lon: float
    zoom: int | None = None  # the other tool's zoom for it, when it has one (1-18)
    note: str = ""  # a few words on how the place was found (a gazetteer's match, say)
    row: int | None = None  # as in LeftOut.row: where the original file gives it

    @property
    def point(self) -> tuple[float, float]:
        """Where it is, to the sixth decimal (about 10 cm): the same point is one place."""
        return (round(self.lat, 6), round(self.lon, 6))


@dataclass(frozen=True)
class DraftMedia:
    url: str
    credit: str = ""
    caption: str = ""
    alt: str = ""


class DraftSource(NamedTuple):
    """The work an event cites, as the other tool's text named it (a ``<cite>``)."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class DraftEvent:
    row: int  # as in LeftOut.row
    title: str
    summary: str  # plain text; links kept as their addresses
    date: str  # the data format's date text (EDTF subset): "1904-02-08", "1905~", "a/b"
    display_date: str = ""  # how the original showed the date, when it was not only a date
    place: DraftPlace | None = None  # None: an event without a place
    # Where it happened, when not at its place (a treaty signed abroad); None: at its place.
    happened_at: DraftPlace | None = None
    media: DraftMedia | None = None
    group: str = ""  # TimelineJS's Group, StoryMapJS has none
    quote: str = ""  # the text's <blockquote>
    source: DraftSource | None = None  # the text's <cite>
    status: str = ESTABLISHED  # reported or disputed when the title ended with it


@dataclass(frozen=True)
class DraftEra:
    label: str
    first_year: int
    last_year: int | None


@dataclass
class StoryDraft:
    """What an importer read: the story's own words, its events, and what it left out."""

    source_name: str  # the file's name, as the report's lines begin
    format: str  # one of the format names above
    title: str = ""
    introduction: str = ""  # plain text
    events: list[DraftEvent] = field(default_factory=list)
    # Places with no event: a slide with a location but no date, a GeoJSON point alone.
    places: list[DraftPlace] = field(default_factory=list)
    eras: list[DraftEra] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    more_left_out: int = 0  # lines past MAX_LEFT_OUT, counted but not kept
    # Where a reader stopped reading a table's rows (events, places, eras), having read
    # more than a story holds: the row of the first it did not read, None for the file.
    stopped_at: dict[str, int | None] = field(default_factory=dict)
    _place_points: set[tuple[float, float]] = field(default_factory=set, repr=False, compare=False)

    def leave_out(self, row: int | None, field_name: str, message: str) -> None:
        # A file of a million broken entries would make a report of a hundred megabytes;
        # past the first thousand, its author fixes those first.
        if len(self.left_out) >= MAX_LEFT_OUT:
            self.more_left_out += 1
            return
        self.left_out.append(LeftOut(row, field_name, message))

    def holds_enough(self, table: schema.Table) -> bool:
        """Whether the draft has more of ``table``'s rows than a story holds: one more is
        enough to tell that the rest will be left out, so a reader reads no more of them."""
        held = {
            schema.EVENTS.name: len(self.events),
            schema.PLACES.name: len(self._place_points),
            schema.ERAS.name: len(self.eras),
        }
        return held[table.name] > table.max_rows

    def stop_reading(self, table: schema.Table, row: int | None) -> None:
        """Say that the reader read no more of ``table``'s rows from ``row`` on."""
        self.stopped_at.setdefault(table.name, row)

    def add_place(self, place: DraftPlace) -> None:
        """Keep a place without events, unless there are more than a story holds already."""
        if place.point not in self._place_points:
            if self.holds_enough(schema.PLACES):
                self.stop_reading(schema.PLACES, place.row)
                return
            self._place_points.add(place.point)
        self.places.append(place)


class UnknownFormatError(ValueError):
    """A file that is none of the formats an importer reads; the message says what it
    looked for."""

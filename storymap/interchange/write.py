"""A draft written as a story folder's files, by the data format's rules.

Whatever the draft came from, the folder it becomes is one the loader takes: every id a
unique slug made from a name or title (a second "Port Arthur" is ``port-arthur-2``),
every place named, every event citing a source, every value within the format's
limits. Where the writer had to change something to get there (a place with no name,
an event with no text), it says so in a report line, as the importers do for what they
left out.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath

from storymap import schema
from storymap.csvfile import MAX_CELL_CHARACTERS
from storymap.dates import DateError, DateSpan, parse_span
from storymap.interchange.coordinates import coordinates_name
from storymap.interchange.draft import DraftEvent, DraftPlace, LeftOut, StoryDraft
from storymap.interchange.nearby import NamedPoints
from storymap.media import is_image_address
from storymap.model import ESTABLISHED, STATUS_WORDS
from storymap.report import shorten
from storymap.storyfiles import INTRODUCTION_FILENAME, MAX_INTRODUCTION_BYTES, PACKAGE_FILENAME
from storymap.style import ERA_PALETTE

# A place with no name is named after a named place this close, else by its coordinates.
NEAR_KM = 50
MAX_TITLE_CHARACTERS = 120  # as much of a story's title as the dashboard shows
MAX_SLUG_CHARACTERS = 60
# A date shown in words is cut at a word this near its limit, else mid-word.
_CUT_AT_A_WORD_WITHIN = 30
NO_EVENTS = (
    "no event could be carried over (the file has none with a date the data format "
    "holds: a year from 1 to 9999); a story needs at least one dated event"
)
# Columns events.csv has only when some event uses them, so that a story without media,
# shown dates or events that happened elsewhere keeps the plain shape.
MEDIA_COLUMNS = ("media_url", "media_credit", "media_caption", "media_alt")
DISPLAY_DATE_COLUMN = "display_date"
HAPPENED_AT_COLUMN = "happened_at"
TAG_COLUMN = "tag"


@dataclass(frozen=True)
class ImportedStory:
    """A story folder's files, with what the import carried over and what it did not."""

    files: dict[str, bytes]  # by file name: places.csv, events.csv, sources.csv…
    places: int
    events: int
    sources: int
    media: int  # events with a picture or other media
    source_name: str  # the file's name, as the report's lines begin
    left_out: tuple[LeftOut, ...] = ()  # what was not carried over, in the file's order

    @property
    def lines(self) -> list[str]:
        """The report's lines: ``SOURCE:row: field: message``."""
        return [_clean(line.line(self.source_name)) for line in self.left_out]

    @property
    def complete(self) -> bool:
        """Whether everything in the file was carried over as it was."""
        return not self.lines


def folder_files(draft: StoryDraft) -> ImportedStory:
    """The story folder's files for ``draft``: places.csv, events.csv, sources.csv,
    eras.csv (when the draft has eras), introduction.txt (when it has one) and
    datapackage.json, with the report of what was left out or changed."""
    return _FolderWriter(draft).write()


def slug(text: str, fallback: str) -> str:
    """An id from ``text`` by the data format's rule: "Port Arthur" → ``port-arthur``.

    Letters lose their accents; what has no Latin letters or digits gets ``fallback``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text).split()
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > MAX_SLUG_CHARACTERS:
            break
        kept.append(word)
    if words and not kept:  # one word longer than an id may be
        kept = [words[0][:MAX_SLUG_CHARACTERS]]
    return "-".join(kept) or fallback


class UniqueIds:
    """Ids of one file, each new one unique: a repeat gets -2, -3…

    Each base id keeps the number its next repeat tries, so that the thousandth
    "Siege" costs one look, not a thousand. An id taken by another name ("Siege 2" is
    ``siege-2``) is skipped once, by the one base whose repeats it could be.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next_number: dict[str, int] = {}

    def new(self, text: str, fallback: str, suffix: str = "") -> str:
        base = slug(text, fallback) + (f"-{suffix}" if suffix else "")
        candidate = base
        if candidate in self.taken:
            number = self.next_number.get(base, 2)
            candidate = f"{base}-{number}"
            while candidate in self.taken:
                number += 1
                candidate = f"{base}-{number}"
            self.next_number[base] = number + 1
        self.taken.add(candidate)
        return candidate


@dataclass
class _Place:
    """A place as written: every draft place at the same point is this one."""

    name: str
    lat: float
    lon: float
    zoom: int | None
    note: str
    row: int | None  # the row of the first event at it, for the report
    has_events: bool
    id: str = ""
    unnamed: bool = False


@dataclass
class _FolderWriter:
    draft: StoryDraft
    notes: list[LeftOut] = field(default_factory=list)  # the writer's own report lines

    def note(self, row: int | None, column: str, message: str) -> None:
        self.notes.append(LeftOut(row, column, message))

    def write(self) -> ImportedStory:
        title = self._title()
        events, undated_places = self._dated_events()
        events = self._within_the_event_limit(events)
        places = self._places([event for event, _ in events], undated_places)
        # An event at a place past the places' limit is left out with it.
        events = [pair for pair in events if pair[0].place is None or pair[0].place.point in places]
        source_rows, source_ids = self._sources(title, [event for event, _ in events])
        event_rows = self._events(events, places, source_ids)
        if not event_rows:
            self.note(None, schema.EVENTS.name, NO_EVENTS)
        files = {
            schema.PLACES.filename: _csv(
                ("id", "name", "lat", "lon", "role", "location_note", "zoom"),
                [self._place_row(place) for place in places.values()],
            ),
            schema.EVENTS.filename: _csv(_event_columns(event_rows), event_rows),
            schema.SOURCES.filename: _csv(("id", "kind", "title", "url"), source_rows),
        }
        if self.draft.eras:
            files[schema.ERAS.filename] = _csv(
                ("id", "label", "from", "to", "colour"), self._era_rows()
            )
        introduction = self._introduction()
        if introduction:
            files[INTRODUCTION_FILENAME] = introduction.encode("utf-8")
        package = json.dumps(schema.data_package(title), ensure_ascii=False, indent=2) + "\n"
        files[PACKAGE_FILENAME] = package.encode("utf-8")
        left_out = sorted(
            [*self.draft.left_out, *self.notes],
            key=lambda line: 0 if line.row is None else line.row,
        )
        return ImportedStory(
            files=files,
            places=len(places),
            events=len(event_rows),
            sources=len(source_rows),
            media=sum(1 for row in event_rows if row.get("media_url")),
            source_name=self.draft.source_name,
            left_out=tuple(left_out),
        )

    # The story's own words -----------------------------------------------------------

    def _title(self) -> str:
        title = _one_line(_clean(self.draft.title)) or PurePath(self.draft.source_name).stem
        if len(title) > MAX_TITLE_CHARACTERS:
            self.note(None, "title", f"the title is cut to {MAX_TITLE_CHARACTERS} characters")
            title = title[: MAX_TITLE_CHARACTERS - 1].rstrip() + "…"
        return title or "Imported story"

    def _introduction(self) -> str:
        lines = self.draft.introduction.replace("\r\n", "\n").replace("\r", "\n")
        text = _clean(lines, keep="\n\t").strip()
        data = text.encode("utf-8")
        if len(data) <= MAX_INTRODUCTION_BYTES:
            return text
        cut = data[: MAX_INTRODUCTION_BYTES - 3].decode("utf-8", "ignore")
        cut = cut[: cut.rfind(" ")] if " " in cut[-200:] else cut
        self.note(
            None,
            "introduction",
            f"the introduction is cut to {MAX_INTRODUCTION_BYTES:,} bytes, the most a "
            "story's introduction may be",
        )
        return cut.rstrip() + "…"

    # Places ---------------------------------------------------------------------------

    def _dated_events(self) -> tuple[list[tuple[DraftEvent, DateSpan]], list[DraftPlace]]:
        """The draft's events with their dates; one whose date the format can't hold
        is left out, and said: the dated events, and the places of those left out (kept)."""
        dated = []
        undated_places = []
        for event in self.draft.events:
            try:
                dated.append((event, parse_span(event.date)))
            except DateError as error:
                self.note(event.row, "date", f"{error}; the event is left out")
                if event.place is not None:
                    undated_places.append(event.place)
        return dated, undated_places

    def _within_the_event_limit(
        self, events: list[tuple[DraftEvent, DateSpan]]
    ) -> list[tuple[DraftEvent, DateSpan]]:
        """The first events a story holds; the rest left out, in one line."""
        table = schema.EVENTS
        stopped = table.name in self.draft.stopped_at
        if len(events) <= table.max_rows and not stopped:
            return events
        first_left_out = events[table.max_rows][0].row if len(events) > table.max_rows else None
        row = first_left_out if first_left_out is not None else self.draft.stopped_at[table.name]
        # A reader stops at the events a story holds, and reads nothing after them.
        rest = "the rest of the file is not read" if stopped else "the rest are left out"
        self.note(row, table.name, self._over_the_limit(table, len(events), rest))
        return events[: table.max_rows]

    def _places(
        self, events: list[DraftEvent], undated_places: list[DraftPlace]
    ) -> dict[tuple[float, float], _Place]:
        """Every place of the draft, once per point, as many as a story holds (the rest
        left out, in one line), each named and with its id."""
        places: dict[tuple[float, float], _Place] = {}
        for event in events:
            if event.place is not None:
                self._add_place(places, event.place, event.row, has_events=True)
        # Where events happened, after the events' own places: a point that is both
        # keeps the name its events give it.
        for event in events:
            if event.happened_at is not None:
                self._add_place(places, event.happened_at, event.row, has_events=False)
        for lone_place in [*undated_places, *self.draft.places]:
            self._add_place(places, lone_place, lone_place.row, has_events=False)
        places = self._within_the_place_limit(places, events)
        self._name_unnamed(places)
        ids = UniqueIds()
        for written in places.values():
            written.id = ids.new(written.name, "place")
        return places

    def _within_the_place_limit(
        self, places: dict[tuple[float, float], _Place], events: list[DraftEvent]
    ) -> dict[tuple[float, float], _Place]:
        """The first places a story holds (those of events first); the rest left out, in
        one line that says how many events they take with them."""
        table = schema.PLACES
        stopped = table.name in self.draft.stopped_at
        if len(places) <= table.max_rows and not stopped:
            return places
        kept = dict(islice(places.items(), table.max_rows))
        first_left_out = next(islice(places.values(), table.max_rows, None), None)
        at_them = sum(1 for event in events if event.place and event.place.point not in kept)
        happened_there = sum(
            1
            for event in events
            if event.happened_at
            and event.happened_at.point not in kept
            and (event.place is None or event.place.point in kept)
        )
        said = self._over_the_limit(table, len(places))
        if at_them:
            said += f", with their events ({_counted(at_them, 'event')})"
        if happened_there:
            said += f"; where {_counted(happened_there, 'event')} happened is left out too"
        row = first_left_out.row if first_left_out is not None else None
        self.note(
            row if row is not None else self.draft.stopped_at.get(table.name), table.name, said
        )
        return kept

    def _add_place(
        self,
        places: dict[tuple[float, float], _Place],
        place: DraftPlace,
        row: int | None,
        has_events: bool,
    ) -> None:
        key = place.point
        name = _one_line(place.name)
        known = places.get(key)
        if known is None:
            places[key] = _Place(
                name, place.lat, place.lon, place.zoom, place.note, row, has_events
            )
            return
        known.has_events = known.has_events or has_events
        known.zoom = known.zoom if known.zoom is not None else place.zoom
        known.note = known.note or place.note
        if known.row is None:
            known.row = row
        if not known.name:
            known.name = name
        elif name and name != known.name:
            self.note(
                row,
                "place",
                f"'{shorten(name)}' is at the same point as '{shorten(known.name)}'; "
                f"they are one place, named '{shorten(known.name)}'",
            )

    def _name_unnamed(self, places: dict[tuple[float, float], _Place]) -> None:
        """Name each place with no name after the nearest named place within NEAR_KM
        ("near Port Arthur"), else by its coordinates; and say so."""
        named = NamedPoints(
            (place.lat, place.lon, place.name) for place in places.values() if place.name
        )
        for place in places.values():
            if place.name:
                continue
            nearest = named.nearest(place.lat, place.lon, NEAR_KM)
            coordinates = coordinates_name(place.lat, place.lon)
            place.name = f"near {nearest}" if nearest else coordinates
            place.unnamed = True
            self.note(
                place.row,
                "place",
                f"the place at {coordinates} has no name; it is named '{shorten(place.name)}'",
            )

    def _place_row(self, place: _Place) -> dict[str, str]:
        notes = [place.note] if place.note else []
        if place.unnamed:
            notes.append("The original file gives no name for this point.")
        return {
            "id": place.id,
            "name": self._cell(place.row, "name", place.name),
            "lat": _number(place.lat),
            "lon": _number(place.lon),
            "role": "featured" if place.has_events else "context",
            "location_note": self._cell(place.row, "location_note", " ".join(notes)),
            "zoom": "" if place.zoom is None else str(_within(place.zoom, "zoom")),
        }

    # Sources --------------------------------------------------------------------------

    def _sources(
        self, title: str, events: list[DraftEvent]
    ) -> tuple[list[dict[str, str]], list[str]]:
        """The file's own source, and one source per distinct cite: the rows, and each
        event's source id (its cite's, else the file's)."""
        ids = UniqueIds()
        # Cited by the events whose text cites nothing: the file is all that tells them.
        own_id = ids.new(f"{title} ({self.draft.format})", "source")
        own_title = f"{title}, imported from {PurePath(self.draft.source_name).name}"
        rows = [{"id": own_id, "kind": "reference", "title": own_title, "url": ""}]
        cite_ids: dict[tuple[str, str], str] = {}
        # Past the sources a story holds, a cite's events cite the file itself.
        left_out: set[tuple[str, str]] = set()
        first_row_left_out: int | None = None
        events_left_out = 0
        event_source_ids = []
        for event in events:
            cite = self._cite(event)
            if cite is not None and cite not in cite_ids:
                if len(rows) < schema.SOURCES.max_rows:
                    cite_title, url = cite
                    cite_ids[cite] = ids.new(cite_title, "source")
                    rows.append(
                        {"id": cite_ids[cite], "kind": "reference", "title": cite_title, "url": url}
                    )
                else:
                    left_out.add(cite)
                    events_left_out += 1
                    if first_row_left_out is None:
                        first_row_left_out = event.row
                    cite = None
            event_source_ids.append(own_id if cite is None else cite_ids[cite])
        if left_out:
            self.note(
                first_row_left_out,
                schema.SOURCES.name,
                self._over_the_limit(schema.SOURCES, len(rows) + len(left_out))
                + "; their events cite the file itself instead "
                + f"({_counted(events_left_out, 'event')})",
            )
        return rows, event_source_ids

    def _cite(self, event: DraftEvent) -> tuple[str, str] | None:
        """The event's cite as a source's (title, url); None if it has none. An address
        that is not http or https is dropped, and said."""
        if event.source is None:
            return None
        title, url = event.source
        url = self._web_address(event.row, "source", url or "", "the source is kept without it")
        title = self._cell(event.row, "source", _one_line(title)) or url
        return (title, url) if title else None

    # Events ---------------------------------------------------------------------------

    def _events(
        self,
        events: list[tuple[DraftEvent, DateSpan]],
        places: dict[tuple[float, float], _Place],
        source_ids: list[str],
    ) -> list[dict[str, str]]:
        ids = UniqueIds()
        rows = []
        for (event, date), source_id in zip(events, source_ids, strict=True):
            title, status = _title_and_status(_one_line(event.title))
            if event.status != ESTABLISHED:  # the reader read it from the headline already
                status = event.status
            title = self._cell(event.row, "title", title) or f"Event {event.row}"
            summary = self._cell(event.row, "summary", event.summary.strip(), multiline=True)
            if not summary:
                summary = title
                self.note(event.row, "summary", "the event has no text; its title is its summary")
            row = {
                "id": ids.new(title, "event", suffix=str(date.first_year)),
                "place_id": "" if event.place is None else places[event.place.point].id,
                "date": date.edtf,
                "title": title,
                "summary": summary,
                "source_id": source_id,
                "quote": self._cell(event.row, "quote", _one_line(event.quote)),
                "status": status,
            }
            happened_at = self._happened_at(event, places)
            if happened_at:
                row[HAPPENED_AT_COLUMN] = happened_at
            display_date = self._display_date(event)
            if display_date:
                row[DISPLAY_DATE_COLUMN] = display_date
            tag = self._cell(event.row, TAG_COLUMN, _tag(event))
            if len(tag) > schema.TAG_MAX_LENGTH:
                self.note(
                    event.row,
                    "group",
                    f"the group is cut to {schema.TAG_MAX_LENGTH} characters, the most a tag "
                    "may be",
                )
                tag = tag[: schema.TAG_MAX_LENGTH - 1].rstrip() + "…"
            if tag:
                row[TAG_COLUMN] = tag
            row.update(self._media(event))
            rows.append(row)
        return rows

    def _happened_at(self, event: DraftEvent, places: dict[tuple[float, float], _Place]) -> str:
        """The id of the place where the event happened, when its file gives one; only
        an event with a place of its own may have it (the rule of happened_at)."""
        if event.happened_at is None or event.happened_at.point not in places:
            return ""  # none, or a place past the places' limit (said)
        place = places[event.happened_at.point]
        if event.place is None:
            self.note(
                event.row,
                HAPPENED_AT_COLUMN,
                f"the event has no place, so where it happened ('{shorten(place.name)}') is "
                "left out: only an event at a place may say it happened elsewhere; "
                f"'{shorten(place.name)}' is kept as a place",
            )
            return ""
        return place.id

    def _display_date(self, event: DraftEvent) -> str:
        """How the event's date is shown, within the column's limit: cut at a word if
        there is one near the limit (said)."""
        text = _one_line(event.display_date)
        limit = schema.DISPLAY_DATE_MAX_LENGTH
        if len(text) <= limit:
            return text
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        if space >= limit - _CUT_AT_A_WORD_WITHIN:
            cut = cut[:space]
        self.note(
            event.row,
            DISPLAY_DATE_COLUMN,
            f"the date as shown is {len(text):,} characters long, and cut to {limit}, the most "
            "a display_date may be",
        )
        return cut.rstrip(" ,;:-–") + "…"

    def _media(self, event: DraftEvent) -> dict[str, str]:
        media = event.media
        if media is None or not media.url.strip():
            return {}
        url = self._web_address(event.row, "media", media.url, "the media is left out")
        if not url:
            return {}
        alt = _one_line(media.alt)
        if not alt and is_image_address(url):
            # The data format asks every image for a description; the caption is the
            # nearest the file gives, and the author is told to write a real one.
            alt = _one_line(media.caption) or f"Picture: {_one_line(event.title)}"
            self.note(
                event.row,
                "media_alt",
                f"the image has no description; “{shorten(alt)}” stands in: write what it shows",
            )
        return {
            "media_url": url,
            "media_credit": self._cell(event.row, "media_credit", _one_line(media.credit)),
            "media_caption": self._cell(event.row, "media_caption", _one_line(media.caption)),
            "media_alt": self._cell(event.row, "media_alt", alt),
        }

    # Eras -----------------------------------------------------------------------------

    def _era_rows(self) -> list[dict[str, str]]:
        """The eras, as many as a story holds (the rest left out, in one line)."""
        ids = UniqueIds()
        rows: list[dict[str, str]] = []
        held = 0
        for number, era in enumerate(self.draft.eras, start=1):
            label = _one_line(era.label) or f"Era {number}"
            if era.last_year is not None and era.last_year < era.first_year:
                self.note(
                    None, "eras", f"the era '{shorten(label)}' ends before it starts; left out"
                )
                continue
            held += 1
            if held > schema.ERAS.max_rows:
                continue
            rows.append(
                {
                    "id": ids.new(label, "era"),
                    "label": self._cell(None, "eras", label),
                    "from": str(era.first_year),
                    "to": "" if era.last_year is None else str(era.last_year),
                    "colour": ERA_PALETTE[len(rows) % len(ERA_PALETTE)],
                }
            )
        if held > schema.ERAS.max_rows or schema.ERAS.name in self.draft.stopped_at:
            self.note(None, schema.ERAS.name, self._over_the_limit(schema.ERAS, held))
        return rows

    # Values ---------------------------------------------------------------------------

    def _over_the_limit(
        self, table: schema.Table, count: int, rest: str = "the rest are left out"
    ) -> str:
        """The report's words for ``count`` rows of ``table``, more than a story holds:
        "25,000 events; a story holds at most 20,000: the rest are left out". Where the
        reader stopped reading them, "more than 20,000 events"."""
        stopped = table.name in self.draft.stopped_at
        held = f"more than {table.max_rows:,}" if stopped else f"{count:,}"
        return f"{held} {table.name}; a story holds at most {table.max_rows:,}: {rest}"

    def _web_address(self, row: int | None, column: str, url: str, consequence: str) -> str:
        """``url`` as the data format takes an address, or "" (said, with
        ``consequence``) when it can't be one.

        An apostrophe, which the format refuses (it would end a quoted attribute) but a
        web address may hold ("Saint_Peter's_Basilica"), is written %27, as browsers
        send it; quotes, angle brackets and spaces can't be in an address, and are not
        mended."""
        written = _clean(url).strip()
        if not written:
            return ""
        encoded = written.replace("'", "%27")
        if not _is_web_address(encoded):
            self.note(
                row, column, f"'{shorten(written)}' is not an http or https address; {consequence}"
            )
            return ""
        if len(encoded) > MAX_CELL_CHARACTERS:
            self.note(
                row,
                column,
                f"the address is {len(encoded):,} characters long; at most "
                f"{MAX_CELL_CHARACTERS:,} are allowed: {consequence}",
            )
            return ""
        return encoded

    def _cell(self, row: int | None, column: str, text: str, multiline: bool = False) -> str:
        """``text`` as a cell: no control characters, within the cell's limit (said)."""
        kept = _clean(text, keep="\n" if multiline else "")
        if len(kept) <= MAX_CELL_CHARACTERS:
            return kept
        self.note(row, column, f"the text is cut to {MAX_CELL_CHARACTERS:,} characters")
        return kept[: MAX_CELL_CHARACTERS - 1] + "…"


# Unicode's control characters (category Cc) and surrogates (Cs), which JSON can hold
# alone ("\ud800") and UTF-8 cannot.
_CONTROLS_AND_SURROGATES = "\x00-\x1f\x7f-\x9f\ud800-\udfff"


@functools.cache
def _unwanted(keep: str) -> re.Pattern[str]:
    spared = f"(?![{re.escape(keep)}])" if keep else ""
    return re.compile(f"{spared}[{_CONTROLS_AND_SURROGATES}]")


def _clean(text: str, keep: str = "") -> str:
    """``text`` without control characters (but those in ``keep``) and lone surrogates."""
    return _unwanted(keep).sub("", text)


def _counted(number: int, thing: str) -> str:
    return f"{number:,} {thing}" if number == 1 else f"{number:,} {thing}s"


def _within(value: int, column: str) -> int:
    """``value`` kept within the range of places.csv's ``column``."""
    rule = schema.PLACES.column(column)
    low = int(rule.minimum) if rule.minimum is not None else value
    high = int(rule.maximum) if rule.maximum is not None else value
    return max(low, min(high, value))


_WEB_ADDRESS = re.compile(schema.URL_PATTERN)


def _is_web_address(value: str) -> bool:
    """Whether ``value`` is an address the data format takes (the pattern, whole)."""
    return _WEB_ADDRESS.fullmatch(value) is not None


def _title_and_status(title: str) -> tuple[str, str]:
    """A headline's trailing " (reported)" or " (disputed)" read back as the status."""
    for status, (word, _) in STATUS_WORDS.items():
        suffix = f" ({word.lower()})"
        if title.lower().endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip(), status
    return title, ""


def _tag(event: DraftEvent) -> str:
    """The event's group as its tag: unless the group named its place, which says it."""
    group = _one_line(event.group)
    if not group or (event.place is not None and group == _one_line(event.place.name)):
        return ""
    return group


def _event_columns(rows: list[dict[str, str]]) -> tuple[str, ...]:
    columns = ["id", "place_id", "date", "title", "summary", "source_id", "quote"]
    if any(HAPPENED_AT_COLUMN in row for row in rows):
        columns.append(HAPPENED_AT_COLUMN)
    columns.append("status")
    if any(TAG_COLUMN in row for row in rows):
        columns.append(TAG_COLUMN)
    if any(DISPLAY_DATE_COLUMN in row for row in rows):
        columns.append(DISPLAY_DATE_COLUMN)
    if any("media_url" in row for row in rows):
        columns.extend(MEDIA_COLUMNS)
    return tuple(columns)


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _number(value: float) -> str:
    """A coordinate to the sixth decimal (about 10 cm), as short as it can be written,
    never in exponent form ("1e-05")."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _one_line(text: str) -> str:
    """``text`` as one line: its whitespace one space, its control characters dropped
    (so that a name of control characters alone is no name)."""
    return " ".join(_clean(" ".join(text.split())).split())

"""A TimelineJS event or era, from the JSON or the sheet alike, as a drafted event or era.

TimelineJS's JSON and its Google Sheets template hold the same things under other names
(``start_date.year`` and ``Year``); each reader gathers them as :class:`Cell` values that
carry the name the report gives them, and this module reads them: the dates into the
data format's text, the headline into a title and a status, the HTML into a summary, a
quote and a source, and the place from coordinates, a place's name or the group.

A date that the data format cannot hold (before year 1, after 9999, month 13, 31
February, an end before the start) leaves the event out, with the reason; a time of day
is left out with a line, and the event kept with its day.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

from storymap.dates import HistoricalDate
from storymap.interchange.draft import (
    DraftEra,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    StoryDraft,
)
from storymap.interchange.gazetteer import GAZETTEER, find_place
from storymap.interchange.html_text import read_html
from storymap.interchange.loose_dates import date_with_words
from storymap.model import ESTABLISHED, STATUS_WORDS
from storymap.report import shorten


@dataclass(frozen=True)
class Cell:
    """One value as the file holds it (text, a number, or None), named as the report
    names it: ``start_date.year`` in the JSON, ``Year`` in the sheet."""

    field: str
    value: object = None

    @property
    def text(self) -> str:
        """The value as text, stripped; empty for None and for what is not text or a number."""
        if isinstance(self.value, str):
            return self.value.strip()
        if isinstance(self.value, int | float) and not isinstance(self.value, bool):
            return str(self.value)
        return ""


@dataclass(frozen=True)
class TimelineDate:
    year: Cell
    month: Cell
    day: Cell
    time: Cell  # the time of day as the file gave it, if it did
    display: Cell  # the date's own display text (the JSON's date objects have one)

    @property
    def given(self) -> bool:
        return any(cell.text for cell in (self.year, self.month, self.day))


@dataclass(frozen=True)
class TimelineMedia:
    url: Cell
    credit: Cell
    caption: Cell
    alt: Cell


@dataclass(frozen=True)
class PlaceCells:
    """A place given by its name and coordinates (the JSON's ``happened_at``)."""

    name: Cell
    lat: Cell
    lon: Cell


@dataclass(frozen=True)
class TimelineEntry:
    """An event as either form of TimelineJS gives it."""

    row: int
    start: TimelineDate
    end: TimelineDate
    display_date: Cell
    headline: Cell
    text: Cell  # HTML
    media: TimelineMedia
    group: Cell
    place_name: Cell
    lat: Cell
    lon: Cell
    # Where it happened, when not at its place: this format's own key, in the JSON only.
    happened_at: PlaceCells | None = None


class NotHeldError(ValueError):
    """A value the data format cannot hold; the event or era is left out."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def whole_number(cell: Cell) -> int | None:
    """The cell's whole number ("1904", 1904, 1904.0), or None when it is empty."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        raise NotHeldError(cell.field, f"{shorten(value)} is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell.text
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise NotHeldError(cell.field, f"'{shorten(text)}' is not a whole number") from None
    if not number.is_integer():
        raise NotHeldError(cell.field, f"'{shorten(text)}' is not a whole number")
    return int(number)


def historical_date(date: TimelineDate) -> HistoricalDate:
    """The point a year, a month and a day name, if the data format can hold it."""
    year, month, day = whole_number(date.year), whole_number(date.month), whole_number(date.day)
    if year is None:
        raise NotHeldError(date.year.field, "a date needs a year")
    if year < 1:
        raise NotHeldError(
            date.year.field, f"year {shorten(year)}: dates before year 1 cannot be held"
        )
    if year > 9999:
        raise NotHeldError(
            date.year.field, f"year {shorten(year)}: dates after year 9999 cannot be held"
        )
    if month is not None and not 1 <= month <= 12:
        raise NotHeldError(date.month.field, f"month {shorten(month)}: a month is 1 to 12")
    if day is not None:
        if month is None:
            raise NotHeldError(date.day.field, f"day {shorten(day)} without a month")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            named = f"{calendar.month_name[month]} {year}"
            raise NotHeldError(date.day.field, f"day {shorten(day)}: {named} has {days} days")
    return HistoricalDate(year, month, day)


def date_text(start: TimelineDate, end: TimelineDate) -> str:
    """The data format's text of a date or a span: "1904-02-08", "1904/1905"."""
    first = historical_date(start)
    if not end.given:
        return first.edtf
    last = historical_date(end)
    if last == first:
        return first.edtf
    if last.latest < first.earliest:
        raise NotHeldError(
            end.year.field, f"the end, {last.display()}, comes before the start, {first.display()}"
        )
    return f"{first.edtf}/{last.edtf}"


def shown_date(entry: TimelineEntry) -> str:
    """How TimelineJS showed the date, when the author wrote it: the event's display
    date, else its dates' own ones (the other end shown as the data format shows it)."""
    if entry.display_date.text:
        return entry.display_date.text
    start, end = entry.start.display.text, entry.end.display.text
    if not (start or end):
        return ""
    if not end and not entry.end.given:
        return start
    start = start or historical_date(entry.start).display()
    end = end or historical_date(entry.end).display()
    return f"{start} – {end}"


def title_and_status(headline: str) -> tuple[str, str]:
    """The title and status of a headline such as "The letter (reported)"."""
    for status, (word, _meaning) in STATUS_WORDS.items():
        suffix = f" ({word.lower()})"
        if headline.lower().endswith(suffix) and len(headline) > len(suffix):
            return headline[: -len(suffix)].rstrip(), status
    return headline, ESTABLISHED


def one_line(html: str) -> str:
    return " ".join(read_html(html).text.split())


def coordinate(cell: Cell, limit: int) -> float:
    """A latitude (``limit`` 90) or longitude (180) in decimal degrees."""
    value = cell.value
    number: float | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        # Compared as a whole number: one of hundreds of digits is too large for a float.
        if not -limit <= value <= limit:
            raise NotHeldError(
                cell.field,
                f"{shorten(cell.text)} is out of range: must be from -{limit} to {limit}",
            )
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise NotHeldError(cell.field, f"'{shorten(cell.text or value)}' is not a number")
    if not -limit <= number <= limit:
        raise NotHeldError(
            cell.field, f"{shorten(cell.text)} is out of range: must be from -{limit} to {limit}"
        )
    return number


def event_place(entry: TimelineEntry, draft: StoryDraft) -> DraftPlace | None:
    """Where the event happened: its coordinates, else its place's name or its group
    looked up in the gazetteer, else nowhere."""
    name = one_line(entry.place_name.text)
    if entry.lat.text or entry.lon.text:
        try:
            return DraftPlace(name, *_coordinates(entry.lat, entry.lon))
        except NotHeldError as refused:
            draft.leave_out(
                entry.row, refused.field, f"{refused.reason}; the coordinates are left out"
            )
    if name:
        place = find_place(name)
        if place is None:
            draft.leave_out(
                entry.row,
                entry.place_name.field,
                f"'{shorten(name)}' is not a city in the gazetteer ({GAZETTEER}); "
                "the event has no place: give its coordinates",
            )
        return place
    # A group that is no city's name is a theme ("Diplomacy"): it says nothing of a place.
    group = entry.group.text
    return find_place(group) if group else None


def happened_at_place(entry: TimelineEntry, draft: StoryDraft) -> DraftPlace | None:
    """Where the event happened, when its file says it was not at its place: by its
    coordinates only, read as the event's own are. None (said) when they can't be read."""
    cells = entry.happened_at
    if cells is None or not any(cell.text for cell in (cells.name, cells.lat, cells.lon)):
        return None
    name = one_line(cells.name.text)
    try:
        if not (cells.lat.text or cells.lon.text):
            raise NotHeldError("happened_at", f"'{shorten(name)}' is given without lat and lon")
        return DraftPlace(name, *_coordinates(cells.lat, cells.lon))
    except NotHeldError as refused:
        draft.leave_out(
            entry.row, refused.field, f"{refused.reason}; where the event happened is left out"
        )
        return None


def _coordinates(lat: Cell, lon: Cell) -> tuple[float, float]:
    """The latitude and longitude of a place; NotHeldError if either is missing or wrong."""
    if not (lat.text and lon.text):
        given, missing = (lat, lon) if lat.text else (lon, lat)
        raise NotHeldError(given.field, f"a {given.field} without a {missing.field}")
    return coordinate(lat, 90), coordinate(lon, 180)


def event_media(entry: TimelineEntry, draft: StoryDraft) -> DraftMedia | None:
    media = entry.media
    url = media.url.text
    others = [cell for cell in (media.credit, media.caption, media.alt) if cell.text]
    if not url:
        if others:
            draft.leave_out(entry.row, media.url.field, "media without a url is left out")
        return None
    return DraftMedia(
        url, one_line(media.credit.text), one_line(media.caption.text), one_line(media.alt.text)
    )


def draft_event(entry: TimelineEntry, draft: StoryDraft) -> DraftEvent | None:
    """The event, or None (with the reason in ``draft.left_out``) if its date cannot be held."""
    try:
        # TimelineJS's export writes every date in words too ("8 February 1904"): those
        # are the date, not a display date of the event's own.
        dated = date_with_words(date_text(entry.start, entry.end), shown_date(entry))
    except NotHeldError as refused:
        draft.leave_out(entry.row, refused.field, f"{refused.reason}; the event is left out")
        return None
    for point in (entry.start, entry.end):
        if point.time.text:
            draft.leave_out(
                entry.row,
                point.time.field,
                f"the time of day ({shorten(point.time.text)}) is left out: dates are held "
                "to the day",
            )
    title, status = title_and_status(one_line(entry.headline.text))
    text = read_html(entry.text.text)
    source = text.source
    return DraftEvent(
        row=entry.row,
        title=title,
        summary=text.text,
        date=dated.date,
        display_date=dated.display,
        place=event_place(entry, draft),
        happened_at=happened_at_place(entry, draft),
        media=event_media(entry, draft),
        group=entry.group.text,
        quote=text.quote,
        source=source,
        status=status,
    )


def draft_era(
    row: int | None, start: TimelineDate, end: TimelineDate, label: Cell, draft: StoryDraft
) -> DraftEra | None:
    """The era's label and years, or None (with the reason) if its dates cannot be held.

    An era without a headline is named by its years."""
    try:
        first = historical_date(start)
        last = historical_date(end) if end.given else None
        if last is not None and last.year < first.year:
            raise NotHeldError(end.year.field, f"the end, {last.year}, comes before the start")
    except NotHeldError as refused:
        draft.leave_out(row, refused.field, f"{refused.reason}; the era is left out")
        return None
    last_year = None if last is None else last.year
    text = one_line(label.text)
    if not text:
        text = f"{first.year}–{last_year}" if last_year is not None else f"From {first.year}"
    return DraftEra(text, first.year, last_year)

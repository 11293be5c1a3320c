"""Dates as historians write them: a day, a month or a year, possibly a span.

The data files write dates in a small subset of the Library of Congress Extended
Date/Time Format (EDTF): ``1904-02-08`` (day), ``1945-08`` (month), ``1905`` (year),
an optional ``~`` suffix for "about" (``1900~``), and ``start/end`` for a span
(``1904-08-01/1905-01-02``). The form of the text is the precision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from storymap.i18n import _
from storymap.report import shorten

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~)?$")
_MONTHS = [calendar.month_name[number] for number in range(13)]
# Russia used the Julian calendar until 31 January 1918 (Old Style); the next day
# was 14 February 1918 in the Gregorian calendar.
_GREGORIAN_IN_RUSSIA = dt.date(1918, 2, 14)


class DateError(ValueError):
    """A date text that does not name a real date or span."""


class Precision(Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=False)
class HistoricalDate:
    """One point in time, known to a day, a month or a year."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day this date can mean."""
        # "is None", not "or": a month or day 0 is no date, and must not read as January.
        month = 1 if self.month is None else self.month
        return dt.date(self.year, month, 1 if self.day is None else self.day)

    @property
    def latest(self) -> dt.date:
        """The last day this date can mean."""
        if self.day is not None:
            return self.earliest
        month = 12 if self.month is None else self.month
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def display(self) -> str:
        """The date as an English reader expects it: "8 February 1904", "August 1945"."""
        text = str(self.year)
        if self.month is not None:
            text = f"{_MONTHS[self.month]} {text}"
        if self.day is not None:
            text = f"{self.day} {text}"
        return f"c. {text}" if self.approximate else text

    @property
    def edtf(self) -> str:
        """The date as the data writes it: "1904-02-08", "1945-08~"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")


@dataclass(frozen=True)
class DateSpan:
    """A date or a span of dates, as written in the data."""

    start: HistoricalDate
    end: HistoricalDate | None = None

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start.earliest, self.last_day)

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).latest

    @property
    def first_year(self) -> int:
        return self.start.year

    @property
    def edtf(self) -> str:
        return self.start.edtf + (f"/{self.end.edtf}" if self.end else "")

    @property
    def last_year(self) -> int:
        return (self.end or self.start).year

    def display(self) -> str:
        """The span written compactly: "9–11 November 2022", "1904–1905"."""
        start, end = self.start, self.end
        if end is None:
            return start.display()
        if start.approximate or end.approximate or start.precision != end.precision:
            return f"{start.display()} – {end.display()}"
        if start.precision is Precision.YEAR:
            return f"{start.year}–{end.year}"
        if start.year != end.year:
            return f"{start.display()} – {end.display()}"
        if start.precision is Precision.MONTH:
            return f"{_MONTHS[start.month or 0]}–{end.display()}"
        if start.month != end.month:
            return f"{start.day} {_MONTHS[start.month or 0]} – {end.display()}"
        return f"{start.day}–{end.display()}"

    def __str__(self) -> str:
        return self.display()

    def old_style_display(self) -> str | None:
        """The Julian (Old Style) date, as Russia wrote it before 14 February 1918.

        Only for dates known to the day: a month or a year has no single Julian date.
        """
        points = [self.start] if self.end is None else [self.start, self.end]
        if any(point.precision is not Precision.DAY for point in points):
            return None
        if not uses_old_style(points[0].earliest):
            return None
        julian = [old_style(point.earliest) for point in points]
        if len(julian) == 1:
            return f"{julian[0].display()} O.S."
        return f"{julian[0].display()} – {julian[1].display()} O.S."


def parse_point(text: str) -> HistoricalDate:
    """Read one EDTF point such as ``1904-02-08``, ``1945-08``, ``1900~``."""
    match = _POINT.match(text.strip())
    if match is None:
        raise DateError(
            _("'{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD").format(
                value=shorten(text)
            )
        )
    year, month, day, about = match.groups()
    # Some tools write an unknown month or day as 00; the data writes the coarser date.
    if month == "00":
        raise DateError(
            _(
                "'{value}' has month 00; a month is 01 to 12: write the year alone "
                "({year}) when the month is not known"
            ).format(value=shorten(text), year=year)
        )
    if day == "00":
        raise DateError(
            _(
                "'{value}' has day 00; a day is 01 to 31: write the month alone "
                "({year}-{month}) when the day is not known"
            ).format(value=shorten(text), year=year, month=month)
        )
    point = HistoricalDate(
        int(year),
        int(month) if month else None,
        int(day) if day else None,
        approximate=about is not None,
    )
    try:
        point.latest  # noqa: B018 - building the date checks month and day
    except ValueError:
        raise DateError(
            _("'{value}' is not a real calendar date").format(value=shorten(text))
        ) from None
    return point


def parse_span(text: str) -> DateSpan:
    """Read a date or a ``start/end`` span; the end must not come before the start."""
    parts = text.strip().split("/")
    if len(parts) > 2:
        raise DateError(
            _("'{value}' has more than one '/'; a span is written start/end").format(
                value=shorten(text)
            )
        )
    start = parse_point(parts[0])
    if len(parts) == 1:
        return DateSpan(start)
    end = parse_point(parts[1])
    if end.latest < start.earliest:
        raise DateError(_("'{value}' ends before it starts").format(value=shorten(text)))
    return DateSpan(start, end)


class JulianDate(NamedTuple):
    """A day in the Julian calendar; it can be 29 February of a year like 1900,
    which :class:`datetime.date` cannot hold."""

    year: int
    month: int
    day: int

    def display(self) -> str:
        return f"{self.day} {_MONTHS[self.month]} {self.year}"


def old_style(day: dt.date) -> JulianDate:
    """The Julian (Old Style) date of a Gregorian date, through the day count."""
    # Julian calendar from a day count: Richards' algorithm, with Python's
    # ordinal (1 = 1 January of year 1, Gregorian) shifted to the Julian Day Number.
    julian_day_number = day.toordinal() + 1721425
    c = julian_day_number + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    return JulianDate(
        year=d - 4800 + m // 10,
        month=m + 3 - 12 * (m // 10),
        day=e - (153 * m + 2) // 5 + 1,
    )


def uses_old_style(day: dt.date) -> bool:
    """Whether Russia still dated events in the Julian calendar on this day."""
    return day < _GREGORIAN_IN_RUSSIA

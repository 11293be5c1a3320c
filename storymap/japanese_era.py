"""Dates in the Japanese era system (和暦), as Japan has written them since it took the
Gregorian calendar: 1 January 1873 was the first day of Meiji 6 (明治6年1月1日).

An era's first year is written 元年, not 1年, as Japanese dates write it. A date before
1873 has no era date here: until then Japan counted months by the moon, and its day
is not the Gregorian one.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from storymap.dates import DateSpan, HistoricalDate, Precision

GREGORIAN_IN_JAPAN = dt.date(1873, 1, 1)


class JapaneseEra(NamedTuple):
    name: str
    first_day: dt.date  # the Gregorian day the era began


# Each era from the (Gregorian) day it began, the newest last. Meiji was proclaimed on
# 23 October 1868 and counted from the start of that year, so 1873 is Meiji 6; its
# dates are only written here from 1873.
JAPANESE_ERAS = (
    JapaneseEra("明治", dt.date(1868, 10, 23)),
    JapaneseEra("大正", dt.date(1912, 7, 30)),
    JapaneseEra("昭和", dt.date(1926, 12, 25)),
    JapaneseEra("平成", dt.date(1989, 1, 8)),
    JapaneseEra("令和", dt.date(2019, 5, 1)),
)


def japanese_era_of(day: dt.date) -> JapaneseEra:
    """The era ``day`` falls in (from 1873)."""
    return [era for era in JAPANESE_ERAS if era.first_day <= day][-1]


def era_year(day: dt.date) -> str:
    """The era and year of ``day``: 明治37年, 大正元年."""
    era = japanese_era_of(day)
    number = day.year - era.first_day.year + 1
    return f"{era.name}{'元' if number == 1 else number}年"


def era_day(day: dt.date) -> str:
    """``day`` written in its era: 明治37年2月8日."""
    return f"{era_year(day)}{day.month}月{day.day}日"


def era_point(point: HistoricalDate) -> str | None:
    """``point`` in the era system, to its precision; ``None`` before 1873.

    A month or a year in which the era changed names both: 明治45年／大正元年. An
    approximate date is "about" that: 明治33年頃.
    """
    first, last = point.earliest, point.latest
    if first < GREGORIAN_IN_JAPAN:
        return None
    if point.precision is Precision.DAY:
        text = era_day(first)
    else:
        suffix = f"{first.month}月" if point.precision is Precision.MONTH else ""
        years = dict.fromkeys([era_year(first), era_year(last)])  # one, or the two in order
        text = "／".join(f"{year}{suffix}" for year in years)
    return f"{text}頃" if point.approximate else text  # "about", as the date beside says it


def era_span(span: DateSpan) -> str | None:
    """``span`` in the era system; ``None`` if it begins before 1873."""
    start = era_point(span.start)
    if start is None:
        return None
    if span.end is None:
        return start
    end = era_point(span.end) or ""
    if span.start.precision is Precision.DAY and span.end.precision is Precision.DAY:
        # The era and year (and month) once, as the Gregorian span writes its year once.
        same_year = era_year(span.start.earliest)
        if end.startswith(same_year):
            end = end[len(same_year) :]
            same_month = f"{span.start.earliest.month}月"
            if end.startswith(same_month):
                end = end[len(same_month) :]
    return f"{start}～{end}"

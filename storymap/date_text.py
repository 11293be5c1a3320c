"""Dates as a reader of each interface language writes them, through Babel's locale data:
"8 February 1904", "8 февраля 1904 г.", "8 лютого 1904 р.", "1904年2月8日".

English keeps the story's own way of writing dates (storymap.dates), which Babel's
British English matches. Russian and Ukrainian day spans are put together here from
Babel's parts, because Babel's own interval patterns for them shorten the month
("9–11 нояб."), which a history does not.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_interval, format_skeleton

from storymap.dates import DateSpan, HistoricalDate, JulianDate, Precision, old_style
from storymap.i18n import SOURCE_LANGUAGE, _, babel_locale, current_language, speaking
from storymap.japanese_era import era_span

_SKELETONS = {Precision.YEAR: "y", Precision.MONTH: "yMMMM", Precision.DAY: "yMMMMd"}
# The languages whose day spans are put together here by hand: Babel shortens their months.
_DAY_SPANS_BUILT_HERE = ("ru", "uk")
_LEAP_YEAR = 2000  # stands in for a Julian year whose 29 February Python cannot hold


def date_text(span: DateSpan, code: str | None = None) -> str:
    """``span`` as the reader of ``code`` (by default the current language) writes it."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return span.display()
    start, end = span.start, span.end
    if end is None:
        return point_text(start, code)
    if start.approximate or end.approximate or start.precision != end.precision:
        first, last = point_text(start, code), point_text(end, code)
        with speaking(code):  # the words of ``code``, which need not be the run's
            return _("{start} – {end}").format(start=first, end=last)
    locale = babel_locale(code)
    if start.precision is Precision.DAY and code in _DAY_SPANS_BUILT_HERE:
        return _day_span(start.earliest, end.earliest, locale)
    return format_interval(start.earliest, end.latest, _SKELETONS[start.precision], locale=locale)


def point_text(point: HistoricalDate, code: str | None = None) -> str:
    """One date, to its precision, with "about" where it is approximate."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return point.display()
    locale = babel_locale(code)
    if point.precision is Precision.DAY:
        text = format_date(point.earliest, "long", locale=locale)
    else:
        text = format_skeleton(_SKELETONS[point.precision], point.earliest, locale=locale)
    if not point.approximate:
        return text
    with speaking(code):
        return _("c. {date}").format(date=text)


def _day_span(first: dt.date, last: dt.date, locale: str) -> str:
    """A span of days, the year (and month) written once: "9–11 ноября 2022 г."."""
    end = format_date(last, "long", locale=locale)
    if first.year != last.year:
        return f"{format_date(first, 'long', locale=locale)} – {end}"
    if first.month != last.month:
        return f"{format_skeleton('MMMMd', first, locale=locale)} – {end}"
    return f"{first.day}–{end}"


def old_style_text(span: DateSpan, code: str | None = None) -> str | None:
    """The Julian (Old Style) date beside a Russian date before 14 February 1918,
    labelled as such in the reader's language; ``None`` where there is none."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return span.old_style_display()
    if span.old_style_display() is None:  # not a day, or not before 1918
        return None
    points = [span.start] if span.end is None else [span.start, span.end]
    days = [julian_text(old_style(point.earliest), code) for point in points]
    with speaking(code):
        if len(days) == 2:
            return _("{date} O.S.").format(
                date=_("{start} – {end}").format(start=days[0], end=days[1])
            )
        return _("{date} O.S.").format(date=days[0])


def julian_text(day: JulianDate, code: str) -> str:
    """A Julian day written as the language writes a date; it may be 29 February of
    a year such as 1900, so the day is formatted in a leap year and its year put back."""
    locale = babel_locale(code)
    text = format_date(dt.date(_LEAP_YEAR, day.month, day.day), "long", locale=locale)
    return text.replace(str(_LEAP_YEAR), str(day.year))


def japanese_calendar_text(span: DateSpan, code: str | None = None) -> str | None:
    """The date in the Japanese era system, for the Japanese interface, from 1873."""
    if (code or current_language()) != "ja":
        return None
    return era_span(span)

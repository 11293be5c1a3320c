"""Dates in each interface language, through Babel's locale data."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storymap.date_text import (
    date_text,
    japanese_calendar_text,
    julian_text,
    old_style_text,
    point_text,
)
from storymap.dates import DateSpan, HistoricalDate, JulianDate, parse_span
from storymap.i18n import speaking

NNBSP = "\u202f"  # Babel writes "г." and "р." after a narrow no-break space, as CLDR does


@pytest.mark.parametrize(
    ("edtf", "code", "written"),
    [
        ("1904-02-08", "ru", f"8 февраля 1904{NNBSP}г."),
        ("1904-02-08", "uk", f"8 лютого 1904{NNBSP}р."),
        ("1904-02-08", "ja", "1904年2月8日"),
        ("1904-02-08", "zh", "1904年2月8日"),
        ("1945-08", "ru", f"август 1945{NNBSP}г."),
        ("1945-08", "uk", f"серпень 1945{NNBSP}р."),
        ("1945-08", "ja", "1945年8月"),
        ("1905", "ja", "1905年"),
        ("1905", "ru", "1905"),
        # Spans of days: the month and year once, the month never shortened.
        ("2022-11-09/2022-11-11", "ru", f"9–11 ноября 2022{NNBSP}г."),
        ("2022-11-09/2022-11-11", "uk", f"9–11 листопада 2022{NNBSP}р."),
        ("2022-11-09/2022-11-11", "ja", "2022年11月9日～11日"),
        ("2022-11-09/2022-11-11", "zh", "2022年11月9日至11日"),
        ("1904-02-01/1904-09-05", "ru", f"1 февраля – 5 сентября 1904{NNBSP}г."),
        ("1904-02-09/1905-09-05", "ru", f"9 февраля 1904{NNBSP}г. – 5 сентября 1905{NNBSP}г."),
        ("1904-02-09/1905-09-05", "ja", "1904年2月9日～1905年9月5日"),
        ("1904-02/1904-09", "ru", f"февраль – сентябрь 1904{NNBSP}г."),
        ("1904/1905", "ja", "1904年～1905年"),
    ],
)
def test_dates_as_each_language_writes_them(edtf, code, written):
    assert date_text(parse_span(edtf), code) == written


def test_the_language_spoken_is_the_default():
    with speaking("uk"):
        assert date_text(parse_span("1904-02-08")) == f"8 лютого 1904{NNBSP}р."
    assert date_text(parse_span("1904-02-08")) == "8 February 1904"


def test_about_a_date_goes_through_the_catalog(marked_catalog):
    # "c. {date}" is a message: each language says "about" its own way (1900年頃, ок. 1900).
    with speaking("ja"):
        assert point_text(HistoricalDate(1900, approximate=True)) == "«c. 1900年»"


@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
    st.booleans(),
)
def test_english_is_the_story_s_own_way(day, precision, approximate):
    point = HistoricalDate(
        day.year,
        None if precision == "year" else day.month,
        day.day if precision == "day" else None,
        approximate,
    )
    span = DateSpan(point)
    assert date_text(span, "en") == span.display()
    assert old_style_text(span, "en") == span.old_style_display()


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "26 January 1904 O.S."),
        # The label is a message of the catalogs, in each language's own words.
        ("ru", f"26 января 1904{NNBSP}г. по ст. ст."),
        ("uk", f"26 січня 1904{NNBSP}р. за ст. ст."),
        ("ja", "ユリウス暦1904年1月26日"),
        ("zh", "儒略历1904年1月26日"),
    ],
)
def test_old_style_dates_in_each_language(code, written):
    assert old_style_text(parse_span("1904-02-08"), code) == written


def test_old_style_only_for_days_before_1918():
    assert old_style_text(parse_span("1918-02-14"), "ru") is None
    assert old_style_text(parse_span("1904-02"), "ru") is None
    assert old_style_text(parse_span("1918-02-13"), "ru") == f"31 января 1918{NNBSP}г. по ст. ст."


def test_a_julian_29_february_that_the_gregorian_calendar_lacks():
    # 1900 was a leap year only in the Julian calendar.
    assert julian_text(JulianDate(1900, 2, 29), "ru") == f"29 февраля 1900{NNBSP}г."
    assert julian_text(JulianDate(1900, 2, 29), "ja") == "1900年2月29日"


def test_the_era_date_only_in_the_japanese_interface():
    span = parse_span("1904-02-08")
    assert japanese_calendar_text(span, "ja") == "明治37年2月8日"
    assert japanese_calendar_text(span, "zh") is None
    assert japanese_calendar_text(parse_span("1853-07-08"), "ja") is None

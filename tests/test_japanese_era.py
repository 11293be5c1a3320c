"""The Japanese era system: each era's first day, the day before it, and 元年."""

import datetime as dt

import pytest

from storymap.dates import parse_span
from storymap.japanese_era import GREGORIAN_IN_JAPAN, JAPANESE_ERAS, era_day, era_span


@pytest.mark.parametrize(
    ("day", "written"),
    [
        # Japan's first Gregorian day, Meiji 6 (the calendar reform of Meiji 5).
        (dt.date(1873, 1, 1), "明治6年1月1日"),
        (dt.date(1904, 2, 8), "明治37年2月8日"),
        (dt.date(1905, 9, 5), "明治38年9月5日"),
        # Taishō began on 30 July 1912, the day the Meiji emperor died.
        (dt.date(1912, 7, 29), "明治45年7月29日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1913, 1, 1), "大正2年1月1日"),
        # Shōwa began on 25 December 1926.
        (dt.date(1926, 12, 24), "大正15年12月24日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1927, 1, 1), "昭和2年1月1日"),
        (dt.date(1945, 8, 15), "昭和20年8月15日"),
        # Heisei began on 8 January 1989.
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        # Reiwa began on 1 May 2019.
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2022, 11, 11), "令和4年11月11日"),
    ],
)
def test_each_era_begins_on_its_day(day, written):
    assert era_day(day) == written


def test_the_eras_start_where_the_records_say():
    assert [(era.name, era.first_day) for era in JAPANESE_ERAS] == [
        ("明治", dt.date(1868, 10, 23)),
        ("大正", dt.date(1912, 7, 30)),
        ("昭和", dt.date(1926, 12, 25)),
        ("平成", dt.date(1989, 1, 8)),
        ("令和", dt.date(2019, 5, 1)),
    ]


@pytest.mark.parametrize(
    ("edtf", "written"),
    [
        ("1904-02-08", "明治37年2月8日"),
        ("1945-08", "昭和20年8月"),
        ("1905", "明治38年"),
        ("1900~", "明治33年頃"),
        ("1904-02-08~", "明治37年2月8日頃"),
        # A month or a year in which the era changed has both names.
        ("1912-07", "明治45年7月／大正元年7月"),
        ("1912", "明治45年／大正元年"),
        ("1989-01", "昭和64年1月／平成元年1月"),
        ("2019", "平成31年／令和元年"),
        # Spans write the era and year once, as the Gregorian date does.
        ("2022-11-09/2022-11-11", "令和4年11月9日～11日"),
        ("1904-02-08/1904-03-01", "明治37年2月8日～3月1日"),
        ("1904-02-09/1905-09-05", "明治37年2月9日～明治38年9月5日"),
        ("1912-07-29/1912-07-30", "明治45年7月29日～大正元年7月30日"),
        ("1904/1905", "明治37年～明治38年"),
        # Japan's first Gregorian year, and the last before it.
        ("1873", "明治6年"),
        ("1872-12-31", None),
        ("1872", None),
        ("1868-10-23", None),
        ("1853-07-08", None),
    ],
)
def test_dates_to_their_precision(edtf, written):
    assert era_span(parse_span(edtf)) == written


def test_nothing_before_japan_took_the_gregorian_calendar():
    assert dt.date(1873, 1, 1) == GREGORIAN_IN_JAPAN
    assert era_span(parse_span("1872-12-31/1873-01-02")) is None

import datetime as dt

import pytest

from storymap.dates import (
    DateError,
    HistoricalDate,
    JulianDate,
    Precision,
    old_style,
    parse_point,
    parse_span,
    uses_old_style,
)


@pytest.mark.parametrize(
    ("text", "precision", "shown"),
    [
        ("1904-02-08", Precision.DAY, "8 February 1904"),
        ("1945-08", Precision.MONTH, "August 1945"),
        ("1905", Precision.YEAR, "1905"),
        ("1900~", Precision.YEAR, "c. 1900"),
        ("1855-02-07", Precision.DAY, "7 February 1855"),
        ("2022-11~", Precision.MONTH, "c. November 2022"),
    ],
)
def test_point_precision_and_display(text, precision, shown):
    point = parse_point(text)
    assert point.precision is precision
    assert point.display() == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1904/1905", "1904–1905"),
        ("2022-11-09/2022-11-11", "9–11 November 2022"),
        ("1945-08-18/1945-09-01", "18 August – 1 September 1945"),
        ("1904-08-01/1905-01-02", "1 August 1904 – 2 January 1905"),
        ("1905-02/1905-03", "February–March 1905"),
        ("1904/1905-05", "1904 – May 1905"),
        ("1900~/1905", "c. 1900 – 1905"),
        ("1904-02-08", "8 February 1904"),
    ],
)
def test_span_display(text, shown):
    assert parse_span(text).display() == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1904-02-30", "not a real calendar date"),
        ("1905-13", "not a real calendar date"),
        (
            "1900-00-05",
            r"'1900-00-05' has month 00; a month is 01 to 12: write the year alone \(1900\)",
        ),
        ("1900-00", "has month 00"),
        ("1900-00~", "has month 00"),
        (
            "1900-05-00",
            r"'1900-05-00' has day 00; a day is 01 to 31: write the month alone \(1900-05\)",
        ),
        ("1899/1900-00-00", "'1900-00-00' has month 00"),
        ("0000", "not a real calendar date"),
        ("1904-2-8", "not a date of the form"),
        ("8 February 1904", "not a date of the form"),
        ("", "not a date of the form"),
        ("2022-11-11/2022-11-09", "ends before it starts"),
        ("1905/1904", "ends before it starts"),
        ("1904/1905/1906", "more than one '/'"),
    ],
)
def test_bad_dates_say_what_is_wrong(text, message):
    with pytest.raises(DateError, match=message):
        parse_span(text)


@pytest.mark.parametrize(
    "point", [HistoricalDate(1900, 0), HistoricalDate(1900, 0, 5), HistoricalDate(1900, 5, 0)]
)
def test_a_month_or_day_0_is_no_date_not_january_or_the_first(point):
    with pytest.raises(ValueError):
        point.latest  # noqa: B018
    with pytest.raises(ValueError):
        point.earliest  # noqa: B018


def test_a_span_may_end_in_the_year_it_starts_at_a_coarser_precision():
    span = parse_span("1905-09-05/1905")
    assert span.last_day == dt.date(1905, 12, 31)


def test_dates_sort_by_their_first_possible_day_then_their_last():
    texts = ["1905-09-05", "1905", "1904-08-01/1905-01-02", "1905-09", "1904-02-08", "1894"]
    ordered = sorted((parse_span(text) for text in texts), key=lambda span: span.sort_key)
    assert [span.display() for span in ordered] == [
        "1894",
        "8 February 1904",
        "1 August 1904 – 2 January 1905",
        "1905",
        "September 1905",
        "5 September 1905",
    ]


def test_month_and_year_cover_their_whole_period():
    assert parse_point("1904-02").latest == dt.date(1904, 2, 29)
    assert parse_point("1905").earliest == dt.date(1905, 1, 1)
    assert parse_point("1905").latest == dt.date(1905, 12, 31)


@pytest.mark.parametrize(
    ("gregorian", "julian"),
    [
        ("1904-02-08", (1904, 1, 26)),  # the attack on Port Arthur
        ("1905-09-05", (1905, 8, 23)),  # the Treaty of Portsmouth
        ("1855-02-07", (1855, 1, 26)),  # the Treaty of Shimoda: 12 days in the 19th century
        ("1900-03-12", (1900, 2, 28)),  # the last day of a 12-day gap
        ("1900-03-13", (1900, 2, 29)),  # Julian 1900 is a leap year; the gap is now 13
        ("1900-03-14", (1900, 3, 1)),
        ("1800-03-12", (1800, 2, 29)),  # 1800: the gap grows from 11 to 12
        ("1800-03-11", (1800, 2, 28)),
        ("1918-02-13", (1918, 1, 31)),  # Russia's last Old Style day
        ("1582-10-15", (1582, 10, 5)),  # the first Gregorian day
        ("2100-03-14", (2100, 2, 29)),  # the gap grows to 14
    ],
)
def test_old_style_across_century_boundaries(gregorian, julian):
    assert old_style(dt.date.fromisoformat(gregorian)) == JulianDate(*julian)


def test_old_style_display_and_the_end_of_its_use_in_russia():
    assert old_style(dt.date(1904, 2, 8)).display() == "26 January 1904"
    assert uses_old_style(dt.date(1918, 2, 13))
    assert not uses_old_style(dt.date(1918, 2, 14))


def test_dates_are_values():
    assert parse_point("1904-02-08") == HistoricalDate(1904, 2, 8)


@pytest.mark.parametrize(
    ("text", "julian"),
    [
        ("1904-02-08", "26 January 1904 O.S."),
        ("1905-09-05", "23 August 1905 O.S."),
        ("1904-08-01/1905-01-02", "19 July 1904 – 20 December 1904 O.S."),
        ("1918-02-13", "31 January 1918 O.S."),
        ("1918-02-14", None),  # Russia's first Gregorian day
        ("1945-08-18", None),
        ("1905-08", None),  # a month has no single Julian date
        ("1904/1905", None),
        ("1904-08-01/1905", None),
    ],
)
def test_old_style_display_of_spans(text, julian):
    assert parse_span(text).old_style_display() == julian


@pytest.mark.parametrize(
    "text", ["1904", "1904-02", "1904-02-08", "1945-08~", "1904-02-08/1905-01-02", "1855~/1875"]
)
def test_a_date_writes_itself_back_as_it_was_written(text):
    assert parse_span(text).edtf == text

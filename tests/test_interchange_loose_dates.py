"""Dates as people write them, read into the data format's dates."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storymap.dates import DateSpan, HistoricalDate, parse_span
from storymap.interchange import loose_dates
from storymap.interchange.loose_dates import LooseDate, date_with_words, read_loose_date


@pytest.mark.parametrize(
    ("text", "date", "display"),
    [
        ("1835", "1835", ""),
        ("2013", "2013", ""),
        (1905, "1905", ""),
        ("  1835  ", "1835", ""),
        ("August 23, 1835", "1835-08-23", ""),
        ("Aug. 23, 1835", "1835-08-23", ""),
        ("August 23 1835", "1835-08-23", ""),
        ("23 August 1835", "1835-08-23", ""),
        ("23rd August 1835", "1835-08-23", ""),
        ("the 23rd of August, 1835", "1835-08-23", ""),
        ("1835-08-23", "1835-08-23", ""),
        ("1835-8-3", "1835-08-03", ""),
        ("1835-08-23T10:30:00Z", "1835-08-23", ""),
        ("1945-08", "1945-08", ""),
        ("August 1945", "1945-08", ""),
        ("Sept 1945", "1945-09", ""),
        ("8 February 1904", "1904-02-08", ""),
        ("c. 1900", "1900~", ""),
        ("circa 1900", "1900~", ""),
        ("ca. 1900", "1900~", ""),
        ("about 1900", "1900~", ""),
        ("~1900", "1900~", ""),
        ("1900~", "1900~", ""),
        ("c. November 2022", "2022-11~", ""),
        ("1900?", "1900~", "1900?"),
        ("Summer 1835", "1835", "Summer 1835"),
        ("late 1904", "1904", "late 1904"),
        ("mid-1835", "1835", "mid-1835"),
        ("1830s", "1830/1839", "1830s"),
        ("19th century", "1800/1899", "19th century"),
        ("1904–1905", "1904/1905", ""),
        ("1904-1905", "1904/1905", ""),
        ("1904 to 1905", "1904/1905", ""),
        ("1904/1905", "1904/1905", ""),
        ("1904–05", "1904/1905", ""),
        ("1 August 1904 – 2 January 1905", "1904-08-01/1905-01-02", ""),
        ("9–11 November 2022", "2022-11-09/2022-11-11", ""),
        ("August 9–11, 2022", "2022-08-09/2022-08-11", ""),
        ("18 August – 1 September 1945", "1945-08-18/1945-09-01", ""),
        ("February–March 1905", "1905-02/1905-03", ""),
        ("1904 – May 1905", "1904/1905-05", ""),
        ("c. 1900 – 1905", "1900~/1905", ""),
        ("1900s–1920s", "1900/1929", "1900s–1920s"),
        ("0800", "0800", ""),
        ("800", "0800", ""),
        ("AD 800", "0800", ""),
        ("800 CE", "0800", ""),
        ("A.D. 800", "0800", ""),
        ("5", "0005", ""),
        ("c. 5", "0005~", ""),
        ("August AD 23", "0023-08", ""),
        ("0023-08", "0023-08", ""),
        ("9999", "9999", ""),
    ],
)
def test_a_date_is_read(text, date, display):
    read = read_loose_date(text)
    assert (read.date, read.display, read.reason) == (date, display, "")
    parse_span(read.date)  # the data format takes it


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (None, "no date"),
        ("", "no date"),
        ("   ", "no date"),
        ("Aug 23", "no year in 'Aug 23'"),
        ("August", "no year in 'August'"),
        ("23 August", "no year in '23 August'"),
        ("23rd", "no year in '23rd'"),
        ("Aug 23 – Sep 5", "no year in 'Aug 23 – Sep 5'"),
        ("300 BC", "'300 BC' is before the year 1; the data format holds years 1 to 9999"),
        ("300 BCE", "'300 BCE' is before the year 1; the data format holds years 1 to 9999"),
        ("300 B.C.", "'300 B.C.' is before the year 1; the data format holds years 1 to 9999"),
        ("-300", "'-300' is before the year 1; the data format holds years 1 to 9999"),
        ("c. -300", "'c. -300' is before the year 1; the data format holds years 1 to 9999"),
        (-300, "'-300' is before the year 1; the data format holds years 1 to 9999"),
        ("0", "'0' is the year 0, which the data format cannot hold: its years are 1 to 9999"),
        ("10000", "'10000' is after 9999; the data format holds years 1 to 9999"),
        ("30 February 1900", "'30 February 1900' is not a real calendar date"),
        ("1835-13", "'1835-13' is not a real calendar date"),
        ("1835-00-05", "'1835-00-05' is not a real calendar date"),
        ("1835-05-00", "'1835-05-00' is not a real calendar date"),
        ("1905/1904", "'1905/1904' ends before it starts"),
        ("1904 – 1905 – 1906", "'1904 – 1905 – 1906' has more than one dash"),
        ("between 1904 and 1905", "'between 1904 and 1905' holds more than one date"),
        ("yesterday", "no date in 'yesterday'"),
        ("1835s", "no date could be read in '1835s'"),
        (True, "'True' is not a date"),
        (19.5, "'19.5' is not a date"),
        ({"year": 1905}, "is not a date"),
        ("1," * 16_000, "the date text is 32,000 characters long; a date is at most 200"),
        ("x" * 190 + " 1835 " + "y" * 5, "the date text is 201 characters long"),
    ],
)
def test_a_text_with_no_date_the_format_holds_gets_a_reason(text, reason):
    read = read_loose_date(text)
    assert read.date == ""
    assert not read.read
    assert read.reason.startswith(reason) or reason in read.reason


def test_a_date_text_of_200_characters_is_read():
    text = "Summer 1835, " + "a" * 187
    assert len(text) == 200  # the longest read
    assert read_loose_date(text) == LooseDate("1835", display=text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1," * 16_000, ""),  # 32,000 tokens in one run: each looked at once, not once per other
        ("~" * 16_000 + "1900", "1900~"),
        ("August " * 16_000, ""),
        ("," * 16_000 + "1900", "1900"),  # joiners trimmed from the run's ends at once
        ("1900" + " ," * 16_000, "1900"),
    ],
)
def test_reading_a_date_is_linear_in_its_words(text, date, monkeypatch):
    # Past the length limit, as if there were none: a quadratic reading of these takes
    # minutes; a linear one, milliseconds.
    monkeypatch.setattr(loose_dates, "MAX_DATE_CHARACTERS", len(text))
    read = read_loose_date(text)
    assert read.date == date
    assert read.read or read.reason.startswith("no date could be read in")


@st.composite
def historical_dates(draw) -> HistoricalDate:
    # Years from 32: "August 23" is a day in August, as StoryMapJS's authors write it,
    # so a month of the years 1 to 31 reads back only written "August AD 23".
    year = draw(st.integers(32, 9999))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    month = None if precision == "year" else draw(st.integers(1, 12))
    day = None
    if precision == "day":
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return HistoricalDate(year, month, day, approximate=draw(st.booleans()))


@st.composite
def date_spans(draw) -> DateSpan:
    start = draw(historical_dates())
    if draw(st.booleans()):
        return DateSpan(start)
    end = draw(historical_dates())
    assume(end.latest >= start.earliest)
    return DateSpan(start, end)


@given(date_spans())
def test_every_date_the_dashboard_shows_reads_back_as_itself(span):
    shown = span.display()
    read = read_loose_date(shown)
    assert (read.date, read.display) == (span.edtf, ""), shown


@given(st.text(max_size=40))
def test_any_text_gives_a_date_the_format_takes_or_a_reason(text):
    read = read_loose_date(text)
    if read.read:
        parse_span(read.date)
        assert read.reason == ""
    else:
        assert read.reason


@pytest.mark.parametrize(
    ("date", "words", "kept_date", "display"),
    [
        # Only the date written out: dropped.
        ("1904-02-08", "8 February 1904", "1904-02-08", ""),
        ("1904-02-08", "  8  February 1904 ", "1904-02-08", ""),
        ("1904-02-08", "February 8, 1904", "1904-02-08", ""),
        ("1900~", "c. 1900", "1900~", ""),
        ("1904/1905", "1904–05", "1904/1905", ""),
        ("1904-08-01/1905-01-02", "1 August 1904 – 2 January 1905", "1904-08-01/1905-01-02", ""),
        ("1945-08-14/1955-05", "14 August 1945 – May 1955", "1945-08-14/1955-05", ""),
        ("1835", "", "1835", ""),
        # The date with "about", which a tool without it can only write in words.
        ("1900", "c. 1900", "1900~", ""),
        ("0800", "About 800", "0800~", ""),
        ("1900/1905", "c. 1900 – 1905", "1900~/1905", ""),
        # Words that say more than the date: kept.
        ("1904-02-08", "Night of 8–9 February 1904", "1904-02-08", "Night of 8–9 February 1904"),
        ("1835", "Summer 1835", "1835", "Summer 1835"),
        ("1835", "1835?", "1835", "1835?"),
        ("1830/1839", "1830s", "1830/1839", "1830s"),
        # Another date, a more or a less precise one, or less than the date says: kept.
        ("1905", "1906", "1905", "1906"),
        ("1904-02", "8 February 1904", "1904-02", "8 February 1904"),
        ("1904-02-08", "February 1904", "1904-02-08", "February 1904"),
        ("1900~", "1900", "1900~", "1900"),
        ("1904", "1904–1905", "1904", "1904–1905"),
        # Words with no date in them: kept.
        ("1904", "Aug 23", "1904", "Aug 23"),
        ("1904", "the winter", "1904", "the winter"),
    ],
)
def test_date_with_words_keeps_the_words_only_when_they_say_more(date, words, kept_date, display):
    assert date_with_words(date, words) == LooseDate(kept_date, display=display)


@given(date_spans())
def test_a_date_given_as_numbers_and_as_the_dashboards_words_is_the_date(span):
    # As TimelineJS's export writes it: the numbers without "about", and the words.
    numbers = "/".join(
        HistoricalDate(point.year, point.month, point.day).edtf
        for point in (span.start, span.end)
        if point is not None
    )
    assert date_with_words(numbers, span.display()) == LooseDate(span.edtf)


@pytest.mark.parametrize(
    ("text", "date", "display"),
    [
        (
            "Night of 8–9 February 1904 (8 February 1904)",
            "1904-02-08",
            "Night of 8–9 February 1904",
        ),
        ("Summer 1835 (1835)", "1835", "Summer 1835"),
        ("The winter (c. 1900)", "1900~", "The winter"),
        ("1835 (approx)", "1835", "1835 (approx)"),  # the bracket is no date: words as ever
        ("(1835)", "1835", "(1835)"),  # no words before the bracket
    ],
)
def test_words_then_the_date_in_brackets_are_read_apart(text, date, display):
    read = read_loose_date(text)
    assert (read.date, read.display) == (date, display)

"""Dates written as people write them, read into the data format's dates.

StoryMapJS takes any text as a slide's date ("1835", "Aug 23", "Summer 1835", "c. 1900"),
and GeoJSON properties are whatever their author wrote. This reads the forms an English
reader writes, and every form :mod:`storymap.dates` shows a date in, so that a date
shown by the dashboard reads back as itself:

- a year ("1835", "800", "AD 800"), a month ("August 1945", "Aug 1945", "1945-08"), a day
  ("8 February 1904", "August 23, 1835", "1835-08-23"), or a decade ("1830s") or century
  ("19th century");
- "about" as "c.", "ca.", "circa", "about", "around", "~" or a trailing "?";
- a span with a dash, "to", "until" or "/": "1904–1905", "9–11 November 2022",
  "1 August 1904 – 2 January 1905", "February–March 1905".

Words around the date ("Summer 1835", "late 1904") are kept as the text to show: the
date is then the one the words are about (1835, 1904), and the reader still sees what
the original said.

:func:`date_with_words` reads a date that a file gives twice, as numbers and as the words
shown for it (TimelineJS's ``display_date``): words that are only the date written out
are dropped, so that a date shown by the dashboard is not kept as a display date.

The data format holds years 1 to 9999 (written with four digits, "0800"): a date with no
year ("Aug 23"), before the common era ("300 BC", "-300") or in the year 0 is not read,
and the reason says why. Nor is a text longer than MAX_DATE_CHARACTERS.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from storymap.dates import DateError, DateSpan, HistoricalDate, parse_span
from storymap.report import shorten

FIRST_YEAR, LAST_YEAR = 1, 9999
# The longest date text read: "1 August 1904 – 2 January 1905" with words around it is
# far shorter. A longer text is no date a person wrote, and is not read at all.
MAX_DATE_CHARACTERS = 200


@dataclass(frozen=True)
class LooseDate:
    """A date text read: the data format's date, or the reason there is none."""

    date: str  # the data format's text ("1835-08-23", "1900~", "1904/1905"); "" if none
    display: str = ""  # the original, when it said more than the date ("Summer 1835")
    reason: str = ""  # why there is no date ("no year in 'Aug 23'"); "" when there is one

    @property
    def read(self) -> bool:
        return bool(self.date)


def read_loose_date(text: object) -> LooseDate:
    """Read a date as a person or another tool wrote it; see the module's docstring.

    ``text`` is usually a string; a whole number is read as a year, and None or an empty
    text as no date.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return LooseDate("", reason="no date")
    if isinstance(text, bool) or not isinstance(text, str | int):
        return LooseDate("", reason=f"'{shorten(text)}' is not a date")
    written = str(text).strip()
    if len(written) > MAX_DATE_CHARACTERS:
        return LooseDate(
            "",
            reason=f"the date text is {len(written):,} characters long; a date is at most "
            f"{MAX_DATE_CHARACTERS}",
        )
    original = " ".join(written.split())
    worded = _words_then_date(original)
    if worded is not None:
        return worded
    try:
        span, extra = _read(original)
    except _UnreadError as problem:
        return LooseDate("", reason=str(problem))
    return LooseDate(span.edtf, display=original if extra else "")


def _words_then_date(text: str) -> LooseDate | None:
    """Words with the date itself after them in brackets, as the dashboard writes a
    date shown in words of its own: "Night of 8–9 February 1904 (8 February 1904)".
    None for any other text."""
    words, bracket, rest = text.rpartition(" (")
    if not bracket or not rest.endswith(")") or not words.strip():
        return None
    inner = read_loose_date(rest[:-1])
    if not inner.read or inner.display:
        return None
    return LooseDate(inner.date, display=words.strip())


def date_with_words(date: str, words: str) -> LooseDate:
    """An event's date (the data format's text) and the words its file shows for it,
    read together: the words are kept as the text to show only when they say more
    than the date.

    - Words that read as the date itself, with nothing around it ("8 February 1904"
      for 1904-02-08, "c. 1900" for 1900~), are dropped: the dashboard writes the date
      so itself.
    - Words that read as the date with "about" added ("c. 1900" for 1900) make the date
      approximate, and are dropped: a tool without "about" (TimelineJS) can only say
      it in words.
    - Any other words are kept ("Summer 1835", "Night of 8–9 February 1904").
    """
    shown = " ".join(words.split())
    if not shown:
        return LooseDate(date)
    read = read_loose_date(shown)
    if not read.read or read.display:
        return LooseDate(date, display=shown)
    try:
        said, held = parse_span(read.date), parse_span(date)
    except DateError:
        return LooseDate(date, display=shown)
    if _about_added(said, held):
        return LooseDate(said.edtf)
    return LooseDate(date, display=shown)


def _about_added(said: DateSpan, held: DateSpan) -> bool:
    """Whether ``said`` is ``held``, or ``held`` with "about" where it had none."""
    for said_point, held_point in ((said.start, held.start), (said.end, held.end)):
        if said_point is None or held_point is None:
            if said_point is not held_point:
                return False
            continue
        same_day = (said_point.year, said_point.month, said_point.day) == (
            held_point.year,
            held_point.month,
            held_point.day,
        )
        if not same_day or (held_point.approximate and not said_point.approximate):
            return False
    return True


class _UnreadError(ValueError):
    """Why a text has no date the data format can hold."""


# Month names as storymap.dates writes them, with their usual short forms.
_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _name = calendar.month_name[_number].lower()
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

_ABOUT_WORDS = frozenset({"c", "ca", "circa", "about", "around", "approx", "approximately"})
_COMMON_ERA = frozenset({"ad", "ce"})
_BEFORE_COMMON_ERA = frozenset({"bc", "bce"})
_RANGE_WORDS = frozenset({"to", "until", "till", "through"})
# Words a date is written with, which say nothing more than the date: "the 23rd of August".
_FILLER = frozenset({"of", "the"})

# Era words written with full stops ("B.C.E.", "A.D.") are read as one word.
_DOTTED_ERA = re.compile(r"\b(b\.\s?c\.(?:\s?e\.)?|a\.\s?d\.|c\.\s?e\.)", re.IGNORECASE)
_TOKEN = re.compile(
    # An ISO date, perhaps with a time of day, which a date here does not keep.
    r"(?P<iso>(?P<day>\d{4}-\d{1,2}(?:-\d{1,2})?)"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-]))"
    r"|(?P<number>\d+)(?P<suffix>st|nd|rd|th|s)?(?![^\W\d_])"
    r"|(?P<word>[^\W\d_]+)\.?"
    r"|(?P<dash>[-‐‑‒–—―])"
    r"|(?P<slash>/)"
    r"|(?P<about>~)"
    r"|(?P<unsure>\?)"
    r"|(?P<stop>[,.;])"
    r"|(?P<other>\S)"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # iso, number, ordinal, decade, month, about, era, range, filler, word, other
    text: str
    value: int = 0
    start: int = 0  # where it is in the text (with era words' full stops removed)


@dataclass
class _Partial:
    """One end of a date as written: any of its parts may be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    about: bool = False
    until_year: int | None = None  # a decade or century: the span's last year
    bare_number: int | None = None  # a lone number: a year, or a day by the other end
    bare_digits: int = 0  # how many digits it was written with ("05": 2)


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind, value, start = match.lastgroup or "other", match.group(0), match.start()
        if match.group("iso"):
            tokens.append(_Token("iso", match.group("day"), start=start))
        elif match.group("number") is not None:
            digits = match.group("number")
            number = int(digits) if len(digits) < 9 else 10**9
            suffix = (match.group("suffix") or "").lower()
            kind = {"": "number", "s": "decade"}.get(suffix, "ordinal")
            tokens.append(_Token(kind, digits, number, start))
        elif match.group("word"):
            tokens.append(_word(match.group("word").lower(), value, start))
        elif kind in ("dash", "slash"):
            tokens.append(_Token("range", value, start=start))
        elif kind == "about":
            tokens.append(_Token("about", value, start=start))
        elif kind == "unsure":
            tokens.append(_Token("unsure", value, start=start))
        elif kind == "stop":
            tokens.append(_Token("comma", value, start=start))
        else:
            tokens.append(_Token("other", value, start=start))
    return tokens


def _word(word: str, text: str, start: int) -> _Token:
    if word in _MONTHS:
        return _Token("month", text, _MONTHS[word], start)
    kinds = (
        (_ABOUT_WORDS, "about"),
        (_COMMON_ERA, "era"),
        (_BEFORE_COMMON_ERA, "bce"),
        (_RANGE_WORDS, "range"),
        (_FILLER, "filler"),
        ({"century"}, "century"),
    )
    kind = next((kind for words, kind in kinds if word in words), "word")
    return _Token(kind, text, start=start)


_DATE_PARTS = frozenset({"iso", "number", "ordinal", "decade", "month"})
_CORE = _DATE_PARTS | {"about", "unsure", "era", "range", "comma", "century", "filler"}
# Date words that say more than the data format's date does: the text is kept to show.
_SAYS_MORE = frozenset({"unsure", "decade", "century"})
_JOINERS = frozenset({"range", "comma", "filler"})


def _read(original: str) -> tuple[DateSpan, bool]:
    """The date ``original`` names, and whether it said more than the date."""
    text = original  # for the messages, which quote the original
    dotless = _DOTTED_ERA.sub(lambda match: match.group(0).replace(".", "").replace(" ", ""), text)
    tokens = _tokens(dotless)
    if any(token.kind == "bce" for token in tokens) or _starts_negative(tokens, dotless):
        raise _UnreadError(
            f"'{shorten(text)}' is before the year 1; the data format holds years 1 to 9999"
        )
    runs = _date_runs(tokens)
    if not runs:
        raise _UnreadError(f"no date in '{shorten(text)}'")
    if len(runs) > 1:
        raise _UnreadError(f"'{shorten(text)}' holds more than one date; write a span as 1904–1905")
    run = runs[0]
    # By identity: tokens are values, and equal ones ("," and ",") are different words.
    in_run = {id(token) for token in run}
    outside = [token for token in tokens if id(token) not in in_run and token.kind not in _JOINERS]
    extra = bool(outside) or any(token.kind in _SAYS_MORE for token in run)
    partials = [_partial(side, text) for side in _split_span(run, text)]
    if len(partials) == 2:
        _complete_from_each_other(*partials)
    points = [_point(partial, text) for partial in partials]
    last = partials[-1].until_year
    if last is not None:
        points[-1:] = [points[-1], HistoricalDate(last, approximate=points[-1].approximate)]
        if len(points) == 3:
            points.pop(1)  # "1900s–1920s": from the first decade's start to the last's end
    try:
        span = parse_span("/".join(point.edtf for point in points))
    except DateError:
        raise _UnreadError(f"'{shorten(text)}' ends before it starts") from None
    return span, extra


def _starts_negative(tokens: list[_Token], text: str) -> bool:
    """Whether the first number is written with a minus: "-300", "c. -300"; not the
    hyphen of "mid-1835" or the dash of a span."""
    for index, token in enumerate(tokens):
        if token.kind in _DATE_PARTS:
            if index == 0 or tokens[index - 1].kind != "range":
                return False
            dash = tokens[index - 1]
            joined = dash.start + len(dash.text) == token.start
            after_space = (
                dash.start == 0 or text[dash.start - 1].isspace() or text[dash.start - 1] in "~("
            )
            return joined and after_space and dash.text in "-−"
    return False


def _date_runs(tokens: list[_Token]) -> list[list[_Token]]:
    """The stretches of date words between other words, each holding a date part."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in [*tokens, _Token("word", "")]:
        if token.kind in _CORE:
            current.append(token)
            continue
        # "mid-1835": the hyphen joins a word, it does not start a span; nor do joiners
        # at either end belong to the date.
        first = next((n for n, part in enumerate(current) if part.kind not in _JOINERS), None)
        if first is not None:
            last = max(n for n, part in enumerate(current) if part.kind not in _JOINERS)
            kept = current[first : last + 1]
            if any(part.kind in _DATE_PARTS for part in kept):
                runs.append(kept)
        current = []
    return runs


def _split_span(run: list[_Token], text: str) -> list[list[_Token]]:
    marks = [index for index, token in enumerate(run) if token.kind == "range"]
    if not marks:
        return [run]
    if len(marks) > 1:
        raise _UnreadError(f"'{shorten(text)}' has more than one dash; a span is written start–end")
    return [run[: marks[0]], run[marks[0] + 1 :]]


def _partial(tokens: list[_Token], text: str) -> _Partial:
    """One end of a date from its words: "8 February 1904", "Aug 23", "c. 1900"."""
    partial = _Partial()
    parts = []
    written_era = any(token.kind == "era" for token in tokens)
    for token in tokens:
        if token.kind in ("about", "unsure"):
            partial.about = True
        elif token.kind in _DATE_PARTS or token.kind == "century":
            parts.append(token)
    kinds = tuple(token.kind for token in parts)
    values = [token.value for token in parts]
    unread = _UnreadError(f"no date could be read in '{shorten(text)}'")
    if kinds == ("iso",):
        pieces = [int(piece) for piece in parts[0].text.split("-")]
        partial.year, partial.month = pieces[0], pieces[1]
        partial.day = pieces[2] if len(pieces) == 3 else None
    elif kinds == ("number",):
        partial.bare_number, partial.bare_digits = values[0], len(parts[0].text)
    elif kinds == ("ordinal",):
        partial.day = values[0]
    elif kinds == ("decade",):
        if values[0] % 10:
            raise unread
        partial.year, partial.until_year = values[0], values[0] + 9
    elif kinds == ("ordinal", "century"):
        partial.year, partial.until_year = (values[0] - 1) * 100 or 1, values[0] * 100 - 1
    elif kinds == ("month",):
        partial.month = values[0]
    elif kinds in (("number", "month"), ("ordinal", "month")):
        partial.day, partial.month = values
    elif kinds in (("month", "number"), ("month", "ordinal")):
        # "Aug 23" is a day, as StoryMapJS's authors write it; "August 1945", and
        # "August AD 23", a year.
        if kinds[1] == "ordinal" or (
            values[1] <= 31 and len(parts[1].text) <= 2 and not written_era
        ):
            partial.month, partial.day = values
        else:
            partial.month, partial.year = values
    elif kinds in (("number", "month", "number"), ("ordinal", "month", "number")):
        partial.day, partial.month, partial.year = values
    elif kinds in (("month", "number", "number"), ("month", "ordinal", "number")):
        partial.month, partial.day, partial.year = values
    elif kinds == ("number", "number"):  # "23, 2022": the day and year of a span's end
        partial.day, partial.year = values
    else:
        raise unread
    return partial


def _complete_from_each_other(start: _Partial, end: _Partial) -> None:
    """A span's ends as written share what they leave out: "9–11 November 2022" and
    "February–March 1905" give the start the end's month and year; "August 9–11, 2022"
    gives the end the start's month."""
    if start.bare_number is not None:
        # A lone number before a day is a day ("9–11 November"); otherwise a year.
        if end.day is not None and end.month is not None and start.bare_number <= 31:
            start.day = start.bare_number
        else:
            start.year = start.bare_number
        start.bare_number = None
    if end.bare_number is not None:
        if start.day is not None and start.month is not None and start.year is None:
            end.day = end.bare_number  # "August 9–11"
        else:
            end.year = _full_year(end.bare_number, end.bare_digits, start.year)
        end.bare_number = None
    if end.month is None and end.day is not None and end.year is not None:
        end.month = start.month
    if start.year is None:
        start.year = end.year
    if start.month is None and start.day is not None:
        start.month = end.month


def _full_year(year: int, digits: int, start_year: int | None) -> int:
    """ "1904–05" is 1904 to 1905: an end of two digits is in the start's century."""
    if start_year is None or start_year < 100 or digits != 2:
        return year
    candidate = start_year // 100 * 100 + year
    return candidate if candidate >= start_year else candidate + 100


def _point(partial: _Partial, text: str) -> HistoricalDate:
    if partial.bare_number is not None:
        partial.year = partial.bare_number
    if partial.year is None:
        raise _UnreadError(f"no year in '{shorten(text)}'")
    if partial.year == 0:
        raise _UnreadError(
            f"'{shorten(text)}' is the year 0, which the data format cannot hold: its "
            "years are 1 to 9999 (1 BC is followed by AD 1)"
        )
    if not FIRST_YEAR <= partial.year <= LAST_YEAR:
        raise _UnreadError(
            f"'{shorten(text)}' is after 9999; the data format holds years 1 to 9999"
        )
    if partial.day is not None and partial.month is None:
        raise _UnreadError(f"no month in '{shorten(text)}'")
    point = HistoricalDate(partial.year, partial.month, partial.day, approximate=partial.about)
    try:
        point.latest  # noqa: B018 - building the date checks month and day
    except ValueError:
        raise _UnreadError(f"'{shorten(text)}' is not a real calendar date") from None
    return point

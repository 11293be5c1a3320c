"""The native value check gives the problems Frictionless gave, and costs one pass a column.

Parity is checked against ``tests.frictionless_reference``, which hands the rows to Frictionless:
on every broken folder of test_validation, on the default story, on a story with more
problems than are listed, and on random cells of every column and random small stories.
Frictionless anchors patterns as ``^pattern$``; the parity tests give the native check
that anchoring too, and the one intended difference (the whole value must match) has its
own test.

Time both on a synthetic story of 10,000 places and 20,000 events (not a test):
    .venv/bin/python -m tests.test_values
"""

from __future__ import annotations

import decimal
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storymap import schema, values
from storymap.csvfile import CsvRows, read_csv
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.report import MAX_PROBLEMS, Problem
from storymap.storyfiles import FolderFiles
from tests.frictionless_reference import check_values_with_frictionless as _check_values
from tests.test_validation import CASES

TABLES = {table.name: table for table in schema.TABLES}


def frictionless_anchoring(pattern: str):
    return re.compile(f"^{pattern}$").match


@pytest.fixture
def as_frictionless(monkeypatch):
    """Patterns anchored as Frictionless anchors them, for an exact comparison."""
    monkeypatch.setattr(values, "_compile_pattern", frictionless_anchoring)


def read_tables(folder: Path) -> dict[str, CsvRows]:
    """The tables of ``folder`` that can be read, as the loader hands them over."""
    tables = {}
    for table in schema.TABLES:
        rows, _ = read_csv(FolderFiles(folder), table)
        if rows is not None:
            tables[table.name] = rows
    return tables


def assert_same_problems(tables: dict[str, CsvRows]) -> list[Problem]:
    expected = _check_values(tables)
    assert values.check_values(tables) == expected
    return expected


def table_rows(header, rows, first_line: int = 2) -> CsvRows:
    return CsvRows(
        tuple(header), [(first_line + number, list(cells)) for number, cells in enumerate(rows)]
    )


# Parity on real folders


@pytest.mark.parametrize("breakage", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_each_broken_folder_gets_the_problems_frictionless_gave(
    data_copy, breakage, as_frictionless
):
    breakage(data_copy)
    assert_same_problems(read_tables(data_copy))


def test_the_default_story_has_no_problem_in_either(as_frictionless):
    assert assert_same_problems(read_tables(DEFAULT_DATA_FOLDER)) == []


def test_past_the_limit_both_stop_at_the_same_problem(as_frictionless):
    # Every place breaks several rules, so that the limit falls inside a row; every
    # event repeats an id and names an unknown place and source.
    places = table_rows(
        ("id", "name", "lat", "lon", "role"),
        [(f"Place {n}", "" if n % 3 else "P", "nan", "east", "capital") for n in range(400)]
        + [("place-0", "P", "1", "2", "context")],
    )
    events = table_rows(
        ("id", "place_id", "date", "title", "summary", "source_id", "details_source_id"),
        [
            (f"event-{n // 2}", "edo" if n % 4 else "place-0", "1904", "", "s", "wp", "")
            for n in range(900)
        ],
        first_line=5,
    )
    sources = table_rows(("id", "kind", "title"), [("article", "article", "The article")])
    problems = assert_same_problems({"places": places, "events": events, "sources": sources})
    assert len([p for p in problems if p.file == "places.csv"]) == MAX_PROBLEMS
    assert {p.rule for p in problems if p.file == "events.csv"} == {
        "unique",
        "reference",
        "required",
    }


def test_the_order_of_one_rows_problems_follows_frictionless(as_frictionless):
    # The id is read first, then the references; a repeated id or a broken reference
    # reads the rest of the row before it is reported.
    events = table_rows(
        ("title", "date", "id", "old_style", "place_id", "summary", "source_id"),
        [
            ("", "1904", "e-1", "yes", "edo", "", "article"),
            ("", "someday", "e-1", "no", "", "", "nowhere"),
            ("", "", "", "", "", "", ""),
        ],
    )
    places = table_rows(
        ("id", "name", "lat", "lon", "role"), [("kherson", "K", "1", "2", "context")]
    )
    sources = table_rows(("id", "kind", "title"), [("article", "article", "The article")])
    problems = assert_same_problems({"events": events, "places": places, "sources": sources})
    assert [(p.line, p.column, p.rule) for p in problems] == [
        (2, "title", "required"),
        (2, "old_style", "type"),
        (2, "summary", "required"),
        (2, "place_id", "reference"),
        (3, "title", "required"),
        (3, "date", "pattern"),
        (3, "old_style", "type"),
        (3, "summary", "required"),  # (an empty place_id is an event without a place)
        (3, "id", "unique"),
        (3, "source_id", "reference"),
        (4, "-", "blank-row"),
    ]


def test_an_id_used_three_times_names_the_line_before_as_first(as_frictionless):
    places = table_rows(
        ("id", "name", "lat", "lon", "role"),
        [("kherson", "K", "1", "2", "context")] * 3,
        first_line=4,
    )
    problems = assert_same_problems({"places": places})
    assert [p.message for p in problems] == [
        "'kherson' is used twice (first on line 4); ids must be unique",
        "'kherson' is used twice (first on line 5); ids must be unique",
    ]


def test_a_reference_quoting_another_column_is_blamed_on_its_own_column(as_frictionless):
    # The loader once found the column in Frictionless's note, which quotes the value too,
    # and blamed place_id here.
    events = table_rows(
        ("id", "place_id", "date", "title", "summary", "source_id"),
        [("e-1", "kherson", "1904", "T", "S", 'see "place_id"')],
    )
    places = table_rows(
        ("id", "name", "lat", "lon", "role"), [("kherson", "K", "1", "2", "context")]
    )
    sources = table_rows(("id", "kind", "title"), [("article", "article", "The article")])
    problems = assert_same_problems({"events": events, "places": places, "sources": sources})
    assert [(p.column, p.message) for p in problems] == [
        ("source_id", "'see \"place_id\"' is not an id in sources.csv")
    ]


# Parity on random cells of every kind of column

NUMBER_TEXTS = (
    "1e3",
    " 12 ",
    "1_000",
    "NaN",
    "nan",
    "-nan",
    "NaN12",
    "inf",
    "-inf",
    "+Infinity",
    "+1",
    "٣",
    "١٩٠٤",
    "１２",
    "1,000",
    "",
    " ",
    "0x10",
    "90",
    "-90",
    "90.0000000000000000001",
    "-180",
    "180.0",
    "1.5e2",
    "--1",
    "1__0",
    "_1",
    "1_",
    "\t5\n",
    "\u20037",
    "\x1c1",
    "1e999999",
    "-0",
    ".5",
    "5.",
    "1939.5",
    "10000",
    "-9999",
    "9999",
    "1e2",
    "01",
    "true",
)
BOOLEAN_TEXTS = (
    "true",
    "True",
    "TRUE",
    "1",
    "false",
    "False",
    "FALSE",
    "0",
    "",
    " true",
    "true ",
    "tRue",
    "yes",
    "no",
    "01",
    "1.0",
    "t",
)
ID_TEXTS = (
    "port-arthur",
    "kherson",
    "a",
    "b-1",
    "",
    " ",
    " kherson",
    "Kherson",
    "port-arthur\n",
    "x--y",
    "-a",
    "a-",
    "article",
    "wp",
    "e-1",
)


def not_signalling(text: str) -> bool:
    return "snan" not in text.lower()  # Frictionless raises on sNaN: see its own test


def cells_for(column: schema.Column) -> st.SearchStrategy[str]:
    """Random cells for ``column``: valid ones, the tricky texts of its type, and noise."""
    noise = st.text(alphabet="ab-Z0123456789.,+_eEinfINF ٣\n\t", max_size=6)
    if column.type in ("number", "integer"):
        numbers = (
            st.integers(-20_000, 20_000).map(str)
            | st.decimals(allow_nan=True, allow_infinity=True).map(str)
            | st.floats().map(repr)
        )
        return (st.sampled_from(NUMBER_TEXTS) | numbers | noise).filter(not_signalling)
    if column.type == "boolean":
        return st.sampled_from(BOOLEAN_TEXTS) | noise
    if column.name == "id" or column.name.endswith(("_id", "_event")):
        return st.sampled_from(ID_TEXTS) | noise
    if column.choices:
        return (
            st.sampled_from(
                (
                    *column.choices,
                    "",
                    " ",
                    column.choices[0].title(),
                    column.choices[0] + " ",
                    "other",
                )
            )
            | noise
        )
    if column.max_length is not None:
        limit = column.max_length
        return (
            st.sampled_from(("", " ", "x" * limit, "é" * limit, "x" * (limit + 1), " " * 90))
            | st.text(min_size=limit - 2, max_size=limit + 2)
            | noise
        )
    if column.pattern:
        return (
            st.from_regex(column.pattern, fullmatch=True)
            | st.from_regex(column.pattern, fullmatch=True).map(lambda text: text + "\n")
            | st.sampled_from(("", " ", "x"))
            | noise
        )
    return st.sampled_from(("", " ", "text", "…")) | noise


COLUMNS = [
    (table.name, column.name)
    for table in schema.TABLES
    for column in table.columns
    if column.type != "string"
    or column.pattern
    or column.choices
    or column.required
    or column.max_length is not None
]
# Each example runs Frictionless, which takes a few hundredths of a second.
SLOW = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize(
    ("table_name", "column_name"), COLUMNS, ids=[".".join(column) for column in COLUMNS]
)
@settings(SLOW, max_examples=10)
@given(data=st.data())
def test_random_cells_of_every_column_get_the_problems_frictionless_gave(
    table_name, column_name, data, as_frictionless
):
    table = TABLES[table_name]
    column = table.column(column_name)
    cells = data.draw(st.lists(cells_for(column), min_size=1, max_size=30), label="cells")
    header = table.column_names
    rows = [
        [cell if name == column_name else table.column(name).example for name in header]
        for cell in cells
    ]
    tables = {table_name: table_rows(header, rows)}
    for key in table.foreign_keys:  # the examples are valid references
        referenced = TABLES[key.table]
        tables[key.table] = table_rows(
            referenced.column_names, [[c.example for c in referenced.columns]]
        )
    assert_same_problems(tables)


@st.composite
def stories(draw) -> dict[str, CsvRows]:
    """A few small tables with random columns, in random order, and random cells."""
    tables = {}
    for table in schema.TABLES:
        if not draw(st.booleans()):
            continue
        optional = [column.name for column in table.columns if not column.required]
        chosen = draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
        header = draw(st.permutations([*table.required_column_names, *chosen]))
        row = st.tuples(*(cells_for(table.column(name)) for name in header))
        rows = draw(st.lists(row | st.just(("",) * len(header)), max_size=6))
        steps = draw(st.lists(st.integers(1, 3), min_size=len(rows), max_size=len(rows)))
        lines = [2 + sum(steps[:number]) for number in range(len(rows))]
        tables[table.name] = CsvRows(
            tuple(header), [(line, list(cells)) for line, cells in zip(lines, rows, strict=True)]
        )
    return tables


@settings(SLOW, max_examples=100)
@given(tables=stories())
def test_random_stories_get_the_problems_frictionless_gave(tables, as_frictionless):
    assert_same_problems(tables)


# The differences, on purpose


def test_a_value_ending_with_a_line_break_breaks_its_pattern():
    places = table_rows(
        ("id", "name", "lat", "lon", "role"),
        [("port-arthur\n", "Port Arthur", "38.8", "121.2", "featured")],
    )
    assert _check_values({"places": places}) == []  # Frictionless's ^pattern$ lets it by
    assert values.check_values({"places": places}) == [
        Problem(
            "places.csv",
            2,
            "id",
            "'port-arthur\n' is not lowercase letters, digits and single hyphens, like port-arthur",
            "pattern",
        )
    ]


def test_a_signalling_nan_is_reported_where_frictionless_raises():
    places = table_rows(
        ("id", "name", "lat", "lon", "role"), [("kherson", "Kherson", "sNaN", "32.6", "featured")]
    )
    with pytest.raises(decimal.InvalidOperation):
        _check_values({"places": places})
    message = "'sNaN' is out of range: must be from -90 to 90"
    assert (
        values.check_values({"places": places})
        == [Problem("places.csv", 2, "lat", message, "range")] * 2
    )


# Linear work


def count_lines_run(tables: dict[str, CsvRows]) -> int:
    """How many lines of storymap/values.py run to check ``tables``."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != values.__file__:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        values.check_values(tables)
    finally:
        sys.settrace(None)
    return count


def broken_story(places: int) -> dict[str, CsvRows]:
    """``places`` places and twice as many events, one row in ten with problems."""
    place_rows = [
        (f"p-{n}", f"P {n}", "95" if n % 10 == 0 else "10", "10", "context") for n in range(places)
    ]
    event_rows = [
        (
            f"e-{n // 2 if n % 10 == 0 else n}",
            f"p-{n // 2}" if n % 10 else "edo",
            "1904",
            "T",
            "S",
            "article",
        )
        for n in range(2 * places)
    ]
    return {
        "places": table_rows(("id", "name", "lat", "lon", "role"), place_rows),
        "events": table_rows(
            ("id", "place_id", "date", "title", "summary", "source_id"), event_rows
        ),
        "sources": table_rows(("id", "kind", "title"), [("article", "article", "A")]),
    }


def test_the_work_grows_in_proportion_to_the_rows():
    small, large = count_lines_run(broken_story(100)), count_lines_run(broken_story(400))
    assert small > 100  # the trace saw the problem rows being read
    assert large <= 4 * small


def test_clean_rows_are_checked_without_a_line_per_row():
    def clean_places(count: int) -> dict[str, CsvRows]:
        return {
            "places": table_rows(
                ("id", "name", "lat", "lon", "role"),
                [(f"p-{n}", "P", "10", "10", "context") for n in range(count)],
            )
        }

    assert count_lines_run(clean_places(10)) == count_lines_run(clean_places(1000))


def time_both(places: int = 10_000, events_per_place: int = 2) -> None:
    """Print how long Frictionless and the native check take on a synthetic story."""
    import tempfile
    import time

    from storymap.synth import write_synthetic_story

    with tempfile.TemporaryDirectory() as folder:
        write_synthetic_story(Path(folder), places, events_per_place)
        tables = read_tables(Path(folder))
    rows = sum(len(rows.rows) for rows in tables.values())
    for name, check, runs in (
        ("Frictionless", _check_values, 3),
        ("native", values.check_values, 10),
    ):
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            problems = check(tables)
            seconds.append(time.perf_counter() - start)
        print(
            f"{name:>12}: best {min(seconds):.3f} s, median "
            f"{sorted(seconds)[len(seconds) // 2]:.3f} s of {runs} runs "
            f"({rows:,} rows, {len(problems)} problems)"
        )


if __name__ == "__main__":
    time_both()

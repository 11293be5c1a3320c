"""Check every value of a story against the schema: types, constraints, ids, references.

The rules are those of ``storymap.schema``, read as Frictionless 5.21 reads a Table
Schema, and the problems are the ones the loader made of Frictionless's report: the
same messages, in the same order, with the same cut-off of ``MAX_PROBLEMS`` per file.
Each rule is first checked over a whole column at C speed (a set difference, ``all`` of
a ``map``); only a column that breaks it is walked cell by cell to find where.

Two differences from Frictionless, both on purpose:

- A pattern must match the whole value. Frictionless anchors it as ``^pattern$``, and
  ``$`` matches before a final line break, so ``port-arthur\\n`` passed as an id.
- A signalling NaN (``sNaN``) in a number column with a range is reported like ``NaN``;
  Frictionless raises ``decimal.InvalidOperation`` on it, and the whole check fails.

How Frictionless orders the problems of one row, reproduced by ``_row_errors``: it reads
the unique columns first, then the primary key's, then each foreign key's column,
reporting each cell's type or constraint problems as it reads it; the first duplicate,
empty key or broken reference makes it read the rest of the row, in the file's column
order, before that problem is reported; a row whose cells are all empty is one
"blank-row" problem instead. A cell that is not of its type is checked no further.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from storymap import schema
from storymap.csvfile import CsvRows
from storymap.i18n import N_, _, ngettext
from storymap.report import MAX_PROBLEMS, WHOLE_FILE, Problem, shorten

_NOT_FINITE = {"nan", "inf", "infinity"}
# The message for a cell that is not of its column's type, by the type.
TYPE_PROBLEMS = {
    "number": N_("'{value}' is not a number"),
    "integer": N_("'{value}' is not a whole number"),
    "boolean": N_("'{value}' is not true or false"),
    "string": N_("'{value}' is not text"),
}
# The message for a cell that does not match its column's pattern, by the pattern's rule
# in words (schema.Column.pattern_rule): each a whole sentence, to translate as one.
PATTERN_PROBLEMS = {
    "lowercase letters, digits and single hyphens, like port-arthur": N_(
        "'{value}' is not lowercase letters, digits and single hyphens, like port-arthur"
    ),
    "an http:// or https:// address": N_("'{value}' is not an http:// or https:// address"),
    "a date: YYYY, YYYY-MM or YYYY-MM-DD": N_(
        "'{value}' is not a date: YYYY, YYYY-MM or YYYY-MM-DD"
    ),
    "YYYY, YYYY-MM or YYYY-MM-DD, '~' for about, start/end for a span": N_(
        "'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD, '~' for about, start/end for a span"
    ),
    "a two- or three-letter language code": N_(
        "'{value}' is not a two- or three-letter language code"
    ),
    "a colour written #RRGGBB": N_("'{value}' is not a colour written #RRGGBB"),
}
# Frictionless's default true and false values, compared as they are (not stripped).
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "1": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "0": False,
}
_REFERENCED_COLUMN = "id"  # a foreign key names the id column of another file
_BOUNDS = (("minimum", operator.ge), ("maximum", operator.le))
# The typed value of a missing cell, and of one that is not of its type: Frictionless's
# None. (No typed value is ever the empty string, so it can stand for None here, and
# a text column's cells are their own typed values.)
NO_VALUE = ""

# An error as Frictionless would report it, before it becomes a Problem:
#   ("type", field)                         the cell is not of its column's type
#   ("constraint", field, name)             the cell breaks the constraint ``name``
#   ("unique", field, earlier_row, value)   the value was in ``earlier_row`` already
#   ("primary-key",)                        counts towards the cut-off; never reported
#   ("foreign-key", column, table, value)   ``value`` is not an id of ``table``
#   ("blank",)                              every cell of the row is empty
# Fields and rows are indexes: of the header, and of ``CsvRows.rows``.
RawError = tuple


def check_values(tables: dict[str, CsvRows]) -> list[Problem]:
    """Every problem of the values of ``tables`` (a table's name -> its rows).

    Types, required cells, ranges, choices, patterns, unique ids and references between
    files, for each table of ``schema.TABLES`` found in ``tables``. A reference into a
    table that is not in ``tables`` is not checked: the file is missing or unreadable,
    which is reported once, elsewhere. As with Frictionless, at most ``MAX_PROBLEMS``
    problems are looked at per file, duplicated primary keys among them (those are not
    listed: the unique rule of the id column reports the same duplicate).
    """
    ids: dict[str, frozenset] = {}  # the ids of each referenced table, collected once
    problems: list[Problem] = []
    for table in schema.TABLES:
        if table.name in tables:
            problems.extend(_check_table(table, tables, ids))
    return problems


def _compile_pattern(pattern: str) -> Callable[[str], Any]:
    """The test of a cell of a column with ``pattern``: the whole value matches."""
    return re.compile(pattern).fullmatch


def _check_table(
    table: schema.Table, tables: dict[str, CsvRows], ids: dict[str, frozenset]
) -> list[Problem]:
    rows = tables[table.name]
    if not rows.rows:
        return []
    header = rows.header
    columns = [table.column(name) for name in header]
    cells = list(zip(*map(operator.itemgetter(1), rows.rows), strict=True))  # by column

    cell_errors: dict[int, dict[int, list[RawError]]] = {}
    for field, column in enumerate(columns):
        for row, error in _column_errors(column, field, cells[field]):
            cell_errors.setdefault(row, {}).setdefault(field, []).append(error)

    typed: dict[int, Sequence] = {}
    for field, column in enumerate(columns):
        if (
            column.unique
            or column.name == table.primary_key
            or any(key.column == column.name for key in table.foreign_keys)
        ):
            typed[field] = _typed_values(column, cells[field])

    unique_fields = [field for field, column in enumerate(columns) if column.unique]
    earlier = {field: _repeats(typed[field]) for field in unique_fields}

    key_fields = (
        [header.index(table.primary_key)]
        if table.primary_key and table.primary_key in header
        else []
    )
    key_rows: set[int] = set()  # a key that is empty, or that an earlier row has
    if key_fields:
        keys = list(zip(*(typed[field] for field in key_fields), strict=True))
        no_key = (NO_VALUE,) * len(key_fields)
        key_rows.update(_repeats(keys, missing=no_key))
        if no_key in keys:
            key_rows.update(row for row, key in enumerate(keys) if key == no_key)

    references = [
        (key, header.index(key.column))
        for key in table.foreign_keys
        if key.column in header and key.table in tables
    ]
    broken: list[set[int]] = []
    for key, field in references:
        if key.table not in ids:
            ids[key.table] = _ids(key.table, tables[key.table])
        broken.append(_not_in(typed[field], ids[key.table]))

    rows_with_errors = set(cell_errors).union(*earlier.values(), key_rows, *broken)
    if not key_fields and not any(column.required for column in columns):
        # Only then can a row with every cell empty have no other problem to find it by.
        rows_with_errors.update(
            row for row, (_line, row_cells) in enumerate(rows.rows) if not any(row_cells)
        )

    errors: list[tuple[int, RawError]] = []
    for row in sorted(rows_with_errors):
        row_errors = _row_errors(
            row,
            len(columns),
            cell_errors.get(row, {}),
            not any(rows.rows[row][1]),
            unique=[(field, earlier[field].get(row), typed[field]) for field in unique_fields],
            key=(key_fields, row in key_rows),
            references=[
                (field, key, row in broken_rows, typed[field])
                for (key, field), broken_rows in zip(references, broken, strict=True)
            ],
        )
        errors.extend((row, error) for error in row_errors)
        if len(errors) >= MAX_PROBLEMS:  # Frictionless stops after the row that reaches it
            del errors[MAX_PROBLEMS:]
            break
    problems = (_problem(table, rows, columns, row, error) for row, error in errors)
    return [problem for problem in problems if problem is not None]


def _ids(name: str, rows: CsvRows) -> frozenset:
    """The ids of table ``name``: what a foreign key into it may name."""
    if _REFERENCED_COLUMN not in rows.header:
        return frozenset()
    table = next(table for table in schema.TABLES if table.name == name)
    field = rows.header.index(_REFERENCED_COLUMN)
    values = _typed_values(
        table.column(_REFERENCED_COLUMN), [cells[field] for _line, cells in rows.rows]
    )
    return frozenset(values) - {NO_VALUE}


def _repeats(values: Sequence, missing: Any = NO_VALUE) -> dict[int, int]:
    """Each row whose value an earlier row has, and that earlier row: the latest one, as
    Frictionless names it."""
    present = set(values)
    present.discard(missing)
    if len(present) == len(values) - values.count(missing):
        return {}  # no repeats: the common case, found without a loop
    seen: dict[Any, int] = {}
    repeats = {}
    for row, value in enumerate(values):
        if value != missing:
            if value in seen:
                repeats[row] = seen[value]
            seen[value] = row
    return repeats


def _not_in(values: Sequence, known: frozenset) -> set[int]:
    """The rows whose value is given and is not in ``known``."""
    unknown = set(values) - known
    unknown.discard(NO_VALUE)
    if not unknown:
        return set()
    return {row for row, value in enumerate(values) if value in unknown}


# Reading a cell as its column's type: its value, or None if it is not of the type.


def _read_number(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except Exception:
        return None


def _read_integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except Exception:
        return None


_READERS: dict[str, Callable[[str], Any]] = {
    "number": _read_number,
    "integer": _read_integer,
    "boolean": _BOOLEANS.get,
}


def _reader(column: schema.Column) -> Callable[[str], Any]:
    try:
        return _READERS[column.type]
    except KeyError:
        raise NotImplementedError(f"no check for columns of type {column.type!r}") from None


def _typed_values(column: schema.Column, cells: Sequence[str]) -> Sequence:
    """The values that ids and references compare: ``NO_VALUE`` for a missing cell."""
    if column.type == "string":
        return cells
    read = _reader(column)
    values = [read(cell) if cell != "" else None for cell in cells]
    return [NO_VALUE if value is None else value for value in values]


def _bound(column: schema.Column, value: Any) -> Any:
    """A minimum or maximum as Frictionless reads it, with its column's type."""
    if isinstance(value, str):
        return _reader(column)(value)
    if isinstance(value, bool):
        return None
    if column.type == "number":
        return Decimal(str(value)) if isinstance(value, float) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _column_errors(
    column: schema.Column, field: int, cells: Sequence[str]
) -> list[tuple[int, RawError]]:
    """The type and constraint errors of one column, as (row, error), the errors of each
    cell in Frictionless's order: required; maximum length; pattern or minimum and
    maximum; choices."""
    errors: list[tuple[int, RawError]] = []
    if column.required and "" in cells:
        errors.extend(
            (row, ("constraint", field, "required")) for row, cell in enumerate(cells) if cell == ""
        )
    if column.type == "string":
        if column.max_length is not None:
            limit = column.max_length
            if any(len(cell) > limit for cell in cells):
                errors.extend(
                    (row, ("constraint", field, "maxLength"))
                    for row, cell in enumerate(cells)
                    if len(cell) > limit
                )
        if column.pattern:
            matches = _compile_pattern(column.pattern)
            if not all(map(matches, filter(None, cells))):
                errors.extend(
                    (row, ("constraint", field, "pattern"))
                    for row, cell in enumerate(cells)
                    if cell != "" and not matches(cell)
                )
        if column.choices:
            others = set(cells) - set(column.choices) - {""}
            if others:
                errors.extend(
                    (row, ("constraint", field, "enum"))
                    for row, cell in enumerate(cells)
                    if cell in others
                )
        return errors
    if column.type == "boolean" and not column.choices:
        others = set(cells) - _BOOLEANS.keys() - {""}
        if others:
            errors.extend(
                (row, ("type", field)) for row, cell in enumerate(cells) if cell in others
            )
        return errors
    if _all_valid(column, cells):
        return errors
    errors.clear()
    read = _reader(column)
    bounds = [
        (name, _bound(column, getattr(column, name)), compare)
        for name, compare in _BOUNDS
        if getattr(column, name) is not None
    ]
    choices = [read(choice) for choice in column.choices] if column.choices else None
    for row, cell in enumerate(cells):
        if cell == "":
            if column.required:
                errors.append((row, ("constraint", field, "required")))
            continue
        value = read(cell)
        if value is None:
            errors.append((row, ("type", field)))
            continue
        for name, bound, compare in bounds:
            # NaN is outside every bound (and sNaN too, on which Frictionless raises).
            if (isinstance(value, Decimal) and value.is_nan()) or not compare(value, bound):
                errors.append((row, ("constraint", field, name)))
        if choices is not None and value not in choices:
            errors.append((row, ("constraint", field, "enum")))
    return errors


def _all_valid(column: schema.Column, cells: Sequence[str]) -> bool:
    """Whether every given cell of a number or integer column reads, and is in range."""
    if column.choices or column.type not in ("number", "integer"):
        return False
    read: Callable[[str], Decimal | int] = Decimal if column.type == "number" else int
    try:
        values = list(map(read, map(str.strip, filter(None, cells))))
    except Exception:
        return False
    if not values:
        return True
    try:  # a NaN can't be compared: it raises here, and is then found cell by cell
        low, high = min(values), max(values)
        return (column.minimum is None or low >= _bound(column, column.minimum)) and (
            column.maximum is None or high <= _bound(column, column.maximum)
        )
    except Exception:
        return False


def _row_errors(
    row: int,
    width: int,
    cell_errors: dict[int, list[RawError]],
    blank: bool,
    *,
    unique: list[tuple[int, int | None, Sequence]],
    key: tuple[list[int], bool],
    references: list[tuple[int, schema.ForeignKey, bool, Sequence]],
) -> list[RawError]:
    """One row's errors, in the order in which Frictionless reports them."""
    errors: list[RawError] = []
    read: set[int] = set()
    whole = False

    def read_cell(field: int) -> None:
        if not whole and field not in read:
            errors.extend(cell_errors.get(field, ()))
            read.add(field)

    def read_row() -> None:
        nonlocal whole, errors
        if not whole:
            for field in range(width):
                read_cell(field)
            whole = True
            if blank:
                errors = [("blank",)]

    for field, earlier_row, values in unique:
        read_cell(field)
        if earlier_row is not None:
            read_row()
            errors.append(("unique", field, earlier_row, values[row]))
    key_fields, key_broken = key
    for field in key_fields:
        read_cell(field)
    if key_broken:
        read_row()
        errors.append(("primary-key",))
    for field, foreign_key, broken, values in references:
        read_cell(field)
        if broken:
            read_row()
            errors.append(("foreign-key", foreign_key.column, foreign_key.table, values[row]))
    read_row()
    return errors


def too_long(cell: str, column: schema.Column) -> str:
    """The message for a cell longer than its column's ``max_length``."""
    return ngettext(
        "'{value}' is {length} character long; at most {limit} are allowed",
        "'{value}' is {length} characters long; at most {limit} are allowed",
        len(cell),
    ).format(value=shorten(cell), length=len(cell), limit=column.max_length)


def _problem(
    table: schema.Table, rows: CsvRows, columns: list[schema.Column], row: int, error: RawError
) -> Problem | None:
    """The Problem the loader made of the same error from Frictionless (kept as the
    reference in tests/frictionless_reference.py)."""
    line, cells = rows.rows[row]
    kind = error[0]

    def problem(column: str, message: str, rule: str) -> Problem:
        return Problem(table.filename, line, column, message, rule)

    if kind == "primary-key":
        return None
    if kind == "blank":
        return problem(
            WHOLE_FILE,
            _('Row at position "{position}" is completely blank').format(position=row + 2),
            "blank-row",
        )
    if kind == "foreign-key":
        column_name, referenced = error[1], error[2]
        cell = cells[rows.header.index(column_name)]
        return problem(
            column_name,
            _("'{value}' is not an id in {file}").format(
                value=shorten(cell), file=f"{referenced}.csv"
            ),
            "reference",
        )
    column = columns[error[1]]
    if kind == "unique":
        earlier_line = rows.rows[error[2]][0]
        return problem(
            column.name,
            _("'{value}' is used twice (first on line {line}); ids must be unique").format(
                value=shorten(str(error[3])), line=earlier_line
            ),
            "unique",
        )
    cell = shorten(cells[error[1]])
    if kind == "type":
        return problem(column.name, _(TYPE_PROBLEMS[column.type]).format(value=cell), "type")
    constraint = error[2]
    if constraint == "required":
        return problem(column.name, _("a value is required"), "required")
    if column.type == "number" and cell.strip().lower().lstrip("+-") in _NOT_FINITE:
        return problem(
            column.name, _("'{value}' is not a finite number").format(value=cell), "type"
        )
    if constraint in ("minimum", "maximum"):
        return problem(
            column.name,
            _("'{value}' is out of range: must be from {minimum} to {maximum}").format(
                value=cell, minimum=f"{column.minimum:g}", maximum=f"{column.maximum:g}"
            ),
            "range",
        )
    if constraint == "enum":
        return problem(
            column.name,
            _("'{value}' must be one of {choices}").format(
                value=cell, choices=", ".join(column.choices)
            ),
            "choices",
        )
    if constraint == "pattern":
        return problem(
            column.name, _(PATTERN_PROBLEMS[column.pattern_rule]).format(value=cell), "pattern"
        )
    if constraint == "maxLength":
        return problem(column.name, too_long(cells[error[1]], column), "length")
    return problem(
        column.name,
        _("'{value}' breaks the rule '{rule}'").format(value=cell, rule=constraint),
        "constraint-error",
    )

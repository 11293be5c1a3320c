"""The loader's check of values as it was made with Frictionless: the reference that
``storymap.values`` is held to, problem for problem (tests/test_values.py)."""

from __future__ import annotations

import re

from frictionless import Package, Resource, Schema

from storymap import schema
from storymap.csvfile import CsvRows
from storymap.report import MAX_PROBLEMS, WHOLE_FILE, Problem, shorten
from storymap.values import _NOT_FINITE, TYPE_PROBLEMS, too_long  # the loader's words for both

_POSITION = re.compile(r"row at position (\d+)")


def check_values_with_frictionless(tables: dict[str, CsvRows]) -> list[Problem]:
    """Types, constraints, unique ids and references, checked by Frictionless."""
    resources = []
    for table in schema.TABLES:
        if table.name not in tables:
            continue  # missing or unreadable: already reported
        rows = tables[table.name]
        descriptor = table.table_schema(rows.header)
        # A reference into a file that could not be read is not checked, so that its
        # absence is reported once, not once per row that points into it.
        descriptor["foreignKeys"] = [
            key for key in descriptor["foreignKeys"] if key["reference"]["resource"] in tables
        ]
        resources.append(
            Resource(
                name=table.name,
                data=[list(rows.header)] + [cells for _, cells in rows.rows],
                schema=Schema.from_descriptor(descriptor),
            )
        )
    if not resources:
        return []
    report = Package(resources=resources).validate(limit_errors=MAX_PROBLEMS)
    problems = []
    for task in report.tasks:
        table = next(table for table in schema.TABLES if table.name == task.name)
        rows = tables[table.name]
        for error in task.errors:
            problems.append(problem_from_frictionless(table, rows, error))
    return [problem for problem in problems if problem is not None]


def problem_from_frictionless(table: schema.Table, rows: CsvRows, error) -> Problem | None:
    def line_of(row_number: int) -> int:
        # Frictionless counts the header as row 1; the rows list starts after it.
        return rows.rows[row_number - 2][0]

    def problem(column: str, message: str, rule: str) -> Problem:
        return Problem(table.filename, line, column, message, rule)

    row_number = getattr(error, "row_number", None)
    line = line_of(row_number) if row_number else WHOLE_FILE
    column_name = getattr(error, "field_name", None)
    cell = shorten(getattr(error, "cell", ""))
    note = getattr(error, "note", "")
    if error.type == "primary-key":
        return None  # the same duplicate is reported by the id column's unique rule
    if error.type == "foreign-key":
        # The note starts 'for "column": values ...' and quotes the value after it.
        key = next(key for key in table.foreign_keys if note.startswith(f'for "{key.column}"'))
        value = rows.rows[row_number - 2][1][rows.header.index(key.column)]
        return problem(
            key.column, f"'{shorten(value)}' is not an id in {key.table}.csv", "reference"
        )
    if column_name is None:
        return problem(WHOLE_FILE, error.message, error.type)
    column = table.column(column_name)
    if error.type == "unique-error":
        first = _POSITION.search(note)
        where = f" (first on line {line_of(int(first.group(1)))})" if first else ""
        return problem(column_name, f"'{cell}' is used twice{where}; ids must be unique", "unique")
    if error.type == "type-error":
        return problem(column_name, TYPE_PROBLEMS[column.type].format(value=cell), "type")
    if 'constraint "required"' in note:
        return problem(column_name, "a value is required", "required")
    if column.type == "number" and cell.strip().lower().lstrip("+-") in _NOT_FINITE:
        return problem(column_name, f"'{cell}' is not a finite number", "type")
    if 'constraint "minimum"' in note or 'constraint "maximum"' in note:
        return problem(
            column_name,
            f"'{cell}' is out of range: must be from {column.minimum:g} to {column.maximum:g}",
            "range",
        )
    if 'constraint "enum"' in note:
        return problem(
            column_name, f"'{cell}' must be one of " + ", ".join(column.choices), "choices"
        )
    if 'constraint "pattern"' in note:
        return problem(column_name, f"'{cell}' is not {column.pattern_rule}", "pattern")
    if 'constraint "maxLength"' in note:
        return problem(column_name, too_long(error.cell, column), "length")
    return problem(column_name, f"'{cell}' breaks a rule: {note}", error.type)

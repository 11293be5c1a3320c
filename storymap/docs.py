"""The data format's documentation, written from the schema so the two never disagree."""

from __future__ import annotations

from storymap import schema

_INTRODUCTION = """\
# The data format

A story is a folder of UTF-8 CSV files (comma-separated, a header row first, in any
column order) and an optional GeoJSON file. `python -m storymap validate FOLDER` checks
a folder against the rules below and prints every problem as `file:line: column:
message`. This page is written from `storymap/schema.py` by `python -m storymap docs`;
`data/datapackage.json` states the same rules as a Frictionless Data Package (written by
`python -m storymap datapackage`), so that other tools can check a folder too: copy it
into your folder and run, for example, `frictionless validate datapackage.json`.
"""

_DATES = """\
## Dates

`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the form is the precision, so `1945-08` reads
"August 1945". Add `~` for "about" (`1900~` reads "c. 1900"). Write a span as
`start/end` (`1904-08-01/1905-01-02`); it must not end before it starts.
"""


def data_format_markdown() -> str:
    """The whole data format as Markdown."""
    parts = [_INTRODUCTION]
    for table in schema.TABLES:
        parts.append(_table_section(table))
    parts.append(_areas_section())
    parts.append(_DATES)
    return "\n".join(parts)


def _table_section(table: schema.Table) -> str:
    lines = [f"## `{table.filename}`", "", table.description, ""]
    lines.append("| column | rule | meaning | example |")
    lines.append("| --- | --- | --- | --- |")
    for column in table.columns:
        lines.append(f"| `{column.name}` | {column.rule_in_words()} | {column.description} "
                     f"| `{column.example}` |")
    for key in table.foreign_keys:
        lines.append("")
        lines.append(f"`{key.column}` must be an `id` of `{key.table}.csv`.")
    lines.append("")
    return "\n".join(lines)


def _areas_section() -> str:
    lines = [f"## `{schema.AREAS_FILENAME}` (optional)", "",
             "A GeoJSON FeatureCollection of lines and areas drawn for places, longitude "
             "first. Geometry types: " + ", ".join(schema.AREA_GEOMETRIES) + ". Each "
             "feature's properties:", ""]
    lines += [f"- `{name}`: {meaning}" for name, meaning in schema.AREA_PROPERTIES.items()]
    lines.append("")
    return "\n".join(lines)

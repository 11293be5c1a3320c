"""Read one CSV file into rows, each with the line it starts on in the file.

The line numbers are the file's own (a quoted cell may span lines), so a problem can
be reported where an editor shows it. Everything that makes the text unreadable as
CSV (bytes that are not UTF-8, binary content, a wrong delimiter, rows of the wrong
width) is reported here, before any rule about the values is checked.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from storymap.i18n import _, ngettext
from storymap.number_text import number_text
from storymap.report import MAX_PROBLEMS, WHOLE_FILE, Problem, shorten, unreadable_file
from storymap.schema import Table
from storymap.storyfiles import StoryFiles

# A cell longer than this is refused: no field of a story needs it, and the map and the
# panel would carry it to every visitor. (The csv module's own limit is process-wide and
# other libraries change it, so the length is checked here, cell by cell.)
MAX_CELL_CHARACTERS = 100_000
csv.field_size_limit(2**31 - 1)  # so that a long cell is read, then reported with its column
MAX_HEADER_CELLS = 100  # far more than any file's columns, so a typo is still listed


@dataclass(frozen=True)
class CsvRows:
    """The header, and every data row as (line, cells) padded to the header's width."""

    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]


def read_csv(
    files: StoryFiles, table: Table, max_rows: int | None = None
) -> tuple[CsvRows | None, list[Problem]]:
    """Read the file ``table`` describes from ``files``.

    The rows are None if the file can't be read, is an optional file that is absent, or
    breaks a limit (``max_rows`` rows, if given; ``MAX_PROBLEMS`` problems): reading
    stops there, so that time and memory grow with what is read, never past the limits.
    """
    name = table.filename
    try:
        data = files.read(name)
        if data is None:
            missing = Problem(name, WHOLE_FILE, WHOLE_FILE, _("the file is missing"), "file")
            return None, [missing] if table.required else []
    except OSError as error:
        return None, [unreadable_file(name, error)]
    problem = _encoding_problem(name, data)
    if problem:
        return None, [problem]
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        return None, [
            _whole_file(
                name,
                _("the file is empty; the first line must be the header: {columns}").format(
                    columns=",".join(table.column_names)
                ),
                "empty",
            )
        ]
    # Decoded as it is read, a few kilobytes at a time: kept as one string while it is
    # read (as StringIO keeps it), the text would cost up to four bytes a character.
    # newline="" keeps a quoted cell's line ends as they are, and still counts every
    # line end of the file.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    try:
        header = tuple(cell.strip() for cell in next(reader))
        problems = _check_header(name, header, table)
        if problems:
            return None, problems
        rows: list[tuple[int, list[str]]] = []
        blank_rows = 0
        line = reader.line_num + 1
        for cells in reader:
            if not (cells and any(map(str.strip, cells))):
                # Skipped, but counted: a file of nothing but blank rows is read too.
                blank_rows += 1
                if max_rows is not None and blank_rows > max_rows:
                    return None, [
                        *problems,
                        _stopped(
                            name,
                            line,
                            ngettext(
                                "the file has more than {count} blank row, the most an "
                                "uploaded story's {file} may have; stopped reading {file} at "
                                "line {line}",
                                "the file has more than {count} blank rows, the most an "
                                "uploaded story's {file} may have; stopped reading {file} at "
                                "line {line}",
                                max_rows,
                            ),
                            "rows",
                            count=max_rows,
                        ),
                    ]
            else:
                if len(rows) == max_rows:
                    return None, [
                        *problems,
                        _stopped(
                            name,
                            line,
                            ngettext(
                                "the file has more than {count} row, the most an uploaded "
                                "story's {file} may have; stopped reading {file} at line {line}",
                                "the file has more than {count} rows, the most an uploaded "
                                "story's {file} may have; stopped reading {file} at line {line}",
                                max_rows,
                            ),
                            "rows",
                            count=max_rows,
                        ),
                    ]
                if len(cells) != len(header):
                    problems.append(
                        Problem(
                            name,
                            line,
                            WHOLE_FILE,
                            _("the row has {cells} cells, the header has {header}").format(
                                cells=len(cells), header=len(header)
                            ),
                            "width",
                        )
                    )
                else:
                    # Reported, but kept: dropping the row would make every reference
                    # to its id look broken too. (The longest cell first, at C speed:
                    # a row is looked into only when it has a cell too long.)
                    if max(map(len, cells)) > MAX_CELL_CHARACTERS:
                        problems.extend(_too_long(name, line, header, cells))
                    rows.append((line, cells))
                if len(problems) >= MAX_PROBLEMS:
                    return None, [
                        *problems[: MAX_PROBLEMS - 1],
                        _stopped(
                            name,
                            line,
                            ngettext(
                                "{count} problem or more; stopped reading {file} at line {line}",
                                "{count} problems or more; stopped reading {file} at line {line}",
                                MAX_PROBLEMS,
                            ),
                            "problems",
                            count=MAX_PROBLEMS,
                        ),
                    ]
            line = reader.line_num + 1
    except csv.Error as error:
        return None, [
            Problem(
                name,
                reader.line_num,
                WHOLE_FILE,
                _("the file is not valid CSV ({error})").format(error=error),
                "csv",
            )
        ]
    return CsvRows(header, rows), problems


def _stopped(name: str, line: int, message: str, rule: str, count: int) -> Problem:
    """Where reading stopped: ``message`` says why, with its {count}, {file} and {line}."""
    return Problem(
        name,
        line,
        WHOLE_FILE,
        message.format(count=number_text(count), file=name, line=number_text(line)),
        rule,
    )


def _too_long(name: str, line: int, header: tuple[str, ...], cells: list[str]) -> list[Problem]:
    return [
        Problem(
            name,
            line,
            column,
            ngettext(
                "the cell has {count} character; at most {limit} are allowed",
                "the cell has {count} characters; at most {limit} are allowed",
                len(cell),
            ).format(count=number_text(len(cell)), limit=number_text(MAX_CELL_CHARACTERS)),
            "cell-size",
        )
        for column, cell in zip(header, cells, strict=True)
        if len(cell) > MAX_CELL_CHARACTERS
    ]


def _encoding_problem(name: str, data: bytes) -> Problem | None:
    """Whether ``data`` is not UTF-8 text, checked before any of it is read as CSV."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _whole_file(name, _("the file is UTF-16 text; save it as UTF-8"), "encoding")
    if b"\x00" in data[:65536]:
        return _whole_file(name, _("this is a binary file, not CSV text"), "encoding")
    try:
        # The decoded text is dropped at once: the rows are decoded again as they are read.
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return Problem(
            name,
            line,
            WHOLE_FILE,
            _("byte 0x{byte} is not UTF-8 text; save the file as UTF-8").format(byte=f"{byte:02x}"),
            "encoding",
        )
    return None


def _check_header(name: str, header: tuple[str, ...], table: Table) -> list[Problem]:
    if len(header) > MAX_HEADER_CELLS:  # one problem, not one for each unknown column
        return [
            Problem(
                name,
                1,
                WHOLE_FILE,
                ngettext(
                    "the header has {count} cell; the columns are {columns}",
                    "the header has {count} cells; the columns are {columns}",
                    len(header),
                ).format(count=number_text(len(header)), columns=", ".join(table.column_names)),
                "columns",
            )
        ]
    if len(header) == 1 and any(mark in header[0] for mark in ";\t|"):
        found = next(mark for mark in ";\t|" if mark in header[0])
        message = (
            _("the columns are separated by tab; separate them with commas")
            if found == "\t"
            else _("the columns are separated by '{mark}'; separate them with commas").format(
                mark=found
            )
        )
        return [Problem(name, 1, WHOLE_FILE, message, "delimiter")]
    problems = []
    for column in table.required_column_names:
        if column not in header:
            problems.append(
                Problem(name, 1, column, _("the required column is missing"), "columns")
            )
    allowed = set(table.column_names)
    for column in header:
        if column not in allowed:
            problems.append(
                Problem(
                    name,
                    1,
                    shorten(column) or _("(blank)"),
                    _("unknown column; the columns are {columns}").format(
                        columns=", ".join(table.column_names)
                    ),
                    "columns",
                )
            )
    seen: set[str] = set()
    for column in header:
        if column in seen and column in allowed:
            problems.append(Problem(name, 1, column, _("the column appears twice"), "columns"))
        seen.add(column)
    return problems


def _whole_file(name: str, message: str, rule: str) -> Problem:
    return Problem(name, WHOLE_FILE, WHOLE_FILE, message, rule)

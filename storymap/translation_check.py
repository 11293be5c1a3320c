"""The rules of translations.csv that reach into the rest of the story.

The schema checks each cell alone: a language code, a known record and field, a text
given. These need more than the cell: that the field is one of its record's, that the
id is one the story has (and that the story itself is given none), that each text is
given once, that there is a quote, a link's label or an introduction to translate, that
the links or areas an id names have one text between them to translate, and that a
translation is no longer than the text it translates may be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from babel.numbers import format_decimal

from storymap import schema
from storymap.csvfile import CsvRows
from storymap.i18n import _, babel_locale
from storymap.model import Area
from storymap.report import Problem, shorten
from storymap.storyfiles import (
    INTRODUCTION_FILENAME,
    MAX_INTRODUCTION_BYTES,
    MAX_INTRODUCTION_KB,
    StoryFiles,
    control_character_message,
    first_control_character,
    introduction_problems,
    story_introduction,
)

TABLE = schema.TRANSLATIONS
# The CSV file each record is a row of; its columns' rules are its translations'.
ID_TABLES = {
    "place": schema.PLACES,
    "event": schema.EVENTS,
    "era": schema.ERAS,
    "link": schema.LINKS,
}
# The file each record's id is in: an area is a feature of areas.geojson.
ID_FILES = {
    **{record: table.filename for record, table in ID_TABLES.items()},
    "area": schema.AREAS_FILENAME,
}
_ID_COLUMN = "id"
# The optional texts of a record, by (record, field), and the file each is in: one may
# only be translated where the original has it.
_OPTIONAL_FIELDS = {
    ("event", "quote"): schema.EVENTS,
    ("event", "display_date"): schema.EVENTS,
    ("place", "location_note"): schema.PLACES,
    ("place", "today"): schema.PLACES,
    ("link", "label"): schema.LINKS,
}
# Every field of any record; any other is the schema's to report.
_FIELD_NAMES = frozenset(name for names in schema.TRANSLATED_FIELDS.values() for name in names)


def translation_problems(
    tables: dict[str, CsvRows], files: StoryFiles, areas: Sequence[Area] | None
) -> list[Problem]:
    """Every problem of the story's translations.csv (read into ``tables``) that its
    schema does not find; none when the story has no such file, or it can't be read.

    ``areas`` are those of areas.geojson; None where the story has no such file, or its
    problems are reported on their own: a translation of an area is then let be.
    """
    rows = tables.get(TABLE.name)
    if rows is None:
        return []
    if _ID_COLUMN not in rows.header:
        # Not required by the schema, whose required columns need a value in every row:
        # the story's own rows have none. Every other row needs it, so the file does.
        return [_problem(1, _ID_COLUMN, _("the required column is missing"), "columns")]
    links = tables.get(schema.LINKS.name)
    rows_check = _RowsCheck(
        ids={
            **{record: _ids(tables.get(table.name), record) for record, table in ID_TABLES.items()},
            "area": None if areas is None else frozenset(area.id for area in areas),
        },
        filled={
            (record, field): _filled(tables.get(table.name), record, field)
            for (record, field), table in _OPTIONAL_FIELDS.items()
        },
        ambiguous={
            "link": _ambiguous(_labels(links) or ()),
            "area": _ambiguous((area.id, area.name) for area in areas or ()),
        },
        has_introduction=_has_introduction(files),
    )
    problems: list[Problem] = []
    for line, cells in rows.rows:
        problems.extend(rows_check.problems(line, dict(zip(rows.header, cells, strict=True))))
    return problems


class _RowsCheck:
    """The rules of each row, with what they need of the rest of the story."""

    def __init__(
        self,
        ids: dict[str, frozenset[str] | None],
        filled: dict[tuple[str, str], frozenset[str] | None],
        ambiguous: dict[str, frozenset[str]],
        has_introduction: bool | None,
    ):
        self.ids = ids  # by record; None where its file could not be read (reported there)
        # By (record, field) of an optional text: the ids that have one; None where the
        # file could not be read (reported there).
        self.filled = filled
        # By record: the ids that name several links or areas whose texts differ.
        self.ambiguous = ambiguous
        self.has_introduction = has_introduction  # None: it is broken (reported there)
        self.first_lines: dict[tuple[str, str, str, str], int] = {}

    def problems(self, line: int, row: dict[str, str]) -> list[Problem]:
        record, field = row["record"], row["field"]
        fields = schema.TRANSLATED_FIELDS.get(record)
        if fields is None:
            return []  # not a record: the schema says so
        problems = []
        known_field = field in fields
        if not known_field and field in _FIELD_NAMES:
            message = _("'{field}' is not a field of record '{record}': its fields are {fields}")
            problems.append(
                _problem(
                    line,
                    "field",
                    message.format(field=field, record=record, fields=", ".join(fields)),
                    "field",
                )
            )
        id_problem = self._id_problem(line, record, row[_ID_COLUMN])
        if id_problem:
            problems.append(id_problem)
        elif known_field:
            problems.extend(self._field_problems(line, row))
        text_problem = _text_problem(line, record, field if known_field else "", row["text"])
        if text_problem:
            problems.append(text_problem)
        return problems

    def _id_problem(self, line: int, record: str, record_id: str) -> Problem | None:
        if record == schema.STORY_RECORD:
            if not record_id:
                return None
            message = _("'{id}' is given, but the story itself has no id: leave id empty")
            return _problem(line, _ID_COLUMN, message.format(id=shorten(record_id)), "story-id")
        filename = ID_FILES[record]
        if not record_id:
            if record == "link":
                message = _(
                    "a value is required: the link's from_event and to_event in {file}, "
                    "as from_event>to_event"
                )
            else:
                message = _("a value is required: the id, in {file}, of what is translated")
            return _problem(line, _ID_COLUMN, message.format(file=filename), "required")
        known = self.ids[record]
        if known is not None and record_id not in known:
            if record == "link":
                # Its id is made of two, and easily mistyped: say how it is made.
                message = _(
                    "'{id}' is not a link in {file}: a link is named by its from_event and "
                    "to_event, as from_event>to_event"
                )
            else:
                message = _("'{id}' is not an id in {file}")
            return _problem(
                line, _ID_COLUMN, message.format(id=shorten(record_id), file=filename), "reference"
            )
        return None

    def _field_problems(self, line: int, row: dict[str, str]) -> list[Problem]:
        """The rules of a known field of a known record: given once, and something there
        to translate."""
        record, record_id, field = row["record"], row[_ID_COLUMN], row["field"]
        key = (row["language"], record, record_id, field)
        first = self.first_lines.setdefault(key, line)
        if first != line:
            message = _(
                "the same language, record, id and field are on line {line} already: "
                "give each translation once"
            )
            return [_problem(line, "field", message.format(line=first), "unique")]
        filled = self.filled.get((record, field))
        if filled is not None and record_id not in filled:
            # A translation says what the original says: not a quote, date or note it lacks.
            if field == "quote":
                message = _("the event '{id}' has no quote to translate: its quote is empty")
            else:
                message = _("'{id}' has no {field} to translate: its {field} in {file} is empty")
            text = message.format(
                id=shorten(record_id), field=field, file=_OPTIONAL_FIELDS[(record, field)].filename
            )
            return [_problem(line, "field", text, field)]
        if record_id in self.ambiguous.get(record, ()):
            # One translation would stand in for every one of them.
            if record == "link":
                message = _(
                    "'{id}' names links with different labels in {file}: one translation "
                    "can't stand for them all"
                )
            else:
                message = _(
                    "'{id}' names areas with different names in {file}: one translation "
                    "can't stand for them all"
                )
            text = message.format(id=shorten(record_id), file=ID_FILES[record])
            return [_problem(line, _ID_COLUMN, text, "ambiguous")]
        if field == "introduction" and self.has_introduction is False:
            message = _("the story has no introduction to translate: {file} is missing or empty")
            return [
                _problem(line, "field", message.format(file=INTRODUCTION_FILENAME), "introduction")
            ]
        return []


def _text_problem(line: int, record: str, field: str, text: str) -> Problem | None:
    """Whether the translation is blank, or longer than its field's original may be.

    An empty cell is the schema's to report (the text is required).
    """
    if text and not text.strip():
        return _problem(line, "text", _("the translation is blank"), "required")
    if (record, field) == (schema.STORY_RECORD, "introduction"):
        # Plain text, as introduction.txt is (a table's cells are only ever shown escaped).
        found = first_control_character(text)
        if found is not None:
            return _problem(line, "text", control_character_message(found[1]), "text")
        size = len(text.encode("utf-8"))
        if size <= MAX_INTRODUCTION_BYTES:
            return None
        message = _(
            "the translation is {size} bytes long; an introduction may have at most "
            "{limit} bytes ({kb} KB)"
        )
        return _problem(
            line,
            "text",
            message.format(
                size=_number(size), limit=_number(MAX_INTRODUCTION_BYTES), kb=MAX_INTRODUCTION_KB
            ),
            "length",
        )
    limit = _length_limit(record, field)
    if limit is None or len(text) <= limit:
        return None
    message = _(
        "the translation is {length} characters long; the {field} it translates may have "
        "at most {limit}"
    )
    return _problem(
        line,
        "text",
        message.format(length=_number(len(text)), field=field, limit=_number(limit)),
        "length",
    )


def _length_limit(record: str, field: str) -> int | None:
    """The most characters the original of ``field`` may have; None: no limit of its own."""
    if record == schema.STORY_RECORD:
        return schema.TITLE_MAX_LENGTH if field == "title" else None
    table = ID_TABLES.get(record)
    if table is None or field not in table.column_names:
        return None
    return table.column(field).max_length


def _ids(rows: CsvRows | None, record: str) -> frozenset[str] | None:
    """The ids of ``record``'s file, read into ``rows``; None for one that could not be
    read, which is reported where it is read, and for an optional file the story does
    not have: a translation into it is let be, as an event's era_id is when there is no
    eras.csv."""
    ids = _row_ids(rows, record)
    return None if ids is None else frozenset(ids)


def _row_ids(rows: CsvRows | None, record: str) -> list[str] | None:
    """Each row's id, as translations.csv names it, in the order of the rows; None if
    the file could not be read, or has no ids. A link's is made of its two events'."""
    if rows is None:
        return None
    header = rows.header
    if record == "link":
        if "from_event" not in header or "to_event" not in header:
            return None
        first, second = header.index("from_event"), header.index("to_event")
        return [schema.link_id(cells[first], cells[second]) for _line, cells in rows.rows]
    if _ID_COLUMN not in header:
        return None
    column = header.index(_ID_COLUMN)
    return [cells[column] for _line, cells in rows.rows]


def _labels(links: CsvRows | None) -> list[tuple[str, str]] | None:
    """Each link's id and label, for the links that have a label (those a translation
    translates); None if links.csv could not be read."""
    ids = _row_ids(links, "link")
    if links is None or ids is None:
        return None
    if "label" not in links.header:
        return []
    column = links.header.index("label")
    labels = (
        (record_id, cells[column].strip())
        for record_id, (_line, cells) in zip(ids, links.rows, strict=True)
    )
    return [(record_id, label) for record_id, label in labels if label]


def _ambiguous(texts: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The ids, of these (id, text) pairs, that name more than one text.

    Neither links.csv nor areas.geojson asks for an id of its own: two links may join
    the same events, and two areas may share an id. A translation of that id stands in for
    the text of each: one text, or it would be wrong for one of them.
    """
    first: dict[str, str] = {}
    return frozenset(
        record_id for record_id, text in texts if first.setdefault(record_id, text) != text
    )


def _has_introduction(files: StoryFiles) -> bool | None:
    """Whether the story has an introduction to translate; None if its file breaks a
    rule, which is reported on its own (a translation of it is then let be)."""
    if introduction_problems(files):
        return None
    return story_introduction(files) is not None


def _filled(rows: CsvRows | None, record: str, field: str) -> frozenset[str] | None:
    """The ids of the rows whose ``field`` is not empty; None if the file could not be
    read (or has no ids)."""
    ids = _row_ids(rows, record)
    if rows is None or ids is None:
        return None
    if field not in rows.header:
        return frozenset()
    values = rows.header.index(field)
    return frozenset(
        record_id
        for record_id, (_line, cells) in zip(ids, rows.rows, strict=True)
        if cells[values].strip()
    )


def _number(number: int) -> str:
    """A count as the reader's language writes it: 10,240 in English, 10 240 in Russian."""
    return format_decimal(number, locale=babel_locale())


def _problem(line: int, column: str, message: str, rule: str) -> Problem:
    return Problem(TABLE.filename, line, column, message, rule)

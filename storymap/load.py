"""Read a data folder, check it against the schema, and return the story.

A folder with any problem is refused whole: the dashboard shows the report and no
partial story, because a story with some events silently missing would mislead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from storymap import schema
from storymap.areas import read_areas
from storymap.csvfile import CsvRows, read_csv
from storymap.dates import DateError, DateSpan, parse_span
from storymap.i18n import _
from storymap.media import is_image_address
from storymap.model import (
    ESTABLISHED,
    Era,
    Event,
    EventMedia,
    Link,
    Place,
    PlaceName,
    Source,
    Story,
    Translation,
)
from storymap.report import (
    WHOLE_FILE,
    DataError,
    Problem,
    first_per_cell,
    shorten,
)
from storymap.storyfiles import FolderFiles, StoryFiles, introduction_problems
from storymap.translation_check import translation_problems
from storymap.values import check_values

DATA_ENVIRONMENT_VARIABLE = "STORYMAP_DATA"
DEFAULT_DATA_FOLDER = Path(__file__).resolve().parent.parent / "data"

_TRUE = {"true", "1"}  # Frictionless's true values, compared in lower case


def data_folder_from_environment(environ: dict[str, str] | None = None) -> Path:
    """The folder named by STORYMAP_DATA, or the default story's folder."""
    value = (environ if environ is not None else os.environ).get(DATA_ENVIRONMENT_VARIABLE)
    return Path(value).expanduser() if value else DEFAULT_DATA_FOLDER


def load_story(folder: Path) -> Story:
    """Read and check every file of ``folder``; raise DataError listing all problems."""
    folder = Path(folder)
    try:
        is_folder = folder.is_dir()
    except OSError as error:
        raise _folder_refused(
            folder,
            _(
                "the data folder can't be read ({error}); check that the app's user may open it"
            ).format(error=error.strerror or error),
        ) from None
    if not is_folder:
        message = (
            _("the data folder is a file, not a folder; set {variable} to a folder holding {files}")
            if folder.exists()
            else _("the data folder does not exist; set {variable} to a folder holding {files}")
        )
        raise _folder_refused(
            folder,
            message.format(
                variable=DATA_ENVIRONMENT_VARIABLE,
                files=", ".join(table.filename for table in schema.TABLES),
            ),
        )
    return load_files(FolderFiles(folder), row_limits=False)


def _folder_refused(folder: Path, message: str) -> DataError:
    return DataError(str(folder), [Problem(str(folder), WHOLE_FILE, WHOLE_FILE, message, "folder")])


# What a progress callback is told: the step being started, its number, and how many
# steps there are. Reading the files is one step each; checking the values is the last.
Progress = Callable[[str, int, int], None]
STEPS = len(schema.TABLES) + 2


def load_files(
    files: StoryFiles, progress: Progress | None = None, row_limits: bool = True
) -> Story:
    """Read and check every file of ``files``; raise DataError listing all problems.

    With ``row_limits``, as for a visitor's upload, each file stops being read at its
    table's ``max_rows``; a folder on the server is its operator's, and is read whole.
    """

    def step(name: str, number: int) -> None:
        if progress:
            progress(name, number, STEPS)

    problems: list[Problem] = []
    tables: dict[str, CsvRows] = {}
    for number, table in enumerate(schema.TABLES):
        step(_("Reading {file}").format(file=table.filename), number)
        rows, file_problems = read_csv(files, table, table.max_rows if row_limits else None)
        problems.extend(file_problems)
        if rows is not None:
            tables[table.name] = rows
    step(_("Checking every value and reference"), len(schema.TABLES))
    records = {name: _records(rows) for name, rows in tables.items()}
    problems.extend(_check_not_empty(tables))
    dates = _ReadDates()
    problems.extend(_check_dates(records, dates))
    problems.extend(_check_year_order(records))
    problems.extend(check_values(tables))
    if "events" in records and "sources" in records:
        problems.extend(_check_quotes(records["events"], records["sources"]))
    if "events" in records:
        problems.extend(_check_eras_named(records["events"], records.get("eras"), dates))
        problems.extend(_check_happened_at_has_a_place(records["events"]))
        problems.extend(_check_media(records["events"]))
    problems.extend(introduction_problems(files))
    place_ids = {row["id"] for _line, row in records["places"]} if "places" in records else None
    step(_("Reading {file}").format(file=schema.AREAS_FILENAME), len(schema.TABLES) + 1)
    areas, area_problems = read_areas(files, place_ids)
    # A translation of an area is checked against the areas once areas.geojson reads
    # whole: without the file, or while any of it is broken (reported as it is), it is
    # let be, as for a CSV file that can't be read.
    named_areas = areas if files.has(schema.AREAS_FILENAME) and not area_problems else None
    problems.extend(translation_problems(tables, files, named_areas))
    problems.extend(area_problems)
    if problems:
        raise DataError(files.label, first_per_cell(problems))
    return _build_story(records, areas, dates)


def _records(rows: CsvRows) -> list[tuple[int, dict[str, str]]]:
    header = rows.header  # looked up once, not for each of thousands of rows
    return [(line, dict(zip(header, cells, strict=True))) for line, cells in rows.rows]


def _check_not_empty(tables: dict[str, CsvRows]) -> list[Problem]:
    """A story needs at least one event to show anything.

    It may have no places: its events are then all without a place, listed under a map
    of the world.
    """
    table = schema.EVENTS
    if table.name not in tables or tables[table.name].rows:
        return []
    return [
        Problem(
            table.filename,
            2,
            WHOLE_FILE,
            _("the file has a header but no rows; a story needs at least one event"),
            "empty",
        )
    ]


class _ReadDates(dict[str, DateSpan | str]):
    """Each date text of one load, read once: its span, or why it is no date.

    Stories repeat dates (a year, a day of battle), and every date is needed twice: to
    check it, then to build its event. A span is frozen, so its events may share it.
    """

    def __missing__(self, text: str) -> DateSpan | str:
        try:
            read: DateSpan | str = parse_span(text)
        except DateError as error:
            read = str(error)  # the message alone: an exception kept keeps its frames
        self[text] = read
        return read

    def span(self, text: str) -> DateSpan:
        """The span of ``text``, a date already checked (see _check_dates)."""
        read = self[text]
        if isinstance(read, str):
            raise DateError(read)
        return read


def _check_dates(records, dates: _ReadDates) -> list[Problem]:
    """Dates must name real days, and spans must not end before they start."""
    problems = []
    for table, column in ((schema.EVENTS, "date"), (schema.SOURCES, "published")):
        for line, row in records.get(table.name, []):
            if not row.get(column, "").strip():
                continue
            read = dates[row[column]]
            if isinstance(read, str):
                problems.append(Problem(table.filename, line, column, read, "date"))
    return problems


def _check_year_order(records) -> list[Problem]:
    """A period given as from and to must not end before it starts."""
    problems = []
    for table in (schema.NAMES, schema.ERAS):
        for line, row in records.get(table.name, []):
            first, last = _whole_number(row.get("from", "")), _whole_number(row.get("to", ""))
            if first is not None and last is not None and last < first:
                problems.append(
                    Problem(
                        table.filename,
                        line,
                        "to",
                        _("{last} is before the first year, {first}").format(
                            last=last, first=first
                        ),
                        "period",
                    )
                )
    return problems


def _date_or_none(text: str, dates: _ReadDates) -> DateSpan | None:
    # Checked already: a text here is a date (see _check_dates).
    return dates.span(text) if text.strip() else None


def _media_or_none(row: dict[str, str]) -> EventMedia | None:
    url = row.get("media_url", "").strip()
    if not url:
        return None
    return EventMedia(
        url=url,
        credit=row.get("media_credit", "").strip(),
        caption=row.get("media_caption", "").strip(),
        alt=row.get("media_alt", "").strip(),
    )


def _whole_number(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _check_quotes(events, sources) -> list[Problem]:
    """An event citing the article quotes it (the schema's QUOTED_SOURCE_KIND rule)."""
    quoted_ids = {row["id"] for _line, row in sources if row["kind"] == schema.QUOTED_SOURCE_KIND}
    return [
        Problem(
            schema.EVENTS.filename,
            line,
            "quote",
            _(
                "a quote is required when the source is the {kind} ('{source}'): copy the "
                "sentence that states the event"
            ).format(kind=schema.QUOTED_SOURCE_KIND, source=row["source_id"]),
            "quote",
        )
        for line, row in events
        if row["source_id"] in quoted_ids and not row.get("quote", "").strip()
    ]


def _check_eras_named(events, eras, dates: _ReadDates) -> list[Problem]:
    """An era an event names holds the event's first year.

    (That it is an id of eras.csv is the schema's reference rule. Without eras.csv,
    which is optional, a named era is not checked, as no reference into a missing file
    is: the story then has no eras, and its events none.)
    """
    column = "era_id"
    named = [(line, row) for line, row in events if row.get(column, "").strip()]
    if not named or eras is None:
        return []
    years: dict[str, tuple[int, int | None]] = {}
    for _line, row in eras:
        first, last = _whole_number(row.get("from", "")), _whole_number(row.get("to", ""))
        if first is not None:
            # An id given twice is the first row's (the second is reported as a repeat).
            years.setdefault(row.get("id", ""), (first, last))
    problems = []
    for line, row in named:
        if row[column] not in years:
            continue  # reported already: an unknown id
        read = dates[row.get("date", "")]
        if isinstance(read, str):
            continue  # reported already: no date to hold
        first, last = years[row[column]]
        year = read.first_year
        if year < first or (last is not None and year > last):
            period = f"{first}–{'' if last is None else last}"
            problems.append(
                Problem(
                    schema.EVENTS.filename,
                    line,
                    column,
                    _(
                        "the era '{era}' ({period}) does not hold {year}, the event's first year"
                    ).format(era=row[column], period=period, year=year),
                    "era",
                )
            )
    return problems


def _check_happened_at_has_a_place(events) -> list[Problem]:
    """Where an event happened is said from the place it belongs to: an event without
    a place has nowhere to say it from, and no map line to draw."""
    return [
        Problem(
            schema.EVENTS.filename,
            line,
            "happened_at",
            _(
                "'{value}' is given but place_id is empty: an event without a place cannot "
                "have happened elsewhere; give it a place_id, or leave happened_at empty"
            ).format(value=shorten(row["happened_at"])),
            "place",
        )
        for line, row in events
        if row.get("happened_at", "").strip() and not row.get("place_id", "").strip()
    ]


_MEDIA_WORDS = ("media_credit", "media_caption", "media_alt")


def _check_media(events) -> list[Problem]:
    """An image has its description (media_alt), and media's words have their media."""
    problems: list[Problem] = []
    for line, row in events:
        url = row.get("media_url", "").strip()
        if not url:
            # A plain loop, not a generator made for each of the file's rows: nearly
            # every event has no media, and so nothing to report.
            for column in _MEDIA_WORDS:
                if row.get(column, "").strip():
                    problems.append(
                        Problem(
                            schema.EVENTS.filename,
                            line,
                            column,
                            _(
                                "'{value}' describes media, but media_url is empty: give the "
                                "media's address, or leave this empty"
                            ).format(value=shorten(row[column])),
                            "media",
                        )
                    )
        elif is_image_address(url) and not row.get("media_alt", "").strip():
            problems.append(
                Problem(
                    schema.EVENTS.filename,
                    line,
                    "media_alt",
                    _(
                        "a description is required, as media_url ('{url}') is an image: say "
                        "what it shows, for readers who cannot see it"
                    ).format(url=shorten(url)),
                    "alt",
                )
            )
    return problems


def _build_story(records, areas, dates: _ReadDates) -> Story:
    names: dict[str, list[PlaceName]] = {}
    for _line, row in records.get("names", []):
        names.setdefault(row["place_id"], []).append(
            PlaceName(
                language=row["language"],
                name=row["name"].strip(),
                romanized=row.get("romanized", "").strip(),
                year_from=_whole_number(row.get("from", "")),
                year_to=_whole_number(row.get("to", "")),
            )
        )
    places = {
        row["id"]: Place(
            id=row["id"],
            name=row["name"].strip(),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            role=row["role"],
            today=row.get("today", "").strip(),
            location_note=row.get("location_note", "").strip(),
            names=tuple(names.get(row["id"], ())),
            zoom=_whole_number(row.get("zoom", "")),
        )
        for _line, row in records["places"]
    }
    sources = {
        row["id"]: Source(
            id=row["id"],
            kind=row["kind"],
            title=row["title"].strip(),
            publisher=row.get("publisher", "").strip(),
            url=row.get("url", "").strip(),
            published=_date_or_none(row.get("published", ""), dates),
        )
        for _line, row in records["sources"]
    }
    events = [
        Event(
            id=row["id"],
            place_id=row.get("place_id", ""),
            date=dates.span(row["date"]),
            title=row["title"].strip(),
            summary=row["summary"].strip(),
            source_id=row["source_id"],
            quote=row.get("quote", "").strip(),
            old_style=row.get("old_style", "").strip().lower() in _TRUE,
            details_source_id=row.get("details_source_id", "").strip(),
            happened_at=row.get("happened_at", "").strip(),
            status=row.get("status", "").strip() or ESTABLISHED,
            era_id=row.get("era_id", "").strip(),
            display_date=row.get("display_date", "").strip(),
            tag=row.get("tag", "").strip(),
            media=_media_or_none(row),
        )
        for _line, row in records["events"]
    ]
    links = [
        Link(row["from_event"], row["to_event"], row["type"], row.get("label", "").strip())
        for _line, row in records.get("links", [])
    ]
    eras = [
        Era(
            row["id"],
            row["label"].strip(),
            int(row["from"]),
            _whole_number(row.get("to", "")),
            row["colour"],
        )
        for _line, row in records.get("eras", [])
    ]
    return Story.build(places, events, sources, areas, links, eras, _translations(records))


_LINE_ENDS = re.compile(r"\r\n?")


def _translations(records) -> list[Translation]:
    # A translated introduction's line ends made "\n", as introduction.txt's are.
    return [
        Translation(
            row["language"],
            row["record"],
            row.get("id", ""),
            row["field"],
            _LINE_ENDS.sub("\n", row["text"]).strip(),
        )
        for _line, row in records.get("translations", [])
    ]

"""TimelineJS's Google Sheets template, downloaded as CSV, as a story draft.

The template's columns are ``Year, Month, Day, Time, End Year, End Month, End Day, End
Time, Display Date, Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail,
Type, Group, Background``; a header is matched with case and spaces aside. An author may
add ``Place``, ``Latitude``, ``Longitude`` (where the event happened: TimelineJS has no
places) and ``Media Alt``. A row whose ``Type`` is ``title`` gives the story's title and
introduction, one whose ``Type`` is ``era`` an era, and any other row an event. Each row
is named in the report by the file's line it starts on (the header is line 1; a quoted
cell may span lines).
"""

from __future__ import annotations

import csv
import io

from storymap import schema
from storymap.interchange.draft import TIMELINEJS_SHEET, StoryDraft
from storymap.interchange.html_text import read_html
from storymap.interchange.timeline_event import (
    Cell,
    TimelineDate,
    TimelineEntry,
    TimelineMedia,
    draft_era,
    draft_event,
    one_line,
)
from storymap.report import shorten

TEMPLATE_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
ADDED_COLUMNS = ("Place", "Latitude", "Longitude", "Media Alt")
# A header is a sheet's when it has these and one more of the template's columns: authors
# delete the columns they leave empty (most keep Text or Month), but a CSV with a "Year"
# and a "Headline" alone is too little to tell.
_REQUIRED = ("Year", "Headline")
_FEWEST_TEMPLATE_COLUMNS = 3


def _key(column: str) -> str:
    return "".join(column.split()).casefold()


_COLUMNS = {_key(column): column for column in TEMPLATE_COLUMNS + ADDED_COLUMNS}


def with_newlines(text: str) -> str:
    """``text`` with every line end a newline: Windows' CRLF, and the lone CR of old Excel
    for Mac ("CSV (Macintosh)"). Each is one line end, so lines are counted as an editor
    counts them; a quoted cell's line ends are counted too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_timeline_sheet(header: list[str]) -> bool:
    """Whether a CSV header is the TimelineJS template's (case and spaces aside)."""
    named = {_COLUMNS[_key(cell)] for cell in header if _key(cell) in _COLUMNS}
    template = named & set(TEMPLATE_COLUMNS)
    return set(_REQUIRED) <= named and len(template) >= _FEWEST_TEMPLATE_COLUMNS


class _Row:
    """One row's cells by the template's column names; a column the file lacks is empty."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.cells = cells

    def cell(self, column: str) -> Cell:
        return Cell(column, self.cells.get(column, ""))

    def text(self, column: str) -> str:
        return self.cell(column).text

    def date(self, prefix: str) -> TimelineDate:
        return TimelineDate(
            year=self.cell(f"{prefix}Year"),
            month=self.cell(f"{prefix}Month"),
            day=self.cell(f"{prefix}Day"),
            time=self.cell(f"{prefix}Time"),
            display=Cell(f"{prefix}Display Date"),  # the sheet has one for the event only
        )

    def entry(self) -> TimelineEntry:
        return TimelineEntry(
            row=self.line,
            start=self.date(""),
            end=self.date("End "),
            display_date=self.cell("Display Date"),
            headline=self.cell("Headline"),
            text=self.cell("Text"),
            media=TimelineMedia(
                url=self.cell("Media"),
                credit=self.cell("Media Credit"),
                caption=self.cell("Media Caption"),
                alt=self.cell("Media Alt"),
            ),
            group=self.cell("Group"),
            place_name=self.cell("Place"),
            lat=self.cell("Latitude"),
            lon=self.cell("Longitude"),
        )


def read_timeline_sheet(name: str, text: str) -> StoryDraft:
    """The story a TimelineJS sheet's CSV tells; ``name`` is the file's, for the report.

    ``text`` is the file decoded as UTF-8, with or without its byte order mark, its lines
    ended by LF, CRLF or CR.
    """
    draft = StoryDraft(source_name=name, format=TIMELINEJS_SHEET)
    # newline="" leaves a quoted cell's line ends to the csv module, which counts them.
    reader = csv.reader(io.StringIO(with_newlines(text.removeprefix("\ufeff")), newline=""))
    try:
        header = next(reader, [])
    except csv.Error as error:
        draft.leave_out(1, "CSV", f"the file is not valid CSV ({error}); none of it is read")
        return draft
    columns = _header_columns(header, draft)
    line = reader.line_num + 1
    has_title = False
    try:
        for cells in reader:
            values = {
                column: cell
                for column, cell in zip(columns, cells, strict=False)
                if column is not None
            }
            if any(value.strip() for value in values.values()):
                row = _Row(line, values)
                kind = row.text("Type").casefold()
                if kind == "title" and not has_title:
                    has_title = True
                    _read_title(row, draft)
                elif kind == "era":
                    if draft.holds_enough(schema.ERAS):
                        draft.stop_reading(schema.ERAS, line)
                    else:
                        _read_era(row, draft)
                elif draft.holds_enough(schema.EVENTS):
                    draft.stop_reading(schema.EVENTS, line)
                    break
                else:
                    _read_event(row, kind, draft)
            line = reader.line_num + 1
    except csv.Error as error:
        draft.leave_out(line, "CSV", f"the file is not valid CSV ({error}); the rest is not read")
    return draft


def _header_columns(header: list[str], draft: StoryDraft) -> list[str | None]:
    """Each header cell's column of the template, or None for one that is not read."""
    columns: list[str | None] = []
    for cell in header:
        column = _COLUMNS.get(_key(cell))
        if column is None:
            if cell.strip():
                draft.leave_out(1, shorten(cell.strip()), "the column is not the template's")
        elif column in columns:
            draft.leave_out(1, column, "the column appears twice; the first is read")
            column = None
        columns.append(column)
    return columns


def _read_title(row: _Row, draft: StoryDraft) -> None:
    draft.title = one_line(row.text("Headline"))
    draft.introduction = read_html(row.text("Text")).text
    if row.text("Media"):
        draft.leave_out(
            row.line, "Media", "the title's media is left out: a story's introduction is text"
        )


def _read_era(row: _Row, draft: StoryDraft) -> None:
    era = draft_era(row.line, row.date(""), row.date("End "), row.cell("Headline"), draft)
    if era is not None:
        draft.eras.append(era)


def _read_event(row: _Row, kind: str, draft: StoryDraft) -> None:
    if kind == "title":
        draft.leave_out(row.line, "Type", "a second title row; read as an event")
    elif kind:
        draft.leave_out(
            row.line, "Type", f"'{shorten(row.text('Type'))}' is not title or era; read as an event"
        )
    event = draft_event(row.entry(), draft)
    if event is None:
        return
    draft.events.append(event)
    if row.text("Media Thumbnail"):
        draft.leave_out(
            row.line, "Media Thumbnail", "the thumbnail is left out: the media itself is shown"
        )
    if row.text("Background"):
        draft.leave_out(row.line, "Background", "the slide's background is left out")

"""Stories in and out of other tools' files: StoryMapJS, TimelineJS and GeoJSON points.

:func:`read_story_file` recognises a file by what it holds, never by its name, and reads
it into a :class:`~storymap.interchange.draft.StoryDraft`;
:func:`storymap.interchange.write.folder_files` writes any draft as a story folder.
"""

from __future__ import annotations

import codecs
import csv
import io
import json

from storymap.interchange.draft import StoryDraft, UnknownFormatError
from storymap.interchange.geojson_points import read_geojson_points
from storymap.interchange.storymapjs import read_storymapjs
from storymap.interchange.timeline_sheet import (
    looks_like_timeline_sheet,
    read_timeline_sheet,
    with_newlines,
)
from storymap.interchange.timelinejs import read_timelinejs
from storymap.interchange.write import ImportedStory
from storymap.report import WHOLE_FILE, Problem

MAX_FILE_MB = 20  # as an upload's limit
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024

NO_EVENT_RULE = "import"  # the rule of the problems of a file that made no event

LOOKED_FOR = (
    "JSON with StoryMapJS's storymap.slides, TimelineJS's events or a GeoJSON "
    "FeatureCollection, or CSV with TimelineJS's sheet columns (Year, Headline…)"
)


def read_story_file(name: str, data: bytes) -> StoryDraft:
    """Read another tool's story file, recognised by its content, into a draft.

    StoryMapJS's JSON (an object with ``storymap.slides``), TimelineJS's JSON (an
    ``events`` list), a GeoJSON ``FeatureCollection``, or TimelineJS's sheet saved as CSV
    (a header row with ``Year``, ``Headline`` and one more of the template's columns).
    UTF-8, with or without a byte-order mark, at most MAX_FILE_BYTES. Raises
    UnknownFormatError, with a one-line reason, for any other file.
    """
    text = _text(data)
    if text.lstrip()[:1] in ("{", "["):
        return _read_json(name, text)
    return _read_csv(name, text)


def report_lines(draft: StoryDraft, imported: ImportedStory, most: int | None = None) -> list[str]:
    """The import's report, one line for each thing not carried over: at most ``most``
    of them, then one line saying how many more there are."""
    lines = list(imported.lines)
    unlisted = draft.more_left_out
    if most is not None and len(lines) > most:
        unlisted += len(lines) - most
        lines = lines[:most]
    if unlisted:
        lines.append(
            f"{draft.source_name}:-: -: and {unlisted:,} more things not carried over, "
            "not listed; fix the ones above first"
        )
    return lines


def no_event_problems(draft: StoryDraft, imported: ImportedStory, most: int = 50) -> list[Problem]:
    """Why a draft with no event that can be held makes no story: the writer's line that
    says so, and the reasons its events were left out, the first ``most`` of them."""
    return [
        Problem(draft.source_name, _row(line.row), line.field, line.message, NO_EVENT_RULE)
        for line in imported.left_out[:most]
    ]


def _row(row: int | None) -> int | str:
    return WHOLE_FILE if row is None else row


def _text(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise UnknownFormatError(
            f"the file is {len(data):,} bytes; the most read is {MAX_FILE_MB} MB"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnknownFormatError("the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        raise UnknownFormatError(f"this is a binary file, not text; looked for {LOOKED_FOR}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnknownFormatError(
            f"line {line}: byte 0x{data[error.start]:02x} is not UTF-8 text; save the file as UTF-8"
        ) from None


def _read_json(name: str, text: str) -> StoryDraft:
    try:
        document = json.loads(text)
    except RecursionError:
        raise UnknownFormatError("the JSON is nested too deeply to read") from None
    except json.JSONDecodeError as error:
        raise UnknownFormatError(
            f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except ValueError as error:  # a number of thousands of digits, say
        raise UnknownFormatError(f"not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise UnknownFormatError(f"the JSON is a list, not an object; looked for {LOOKED_FOR}")
    storymap = document.get("storymap")
    if isinstance(storymap, dict) and isinstance(storymap.get("slides"), list):
        return read_storymapjs(name, document)
    if isinstance(document.get("events"), list):
        return read_timelinejs(name, document)
    if document.get("type") == "FeatureCollection":
        return read_geojson_points(name, document)
    raise UnknownFormatError(f"the JSON is none of the formats read; looked for {LOOKED_FOR}")


def _read_csv(name: str, text: str) -> StoryDraft:
    text = with_newlines(text)
    first_line = text.split("\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error as error:
        raise UnknownFormatError(f"line 1: not a CSV header ({error})") from None
    if header and looks_like_timeline_sheet(header):
        return read_timeline_sheet(name, text)
    raise UnknownFormatError(f"not a story file; looked for {LOOKED_FOR}")

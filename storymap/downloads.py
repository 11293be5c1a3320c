"""The story's data as files to download: CSV safe to open in a spreadsheet, GeoJSON,
TimelineJS and StoryMapJS JSON, and the whole data folder as a zip.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and some first strip spaces and control characters (a tab, a line end, NUL) from the
start of a cell, so a crafted cell in a shared story could run on the reader's machine.
Text cells that start with a control character, or with one of those four after spaces
and control characters, get a leading apostrophe, so that spreadsheets take them as text
(some show the apostrophe); numbers are left as they are. (OWASP's CSV injection page
and ASVS 5.0 1.2.10 list the four, the tab, the carriage return and NUL.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

from storymap.interchange.storymapjs_export import storymapjs_json
from storymap.interchange.timelinejs_export import timelinejs_json
from storymap.model import Story
from storymap.schema import Table, data_package
from storymap.storyfiles import PACKAGE_FILENAME, STORY_FILENAMES, StoryFiles

# A control character (C0 or DEL) first, or a formula start after spaces and controls.
_RUNS_AS_FORMULA = re.compile(r"[\x00-\x1f\x7f]|[\s\x00-\x1f\x7f]*[=+\-@]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralised(cell: str) -> str:
    """``cell`` as a spreadsheet will show it, never run it."""
    if _RUNS_AS_FORMULA.match(cell) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def spreadsheet_safe_csv(data: bytes, table: Table) -> bytes:
    """The CSV file ``data`` with its text cells neutralised; numbers untouched.

    Columns the schema does not know are treated as text.
    """
    # Decoded without newline translation: a carriage return inside a quoted cell is
    # part of the cell, and one that starts a cell is a formula start to neutralise.
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return b""
    header, body = rows[0], rows[1:]
    known = {column.name: column for column in table.columns}
    text_columns = [name not in known or known[name].type == "string" for name in header]
    output = io.StringIO(newline="")
    # RFC 4180 line ends: a cell holding either \r or \n is then quoted, and kept whole.
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([neutralised(name) for name in header])
    for row in body:
        # A cell past the header's width has no column, so it counts as text.
        writer.writerow(
            [
                neutralised(cell) if number >= len(text_columns) or text_columns[number] else cell
                for number, cell in enumerate(row)
            ]
        )
    return output.getvalue().encode("utf-8")


def story_geojson(story: Story) -> dict[str, Any]:
    """Places (points) and areas, with their events as properties (RFC 7946); then the
    events without a place, each a feature without a geometry (RFC 7946, 3.2)."""
    features = [_place_feature(story, place_id) for place_id in story.places]
    features += [
        {
            "type": "Feature",
            "geometry": area.geometry,  # already longitude first, as areas.geojson is
            "properties": {
                "kind": "area",
                "id": area.id,
                "place_id": area.place_id,
                "name": area.name,
                "from": area.year_from,
                "to": area.year_to,
            },
        }
        for area in story.areas
    ]
    features += [
        {
            "type": "Feature",
            "geometry": None,
            "properties": {"kind": "event", **_event_properties(story, event)},
        }
        for event in story.events_without_place
    ]
    return {"type": "FeatureCollection", "features": features}


def story_geojson_bytes(story: Story) -> bytes:
    return json_file_bytes(story_geojson(story))


def story_timelinejs_bytes(story: Story, title: str, introduction: str) -> bytes:
    """The story as a TimelineJS3 JSON file (storymap.interchange.timelinejs_export)."""
    return json_file_bytes(timelinejs_json(story, title, introduction))


def story_storymapjs_bytes(story: Story, title: str, introduction: str) -> bytes:
    """The story as a StoryMapJS JSON file (storymap.interchange.storymapjs_export)."""
    return json_file_bytes(storymapjs_json(story, title, introduction))


def json_file_bytes(document: dict[str, Any]) -> bytes:
    """``document`` as a UTF-8 JSON file, every character as itself, one value a line."""
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _place_feature(story: Story, place_id: str) -> dict[str, Any]:
    place = story.places[place_id]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "kind": "place",
            "id": place.id,
            "name": place.name,
            "role": place.role,
            "today": place.today,
            "location_note": place.location_note,
            "names": [
                {
                    "language": name.language,
                    "name": name.name,
                    "romanized": name.romanized,
                    "from": name.year_from,
                    "to": name.year_to,
                }
                for name in place.names
            ],
            "events": [
                _event_properties(story, event) for event in story.events_by_place.get(place.id, ())
            ],
        },
    }


def _event_properties(story: Story, event) -> dict[str, Any]:
    source = story.sources[event.source_id]
    return {
        "id": event.id,
        "date": event.date.edtf,
        "date_shown": event.date.display(),
        "display_date": event.display_date,
        "title": event.title,
        "summary": event.summary,
        "quote": event.quote,
        "source": source.title,
        "source_url": source.url,
        "happened_at": event.happened_at or event.place_id,  # a place id; "" for none
        "status": event.status,
        "media": (
            {
                "url": event.media.url,
                "credit": event.media.credit,
                "caption": event.media.caption,
                "alt": event.media.alt,
            }
            if event.media
            else None
        ),
    }


def story_zip(files: StoryFiles, title: str, folder_name: str = "story") -> bytes:
    """The story's data folder as a zip, its files as they are, ready to load again.

    The files are not neutralised as the CSV downloads are: this is the story's source,
    to edit and upload or serve again. A datapackage.json is added if the folder has
    none, so that other tools can check the folder too.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in STORY_FILENAMES:
            data = files.read(name)
            if data is not None:
                archive.writestr(f"{folder_name}/{name}", data)
        if not files.has(PACKAGE_FILENAME):
            package = json.dumps(data_package(title), ensure_ascii=False, indent=2) + "\n"
            archive.writestr(f"{folder_name}/{PACKAGE_FILENAME}", package)
    return output.getvalue()

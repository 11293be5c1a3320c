"""A GeoJSON FeatureCollection of points read as a draft: each point a place, and each
dated, named point an event there too.

GeoJSON says nothing of what its properties are called, so they are read by the names
people and tools commonly give them, whatever their case (the first found wins):

- the place's name: ``name``, ``title``, ``label``; the event's title: ``title``, else
  the name;
- the event's text: ``description``, ``text``, ``summary``, ``desc`` (HTML or plain text);
- its date: ``date``, ``year``; or ``start`` (``start_date``) with ``end`` (``end_date``)
  for a span; any form :mod:`storymap.interchange.loose_dates` reads;
- its media: ``image``, ``media``, ``photo``, ``url``, ``link``, with ``credit``
  (``attribution``), ``caption`` and ``alt``.

The collection's own ``name`` or ``title`` is the story's title, and its ``description``
the introduction. See docs/import-geojson.md.
"""

from __future__ import annotations

from typing import Any

from storymap import schema
from storymap.dates import DateError, parse_span
from storymap.interchange.coordinates import CoordinateError, read_coordinate
from storymap.interchange.draft import (
    GEOJSON_POINTS,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    StoryDraft,
)
from storymap.interchange.html_text import read_html
from storymap.interchange.loose_dates import LooseDate, read_loose_date
from storymap.report import shorten

NAME_KEYS = ("name", "title", "label")
TITLE_KEYS = ("title", "name", "label")
TEXT_KEYS = ("description", "text", "summary", "desc")
DATE_KEYS = ("date", "year")
START_KEYS = ("start", "start_date")
END_KEYS = ("end", "end_date")
MEDIA_KEYS = ("image", "media", "photo", "url", "link")
CREDIT_KEYS = ("credit", "attribution")


def read_geojson_points(name: str, document: dict) -> StoryDraft:
    """The points of a GeoJSON FeatureCollection as a draft; other geometries are left
    out, each with a line. ``name`` is the file's name, as the report's lines begin."""
    draft = StoryDraft(source_name=name, format=GEOJSON_POINTS)
    draft.title = _text(document, NAME_KEYS)
    draft.introduction = read_html(_text(document, ("description",), raw=True)).text
    features = document.get("features")
    if not isinstance(features, list):
        draft.leave_out(None, "features", "the collection has no list of features")
        return draft
    for index, feature in enumerate(features):
        if draft.holds_enough(schema.EVENTS):
            draft.stop_reading(schema.EVENTS, index + 1)
            break
        _read_feature(draft, index + 1, feature)
    return draft


def _read_feature(draft: StoryDraft, row: int, feature: object) -> None:
    if not isinstance(feature, dict):
        draft.leave_out(row, "feature", "the feature is not an object; it is left out")
        return
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        geometry = {}
    kind = geometry.get("type")
    if kind != "Point":
        shown = f"a {kind}" if isinstance(kind, str) and kind else "no geometry"
        draft.leave_out(row, "geometry", f"the feature has {shown}, not a point; it is left out")
        return
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        draft.leave_out(
            row, "geometry", "the point has no [longitude, latitude] pair; it is left out"
        )
        return
    try:
        lon = read_coordinate(coordinates[0], "lon")
        lat = read_coordinate(coordinates[1], "lat")
    except CoordinateError as problem:
        draft.leave_out(row, "geometry", f"{problem}; the feature is left out")
        return
    properties = feature.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    place = DraftPlace(name=_text(properties, NAME_KEYS), lat=lat, lon=lon, row=row)
    date = _date(properties)
    if date is None:  # a point with no date: a place alone
        draft.add_place(place)
        return
    title = _text(properties, TITLE_KEYS)
    if not date.read:
        draft.leave_out(row, "date", f"the event is left out ({date.reason}); its place is kept")
    elif not title:
        draft.leave_out(
            row, "name", "the point has a date but no name or title; its event is left out"
        )
    else:
        body = read_html(_text(properties, TEXT_KEYS, raw=True))
        draft.events.append(
            DraftEvent(
                row=row,
                title=title,
                summary=body.text,
                date=date.date,
                display_date=date.display,
                place=place,
                media=_media(properties),
                source=body.source,
                quote=body.quote,
            )
        )
        return
    draft.add_place(place)


def _date(properties: dict[str, Any]) -> LooseDate | None:
    """The feature's date; None if it has none at all."""
    value = _value(properties, DATE_KEYS)
    if value is not None:
        return read_loose_date(value)
    start, end = _value(properties, START_KEYS), _value(properties, END_KEYS)
    if start is None or end is None:
        only = start if start is not None else end
        return None if only is None else read_loose_date(only)
    first, last = read_loose_date(start), read_loose_date(end)
    if not first.read:
        return first
    if not last.read:
        return last
    span = f"{first.date.split('/')[0]}/{last.date.split('/')[-1]}"
    try:
        parse_span(span)
    except DateError:
        return LooseDate(
            "", reason=f"the end '{shorten(end)}' is before the start '{shorten(start)}'"
        )
    said_more = first.display or last.display
    return LooseDate(span, display=f"{start} – {end}" if said_more else "")


def _media(properties: dict[str, Any]) -> DraftMedia | None:
    url = _text(properties, MEDIA_KEYS)
    if not url:
        return None
    return DraftMedia(
        url=url,
        credit=_text(properties, CREDIT_KEYS),
        caption=_text(properties, ("caption",)),
        alt=_text(properties, ("alt",)),
    )


def _value(properties: dict[str, Any], keys: tuple[str, ...]) -> object:
    """The first of ``keys`` the properties have, whatever their case."""
    by_lower: dict[str, object] = {}
    for key, value in properties.items():
        if isinstance(key, str):
            by_lower.setdefault(key.strip().lower(), value)
    for key in keys:
        value = by_lower.get(key)
        if value not in (None, ""):
            return value
    return None


def _text(properties: dict[str, Any], keys: tuple[str, ...], raw: bool = False) -> str:
    """The first of ``keys`` as text: one line, unless ``raw`` (HTML to read further)."""
    value = _value(properties, keys)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    text = str(value)
    return text if raw else " ".join(read_html(text).text.split())

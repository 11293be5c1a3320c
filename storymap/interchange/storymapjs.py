"""A StoryMapJS story (Knight Lab's JSON) read as a draft.

StoryMapJS keeps a story as slides: ``{"storymap": {"slides": [...]}}``, each slide with
a ``type`` ("overview" for the title slide), a free-text ``date``, a ``location``
(``lat``, ``lon``, ``name``, ``zoom``), ``text`` (a ``headline`` and HTML ``text``) and
``media`` (``url``, with HTML ``credit`` and ``caption``). A slide whose event happened
elsewhere than its place may carry that place as ``happened_at`` (``name``, ``lat``,
``lon``): this project's own key, which StoryMapJS ignores. What maps to what, and what
is left out, is in docs/import-storymapjs.md.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from storymap import schema
from storymap.interchange.coordinates import CoordinateError, read_coordinate
from storymap.interchange.draft import (
    STORYMAPJS,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    StoryDraft,
)
from storymap.interchange.html_text import ReadHtml, read_html
from storymap.interchange.loose_dates import read_loose_date
from storymap.report import shorten

MIN_ZOOM, MAX_ZOOM = 1, 18  # the zooms a place may have (schema: places.zoom)


def read_storymapjs(name: str, document: dict) -> StoryDraft:
    """The slides of a StoryMapJS document as a draft: its title slide as the story's
    title and introduction, every other slide as an event, at its place if it has one.

    ``name`` is the file's name, as the report's lines begin.
    """
    draft = StoryDraft(source_name=name, format=STORYMAPJS)
    storymap = document.get("storymap")
    slides = storymap.get("slides") if isinstance(storymap, dict) else None
    if not isinstance(slides, list) or not slides:
        draft.leave_out(None, "storymap.slides", "the story has no slides")
        return draft
    title_index = _title_slide(slides)
    for index, slide in enumerate(slides):
        row = index + 1
        if draft.holds_enough(schema.EVENTS):
            draft.stop_reading(schema.EVENTS, row)
            break
        if not isinstance(slide, dict):
            draft.leave_out(row, "slide", "the slide is not an object; it is left out")
        elif index == title_index:
            _read_title_slide(draft, row, slide)
        else:
            _read_slide(draft, row, slide)
    return draft


def _title_slide(slides: list) -> int | None:
    """The title slide: the one of type "overview", or a first slide with no location."""
    for index, slide in enumerate(slides):
        if isinstance(slide, dict) and slide.get("type") == "overview":
            return index
    first = slides[0]
    if isinstance(first, dict) and not _has_location(first):
        return 0
    return None


def _has_location(slide: dict) -> bool:
    return _gives_point(slide.get("location"))


def _gives_point(value: object) -> bool:
    """Whether ``value`` is an object with a latitude or a longitude."""
    return isinstance(value, dict) and any(
        value.get(key) not in (None, "") for key in ("lat", "lon")
    )


def _read_title_slide(draft: StoryDraft, row: int, slide: dict) -> None:
    text = _section(slide, "text")
    draft.title = _one_line(read_html(_string(text.get("headline"))).text)
    body = read_html(_string(text.get("text")))
    draft.introduction = _paragraphs(body)
    if _section(slide, "media").get("url"):
        draft.leave_out(
            row, "media", "the title slide's media is not carried over: a story has none"
        )


def _read_slide(draft: StoryDraft, row: int, slide: dict) -> None:
    text = _section(slide, "text")
    headline = _one_line(read_html(_string(text.get("headline"))).text)
    body = read_html(_string(text.get("text")))
    place = _place(draft, row, slide)
    date = read_loose_date(slide.get("date"))
    if not date.read:
        kept = "; its place is kept" if place else ""
        draft.leave_out(
            row,
            "date",
            f"the slide's event is left out ({date.reason}): an event needs a date with a "
            f"year{kept}",
        )
        if place is not None:
            draft.add_place(place if place.name else _named(place, headline))
        return
    title = headline
    if not title:
        title = f"Slide {row}"
        draft.leave_out(
            row, "headline", f"the slide has no headline; its event is titled '{title}'"
        )
    draft.events.append(
        DraftEvent(
            row=row,
            title=title,
            summary=body.text,
            date=date.date,
            display_date=date.display,
            place=place,
            happened_at=_happened_at(draft, row, slide),
            group=_one_line(read_html(_string(slide.get("group"))).text),
            media=_media(slide),
            source=body.source,
            quote=body.quote,
        )
    )


def _place(draft: StoryDraft, row: int, slide: dict) -> DraftPlace | None:
    """The slide's place; None if it has no location, or one that can't be read (said)."""
    if not _has_location(slide):
        return None
    return _point(draft, row, slide["location"], "location", "the slide's event has no place")


def _happened_at(draft: StoryDraft, row: int, slide: dict) -> DraftPlace | None:
    """Where the slide's event happened, when not at its place; None if the slide does
    not say, or says it so that it can't be read (said)."""
    value = slide.get("happened_at")
    if value in (None, "", {}):
        return None
    if not _gives_point(value):
        name = value.get("name") if isinstance(value, dict) else value
        named = f"'{shorten(name)}'" if isinstance(name, str) and name.strip() else "the place"
        draft.leave_out(
            row,
            "happened_at",
            f"{named} is given without lat and lon; where the event happened is left out",
        )
        return None
    return _point(draft, row, value, "happened_at", "where the event happened is left out")


def _point(
    draft: StoryDraft, row: int, location: dict, field: str, consequence: str
) -> DraftPlace | None:
    """The place a ``location``-shaped object gives; None (said, with ``consequence``)
    when its coordinates can't be read."""
    try:
        lat = read_coordinate(location.get("lat"), "lat")
        lon = read_coordinate(location.get("lon"), "lon")
    except CoordinateError as problem:
        draft.leave_out(row, field, f"{problem}; {consequence}")
        return None
    name = _one_line(read_html(_string(location.get("name"))).text)
    return DraftPlace(name=name, lat=lat, lon=lon, zoom=_zoom(location.get("zoom")), row=row)


def _zoom(value: object) -> int | None:
    """StoryMapJS's zoom as a place's: whole, and no further out or in than the map goes."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, int):  # as it is: one of hundreds of digits is too large for a float
        return max(MIN_ZOOM, min(MAX_ZOOM, value))
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return max(MIN_ZOOM, min(MAX_ZOOM, round(number)))


def _media(slide: dict) -> DraftMedia | None:
    media = _section(slide, "media")
    url = _string(media.get("url")).strip()
    if not url:
        return None
    return DraftMedia(
        url=url,
        credit=_one_line(read_html(_string(media.get("credit"))).text),
        caption=_one_line(read_html(_string(media.get("caption"))).text),
        alt=_one_line(_string(media.get("alt"))),
    )


def _named(place: DraftPlace, headline: str) -> DraftPlace:
    return dataclasses.replace(place, name=headline)


def _section(slide: dict, key: str) -> dict[str, Any]:
    value = slide.get(key)
    return value if isinstance(value, dict) else {}


def _string(value: object) -> str:
    """A text field's value; a number is read as its text, anything else as none."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(body: ReadHtml) -> str:
    """A slide's text with its quote and source as paragraphs of their own."""
    parts = [body.text]
    if body.quote:
        parts.append(f"“{body.quote}”")
    if body.source:
        title, address = body.source
        parts.append(" ".join(part for part in (title, address and f"({address})") if part))
    return "\n\n".join(part for part in parts if part)

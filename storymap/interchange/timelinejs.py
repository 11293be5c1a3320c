"""A TimelineJS3 JSON file as a story draft.

The ``title`` slide gives the story's title and introduction; each of the ``events``
an event (its number in the list, 1 for the first, is its row in the report), and
each of the ``eras`` an era. TimelineJS has no places: an event may carry this
format's own ``location`` (``{"name", "lat", "lon"}``, as a StoryMapJS slide does);
else its ``location.name``, or its ``group``, is looked up in the offline gazetteer.
An event that happened elsewhere than its place carries that place as ``happened_at``,
in the same shape (this format's own key too).
"""

from __future__ import annotations

from typing import Any

from storymap import schema
from storymap.interchange.draft import TIMELINEJS_JSON, StoryDraft
from storymap.interchange.html_text import read_html
from storymap.interchange.timeline_event import (
    Cell,
    PlaceCells,
    TimelineDate,
    TimelineEntry,
    TimelineMedia,
    draft_era,
    draft_event,
    one_line,
)

_TIME_PARTS = ("hour", "minute", "second", "millisecond")


def read_timelinejs(name: str, document: dict) -> StoryDraft:
    """The story a TimelineJS JSON document tells; ``name`` is the file's, for the report."""
    draft = StoryDraft(source_name=name, format=TIMELINEJS_JSON)
    _read_title(document.get("title"), draft)
    for number, event in enumerate(_listed(document, "events", draft), start=1):
        if draft.holds_enough(schema.EVENTS):
            draft.stop_reading(schema.EVENTS, number)
            break
        if not isinstance(event, dict):
            draft.leave_out(number, "events", "the event is not a JSON object; it is left out")
            continue
        drafted = draft_event(_entry(number, event), draft)
        if drafted is not None:
            draft.events.append(drafted)
            _report_unread(number, event, "", draft)
    for number, era in enumerate(_listed(document, "eras", draft), start=1):
        if draft.holds_enough(schema.ERAS):
            draft.stop_reading(schema.ERAS, None)  # an era has no row of its own in the report
            break
        prefix = f"era {number} "
        if not isinstance(era, dict):
            draft.leave_out(None, prefix.strip(), "the era is not a JSON object; it is left out")
            continue
        text = _object(era.get("text"))
        drafted_era = draft_era(
            None,
            _date(era.get("start_date"), prefix + "start_date"),
            _date(era.get("end_date"), prefix + "end_date"),
            Cell(prefix + "text.headline", text.get("headline")),
            draft,
        )
        if drafted_era is not None:
            draft.eras.append(drafted_era)
    return draft


def _read_title(title: Any, draft: StoryDraft) -> None:
    if not isinstance(title, dict):
        return
    text = _object(title.get("text"))
    draft.title = one_line(Cell("title.text.headline", text.get("headline")).text)
    draft.introduction = read_html(Cell("title.text.text", text.get("text")).text).text
    if _object(title.get("media")).get("url"):
        draft.leave_out(
            None,
            "title.media",
            "the title slide's media is left out: a story's introduction is text",
        )
    _report_unread(None, title, "title.", draft)


def _report_unread(row: int | None, slide: dict, prefix: str, draft: StoryDraft) -> None:
    """What a slide shows that a story has no room for: its background, its thumbnail."""
    if _object(slide.get("background")):
        draft.leave_out(row, prefix + "background", "the slide's background is left out")
    if Cell("", _object(slide.get("media")).get("thumbnail")).text:
        draft.leave_out(
            row, prefix + "media.thumbnail", "the thumbnail is left out: the media itself is shown"
        )


def _listed(document: dict, key: str, draft: StoryDraft) -> list:
    items = document.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        draft.leave_out(None, key, f"'{key}' is not a list; none of it is read")
        return []
    return items


def _object(value: Any) -> dict:
    """A JSON object, or an empty one for anything else, so a missing part reads as empty."""
    return value if isinstance(value, dict) else {}


def _date(value: Any, field: str) -> TimelineDate:
    date = _object(value)
    return TimelineDate(
        year=Cell(f"{field}.year", date.get("year")),
        month=Cell(f"{field}.month", date.get("month")),
        day=Cell(f"{field}.day", date.get("day")),
        time=Cell(field, _time_of_day(date)),
        display=Cell(f"{field}.display_date", date.get("display_date")),
    )


def _time_of_day(date: dict) -> str:
    """The date's hour, minute, second and millisecond as "14:30", if it gives any."""
    parts = [Cell("", date.get(part)).text for part in _TIME_PARTS]
    if not any(parts):
        return ""
    hour, minute, second, millisecond = (part or "0" for part in parts)
    text = f"{hour}:{minute:0>2}"
    if second != "0" or millisecond != "0":
        text += f":{second:0>2}"
    return text + (f".{millisecond:0>3}" if millisecond != "0" else "")


def _entry(number: int, event: dict) -> TimelineEntry:
    text, media, location = (_object(event.get(key)) for key in ("text", "media", "location"))
    return TimelineEntry(
        row=number,
        start=_date(event.get("start_date"), "start_date"),
        end=_date(event.get("end_date"), "end_date"),
        display_date=Cell("display_date", event.get("display_date")),
        headline=Cell("text.headline", text.get("headline")),
        text=Cell("text.text", text.get("text")),
        media=TimelineMedia(
            url=Cell("media.url", media.get("url")),
            credit=Cell("media.credit", media.get("credit")),
            caption=Cell("media.caption", media.get("caption")),
            alt=Cell("media.alt", media.get("alt")),
        ),
        group=Cell("group", event.get("group")),
        place_name=Cell("location.name", location.get("name")),
        lat=Cell("location.lat", location.get("lat")),
        lon=Cell("location.lon", location.get("lon")),
        happened_at=_happened_at(event.get("happened_at")),
    )


def _happened_at(value: Any) -> PlaceCells:
    """The event's ``happened_at``; a text alone is read as a place's name."""
    place = _object(value)
    name = value if isinstance(value, str) else place.get("name")
    return PlaceCells(
        name=Cell("happened_at.name" if place else "happened_at", name),
        lat=Cell("happened_at.lat", place.get("lat")),
        lon=Cell("happened_at.lon", place.get("lon")),
    )

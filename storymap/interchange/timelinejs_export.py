"""The story as TimelineJS3 JSON: a title slide, one event a story's event, and its eras.

A date keeps its precision: TimelineJS shows ``{"year": 1905}`` as a year and
``{"year": 1905, "month": 9, "day": 5}`` as a day. TimelineJS has no "about", so an
approximate date says so in the words it shows (``display_date``: "c. 1900"), as the
panel does. TimelineJS has no places either: each event is grouped by its place's name,
and carries the place as ``location`` ({name, lat, lon}, the shape of a StoryMapJS
slide's), which TimelineJS ignores and the importer reads back; an event that happened
elsewhere than its place carries that place too, as ``happened_at`` (the same shape).
"""

from __future__ import annotations

from typing import Any

from storymap.dates import HistoricalDate
from storymap.interchange.slide_text import (
    event_text,
    happened_at_place,
    introduction_html,
    media_object,
    place_of,
)
from storymap.model import Era, Event, Place, Story
from storymap.panel import WITHOUT_A_PLACE, escaped


def timelinejs_json(story: Story, title: str, introduction: str) -> dict[str, Any]:
    """The whole story as a TimelineJS3 document, ready for ``json.dumps``.

    ``title`` and ``introduction`` (plain text, paragraphs parted by a blank line) make
    the title slide; every event, in date order, is one event of the timeline.
    """
    return {
        "title": {"text": {"headline": escaped(title), "text": introduction_html(introduction)}},
        "events": [_event(story, event) for event in story.events],
        "eras": [_era(era, story.span.last) for era in story.eras],
    }


def date_object(point: HistoricalDate) -> dict[str, int]:
    """A TimelineJS date: its year, and its month and day as far as they are known."""
    known = {"year": point.year, "month": point.month, "day": point.day}
    return {part: number for part, number in known.items() if number is not None}


def _event(story: Story, event: Event) -> dict[str, Any]:
    place = place_of(story, event)
    item: dict[str, Any] = {"unique_id": event.id, "start_date": date_object(event.date.start)}
    if event.date.end is not None:
        item["end_date"] = date_object(event.date.end)
    item["display_date"] = escaped(event.shown_date)
    item["text"] = event_text(story, event)
    item["group"] = escaped(event.tag or (place.name if place else WITHOUT_A_PLACE))
    media = media_object(event)
    if media:
        item["media"] = media
    if place:
        item["location"] = _location(place)
    happened_at = happened_at_place(story, event)
    if happened_at:
        item["happened_at"] = _location(happened_at)
    return item


def _location(place: Place) -> dict[str, Any]:
    # The name stays plain text: TimelineJS does not show it, the importer reads it as data.
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


def _era(era: Era, last_year: int) -> dict[str, Any]:
    # A TimelineJS era must end; one that has not ended runs to the story's last year.
    end = era.last_year if era.last_year is not None else max(era.first_year, last_year)
    return {
        "start_date": {"year": era.first_year},
        "end_date": {"year": end},
        "text": {"headline": escaped(era.label)},
    }

"""The story as StoryMapJS JSON: an overview slide, then one slide an event, in date order.

Each slide goes to its event's place, at the place's own zoom when it has one (else
StoryMapJS works one out), joined to the one before by StoryMapJS's line. An event
without a place has a slide without a location. An event that happened elsewhere than
its place carries that place as ``happened_at`` (``{name, lat, lon}``, and its zoom when
it has one): this project's own key, which StoryMapJS ignores and the importer reads back.
"""

from __future__ import annotations

from typing import Any

from storymap.interchange.slide_text import (
    event_text,
    happened_at_place,
    introduction_html,
    media_object,
    place_of,
)
from storymap.model import Event, Place, Story
from storymap.panel import escaped

# The map the dashboard draws on. StoryMapJS's own default is Stamen's Toner Lite, whose
# tiles Stadia Maps now serves only to sites registered with it.
MAP_TYPE = "osm:standard"


def storymapjs_json(story: Story, title: str, introduction: str) -> dict[str, Any]:
    """The whole story as a StoryMapJS document, ready for ``json.dumps``.

    ``title`` and ``introduction`` (plain text, paragraphs parted by a blank line) make
    the overview slide, which shows every place at once.
    """
    overview = {
        "type": "overview",
        "text": {"headline": escaped(title), "text": introduction_html(introduction)},
    }
    slides = [overview, *(_slide(story, event) for event in story.events)]
    return {"storymap": {"map_type": MAP_TYPE, "slides": slides}}


def _slide(story: Story, event: Event) -> dict[str, Any]:
    slide: dict[str, Any] = {"date": escaped(event.date_label), "text": event_text(story, event)}
    place = place_of(story, event)
    if place:
        slide["location"] = {**_location(place), "line": True}
    happened_at = happened_at_place(story, event)
    if happened_at:
        slide["happened_at"] = _location(happened_at)
    media = media_object(event)
    if media:
        slide["media"] = media
    if event.tag:  # our own key, as TimelineJS's group: StoryMapJS has no themes
        slide["group"] = escaped(event.tag)
    return slide


def _location(place: Place) -> dict[str, Any]:
    """``{lat, lon, name}``, and the place's own zoom when it has one (else StoryMapJS
    works one out)."""
    location: dict[str, Any] = {"lat": place.lat, "lon": place.lon, "name": place.name}
    if place.zoom is not None:
        location["zoom"] = place.zoom
    return location

"""The places and areas of a story as GeoJSON features, for the map's story layer.

The story's features are written once to a JSON file that the app serves; the map
loads it from there (see storymap/map_script.py and storymap/static/storylayer.js).
Each view (time window, language) then only tells the layer what to show, in a few
bytes, and the browser restyles the features itself. That keeps the map's script the
same for every view (so streamlit-folium never reloads the map), and keeps a rerun
cheap however many places there are: nothing of the places is re-rendered in Python
or re-sent to the browser when the view changes. A click on the map names its place by
the ``place_id`` its feature carries (click_place_id), never by display text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from functools import cached_property
from pathlib import Path
from typing import Any

from storymap import style
from storymap.i18n import _
from storymap.media import shown_media
from storymap.model import Event, Place, Story
from storymap.served_files import write_whole
from storymap.text import safe_link

STORIES_FOLDER = "stories"  # under the app's static folder


def story_features(story: Story, details: bool = False) -> dict[str, Any]:
    """Everything the browser needs to draw and restyle the story's places and areas.

    ``details`` adds what a popup shows of each place (what it is today, its events
    with their sources), for a map that has no panel beside it; its dates and words
    are in the current language. Without them, the features hold the story's own text
    alone, the same in every interface language (the words the map adds to it come
    with the map's script: storymap.map_script).
    """
    features = [*_area_features(story), *_place_features(story, details)]
    return {"type": "FeatureCollection", "features": features}


def click_place_id(clicked_feature: dict[str, Any] | None, story: Story) -> str | None:
    """The id of the place whose marker or area was clicked, if it is one of ours: the
    ``place_id`` its feature carries, as the map reports it back."""
    if not isinstance(clicked_feature, dict):
        return None
    properties = clicked_feature.get("properties")
    place_id = properties.get("place_id") if isinstance(properties, dict) else None
    return place_id if isinstance(place_id, str) and place_id in story.places else None


def _area_features(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "place_id": area.place_id,
                "kind": "area",
                "label": area.name,
                "from": area.year_from,
                "to": area.year_to,
            },
        }
        for area in story.areas
    ]


def _place_features(story: Story, details: bool = False) -> list[dict[str, Any]]:
    features = []
    colour = _EraColours(story)
    # Featured places last, so that they are drawn over the context places near them.
    for place in sorted(story.places.values(), key=lambda place: place.featured):
        extra = {"details": _place_details(story, place)} if details else {}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "place_id": place.id,
                    "kind": "place",
                    "label": place.name,
                    "radius": style.marker_radius(place.featured),
                    "names": _names_by_language(place),
                    # Its own events and those that happened there for other places:
                    # a place where a treaty was signed is not dimmed in its year.
                    "events": [
                        [event.date.first_year, event.date.last_year, colour(event)]
                        for event in story.events_at(place.id)
                    ],
                    **extra,
                },
            }
        )
    return features


def private_story_data(story: Story) -> bytes:
    """The story's features for one session's eyes only, to serve from memory.

    A random member makes the bytes (and so the address Streamlit serves them at,
    which it derives from them) unique to this copy: no one can guess it, and no two
    sessions' stories can ever share it, whatever they hold.
    """
    return PrivateStoryData(story).own()


class PrivateStoryData:
    """A visitor's story's map data (private_story_data), and its copies' in other
    languages (storymap.translations), with each area's geometry written once for them
    all: a copy shares the story's geometries, most of the bytes and of the time it
    takes to write them, and at most renames its areas."""

    def __init__(self, story: Story):
        self._areas = _area_features(story)
        self._area_text = _items_text(self._areas)
        self._places = _place_features(story)

    @cached_property
    def _geometry_texts(self) -> list[str]:
        """Each area's geometry as JSON, for the copies that rename an area; written on
        first use, since most stories' copies rename none."""
        return [_ENCODER.encode(area["geometry"]) for area in self._areas]

    def own(self) -> bytes:
        """The story's own map data."""
        return _private_data(self._area_text, _items_text(self._places))

    def of_copy(self, copy: Story) -> bytes | None:
        """The map data of ``copy``, the story in another language; None where it is
        the story's own (no place or area has another name in it)."""
        # Cheap to compare: a copy's areas' geometries are the story's objects.
        areas, places = _area_features(copy), _place_features(copy)
        same_areas = areas == self._areas
        if same_areas and places == self._places:
            return None
        if same_areas:
            area_text = self._area_text
        elif self._same_geometries(areas):
            area_text = _area_text(areas, self._geometry_texts)  # renamed, no more
        else:
            area_text = _items_text(areas)
        return _private_data(area_text, _items_text(places))

    def _same_geometries(self, areas: list[dict[str, Any]]) -> bool:
        return len(areas) == len(self._areas) and all(
            area["geometry"] is own["geometry"]
            for area, own in zip(areas, self._areas, strict=True)
        )


# One encoder for them all: json.dumps makes one for each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _items_text(items: list[Any]) -> str:
    """The items of a list as JSON writes them, without the brackets around them."""
    return _ENCODER.encode(items)[1:-1]


def _area_text(areas: list[dict[str, Any]], geometry_texts: list[str]) -> str:
    """The areas' features as _items_text writes them, each with its geometry's text
    from ``geometry_texts``: the rest of a feature is a few words."""
    return ",".join(
        '{"type":"Feature","geometry":'
        + geometry
        + ',"properties":'
        + _ENCODER.encode(area["properties"])
        + "}"
        for area, geometry in zip(areas, geometry_texts, strict=True)
    )


def _private_data(*feature_texts: str) -> bytes:
    # The features' text, list by list (_items_text), in the collection as json.dumps
    # would write it whole.
    features = ",".join(text for text in feature_texts if text)
    private = _ENCODER.encode(secrets.token_hex(16))
    parts = ('{"type":"FeatureCollection","features":[', features, '],"private":', private, "}")
    return "".join(parts).encode("utf-8")


def publish_story_data(story: Story, static_folder: Path, static_url: str) -> str:
    """Write the story's features where the app serves them; return their address.

    The file is named by its content, so a browser may keep it as long as it likes
    and two stories never share a name. It holds no words of the interface, so one
    file serves readers of every language.
    """
    text = json.dumps(story_features(story), ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    folder = static_folder / STORIES_FOLDER
    path = folder / f"{digest}.json"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        write_whole(path, text)  # a browser never reads half a file
    return f"{static_url}/{STORIES_FOLDER}/{path.name}"


def inline_story_data(story: Story, details: bool = False) -> str:
    """The story's features as a data: address, for a map that is to carry them itself.

    Used for the standalone HTML map, which carries everything it shows. (Base64 also
    keeps the text clear of the template syntax that folium's renderer would
    otherwise read in it.)
    """
    text = json.dumps(story_features(story, details), ensure_ascii=False, separators=(",", ":"))
    return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode()


def _place_details(story: Story, place: Place) -> dict[str, Any]:
    events = []
    for event in story.events_at(place.id):
        source = story.sources[event.source_id]
        words = event.status_words
        events.append(
            {
                "date": event.date_label,  # its display date first, if it has one
                "title": event.title,
                # How sure it is and where it happened, in words: empty when it is
                # established, and when it happened at its place.
                "status": _("{word}: {meaning}").format(word=words[0], meaning=words[1])
                if words
                else "",
                "where": story.where_text(event, place.id),
                "summary": event.summary,
                "quote": event.quote,
                "quoteTranslation": event.quote_translation or "",
                "source": source.title,
                "url": safe_link(source.url) or "",
                "media": _media_details(event),
            }
        )
    return {"today": place.today, "note": place.location_note, "events": events}


def _media_details(event: Event) -> dict[str, Any] | None:
    """The event's media as the popup shows it (popupFor, storylayer.js): an image with
    its box's size, or a labelled link; None when it has none."""
    shown = shown_media(event.media)
    if shown is None:
        return None
    width, height = style.MEDIA_BOX
    return {
        "kind": shown.kind,
        "url": shown.url,
        "label": shown.label,
        "caption": shown.caption,
        "width": width,
        "height": height,
    }


def _names_by_language(place: Place) -> dict[str, list]:
    names: dict[str, list] = {}
    for name in place.names:
        text = f"{name.name} ({name.romanized})" if name.romanized else name.name
        names.setdefault(name.language, []).append([text, name.year_from, name.year_to])
    return names


class _EraColours:
    """The colour of each event's era (Story.era_of), or NO_ERA_COLOUR.

    An event's era depends only on the era it names and its first year, and a story's
    events share a few hundred of those: each is looked up once, not once an event.
    """

    def __init__(self, story: Story):
        self._story = story
        self._colours: dict[tuple[str, int], str] = {}

    def __call__(self, event: Event) -> str:
        key = (event.era_id, event.date.first_year)
        colour = self._colours.get(key)
        if colour is None:
            era = self._story.era_of(event)
            colour = self._colours[key] = era.colour if era else style.NO_ERA_COLOUR
        return colour

"""A story in another language: its own text as its translations.csv gives it.

The story as written is what every page finds its ids, dates and places in; a reader
of another language gets a copy of it in which each translated text takes the place of
the original, and any text without a translation stays as written. A quote never does:
it is the source's own words, kept verbatim, and its translation goes beside it
(``Event.quote_translation``).

A copy is made once per story and language and kept with the story (which never
changes once built), so a page pays for it once; a language the story has no text in
costs nothing, whatever the story's size: the story itself is the answer. A copy shares
with the story every record without a translation, and the order of them all: it costs
a pass over the translations and the story's indices, not a new story (Story.build).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from storymap.i18n import INTERFACE_LANGUAGES
from storymap.model import Area, Era, Event, Link, Place, Story, Translation
from storymap.schema import STORY_RECORD, link_id

_Record = TypeVar("_Record", Place, Event, Era, Link, Area)


def translated(story: Story, code: str) -> Story:
    """``story`` in language ``code``: its translated texts in place of the originals.

    The story as written when it has no text in ``code``: the very object given, unless
    that is a copy in another language, which is translated from the story as written.
    """
    original = story.translated_from or story
    if code not in original.languages_translated:
        return original
    copies = original.translated_copies
    copy = copies.get(code)
    if copy is None:
        # Two readers may make the same copy at once; either copy will do.
        copy = copies.setdefault(code, _translated_copy(original, code))
    return copy


def reading_languages(story: Story) -> tuple[str, ...]:
    """The interface's languages the story has text in: those a reader may see it in
    otherwise than as written. (Its text in any other language is kept, and never shown.)"""
    languages = (story.translated_from or story).languages_translated
    return tuple(code for code in INTERFACE_LANGUAGES if code in languages)


def translated_records(story: Story, code: str) -> int:
    """How many of the story's places, events, eras, links and areas have a text in
    ``code`` (links, or areas, that share an id counting once)."""
    return len(
        {
            (row.record, row.id)
            for row in (story.translated_from or story).translations
            if row.language == code and row.record != STORY_RECORD
        }
    )


def story_text(story: Story, code: str, field: str) -> str | None:
    """The story's own ``field`` (title or introduction) in ``code``; None if untranslated.

    Asked on every run for an uploaded story's title: a language the story has no text
    in answers at once, without a walk through its translations.
    """
    original = story.translated_from or story
    if code not in original.languages_translated:
        return None
    return next(
        (
            row.text
            for row in original.translations
            if row.language == code and row.record == STORY_RECORD and row.field == field
        ),
        None,
    )


def _translated_copy(story: Story, code: str) -> Story:
    # Only texts change: each record keeps its place in every order and index of the
    # story, so the copy is the story's own with the translated records put in, record
    # for record, and no re-sorting (Story.build). A record without a translation is
    # the story's own object.
    fields = _fields_by_record(story.translations, code)
    records = {record for record, _id in fields}
    places = {
        place_id: _place(story.places[place_id], texts)
        for (record, place_id), texts in fields.items()
        if record == "place" and place_id in story.places
    }
    events = {
        event_id: _event(story.events_by_id[event_id], texts)
        for (record, event_id), texts in fields.items()
        if record == "event" and event_id in story.events_by_id
    }

    # Links and areas are not indexed by id, and two may share one: each is looked up,
    # but only in a language that translates any (a story may have thousands).
    links = story.links
    if "link" in records:
        links = tuple(
            _link(link, fields.get(("link", link_id(link.from_event, link.to_event))))
            for link in links
        )
    areas = story.areas
    if "area" in records:
        areas = tuple(_area(area, fields.get(("area", area.id))) for area in areas)

    return replace(
        story,
        places={**story.places, **places},
        eras=tuple(_era(era, fields.get(("era", era.id))) for era in story.eras),
        **(_with_events(story, events) if events else {}),
        links=links,
        areas=areas,
        translated_from=story,
    )


def _with_events(story: Story, events: dict[str, Event]) -> dict[str, Any]:
    """The story's lists and indices of events, with ``events`` (by id) in their places."""

    def put_in(ordered: tuple[Event, ...]) -> tuple[Event, ...]:
        return tuple(events.get(event.id, event) for event in ordered)

    return {
        "events": put_in(story.events),
        "events_by_place": {
            place_id: put_in(ordered) for place_id, ordered in story.events_by_place.items()
        },
        "events_by_id": {**story.events_by_id, **events},
        "events_happened_at": {
            place_id: put_in(ordered) for place_id, ordered in story.events_happened_at.items()
        },
        "events_without_place": put_in(story.events_without_place),
    }


def _fields_by_record(
    translations: tuple[Translation, ...], code: str
) -> dict[tuple[str, str], dict[str, str]]:
    """The texts in ``code``, by (record, id), each a mapping of field to text."""
    fields: dict[tuple[str, str], dict[str, str]] = {}
    for row in translations:
        if row.language == code:
            fields.setdefault((row.record, row.id), {})[row.field] = row.text
    return fields


def _place(place: Place, texts: dict[str, str] | None) -> Place:
    if not texts:
        return place
    return _with_texts(
        place,
        name=texts.get("name", place.name),
        today=texts.get("today", place.today),
        location_note=texts.get("location_note", place.location_note),
    )


def _event(event: Event, texts: dict[str, str] | None) -> Event:
    if not texts:
        return event
    return _with_texts(
        event,
        title=texts.get("title", event.title),
        summary=texts.get("summary", event.summary),
        display_date=texts.get("display_date", event.display_date),
        # Beside the quote, never in its place; and only where there is a quote.
        quote_translation=texts.get("quote") if event.quote else None,
    )


def _era(era: Era, texts: dict[str, str] | None) -> Era:
    if not texts:
        return era
    return _with_texts(era, label=texts.get("label", era.label))


def _link(link: Link, texts: dict[str, str] | None) -> Link:
    # Only where it has a label: another link between the same events may be the one
    # that has it.
    if not texts or not link.label:
        return link
    return _with_texts(link, label=texts.get("label", link.label))


def _area(area: Area, texts: dict[str, str] | None) -> Area:
    if not texts:
        return area
    return _with_texts(area, name=texts.get("name", area.name))


def _with_texts(record: _Record, **texts: str | None) -> _Record:
    """``record`` with ``texts`` in the fields they name.

    Made as copy.copy makes a copy, then given the texts: dataclasses.replace would
    pass every field through ``__init__`` again, which takes most of the time of a
    copy of a story with tens of thousands of translated records. None of these
    records checks or works out anything when made, so nothing is skipped.
    """
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__, **texts)
    return copy

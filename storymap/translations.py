"""A story in another language: its own text as its translations.csv gives it.

The story as written is what every page finds its ids, dates and places in; a reader
of another language gets a copy of it in which each translated text takes the place of
the original, and any text without a translation stays as written. A quote never does:
it is the source's own words, kept verbatim, and its translation goes beside it
(``Event.quote_translation``).

A copy is made once per story and language and kept with the story (which never
changes once built), so a page pays for it once; a language the story has no text in
costs nothing, whatever the story's size: the story itself is the answer.
"""

from __future__ import annotations

from dataclasses import replace

from storymap.model import Era, Event, Place, Story, Translation
from storymap.schema import STORY_RECORD


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


def story_text(story: Story, code: str, field: str) -> str | None:
    """The story's own ``field`` (title or introduction) in ``code``; None if untranslated."""
    return next(
        (
            row.text
            for row in (story.translated_from or story).translations
            if row.language == code and row.record == STORY_RECORD and row.field == field
        ),
        None,
    )


def _translated_copy(story: Story, code: str) -> Story:
    fields = _fields_by_record(story.translations, code)
    places = {
        place_id: _place(place, fields.get(("place", place_id)))
        for place_id, place in story.places.items()
    }
    events = [_event(event, fields.get(("event", event.id))) for event in story.events]
    eras = [_era(era, fields.get(("era", era.id))) for era in story.eras]
    copy = Story.build(
        places, events, story.sources, story.areas, story.links, eras, story.translations
    )
    return replace(copy, translated_from=story)


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
    return replace(
        place,
        name=texts.get("name", place.name),
        today=texts.get("today", place.today),
        location_note=texts.get("location_note", place.location_note),
    )


def _event(event: Event, texts: dict[str, str] | None) -> Event:
    if not texts:
        return event
    return replace(
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
    return replace(era, label=texts.get("label", era.label))

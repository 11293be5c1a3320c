"""The side panel as HTML: a place, its other names, and its events with sources.

Written as plain HTML from escaped values, not as markdown: markdown would turn a
``[link](...)``, an image or a ``:emoji:`` in the data into something else. Every
value from the data passes through :func:`html.escape`; links are kept only when
they are http or https.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from storymap.model import Event, Place, Source, Story

LANGUAGE_NAMES = {
    "en": "English", "ja": "Japanese", "ko": "Korean", "ru": "Russian",
    "uk": "Ukrainian", "zh": "Chinese",
}


def safe_link(url: str) -> str | None:
    """The URL if it is an absolute http(s) address, else None (no javascript: links)."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def place_panel_html(story: Story, place: Place) -> str:
    """The panel for one place: heading, other names, today, and dated, cited events."""
    parts = [f'<section class="place-panel" aria-label="{_e(place.name)}">',
             f"<h2>{_e(place.name)}</h2>"]
    if place.other_names:
        names = "".join(
            f'<li><span lang="{_e(name.language)}">{_e(name.name)}</span> '
            f"<small>({_e(LANGUAGE_NAMES.get(name.language, name.language))})</small></li>"
            for name in place.other_names
        )
        parts.append(f'<ul class="other-names" aria-label="Other names">{names}</ul>')
    if place.today:
        parts.append(f"<p><strong>Today:</strong> {_e(place.today)}</p>")
    if place.location_note:
        parts.append(f'<p class="location-note"><em>{_e(place.location_note)}</em></p>')
    events = story.events_by_place.get(place.id, ())
    parts.append(f"<h3>Events ({len(events)})</h3>")
    parts.append('<ol class="events">')
    parts.extend(event_html(event, story.sources[event.source_id]) for event in events)
    parts.append("</ol></section>")
    return "".join(parts)


def event_html(event: Event, source: Source) -> str:
    """One event: date, title, summary, and its source with the quote and link."""
    date_text = _e(event.date.display())
    return (
        f'<li class="event" id="event-{_e(event.id)}">'
        f'<p class="event-date"><time>{date_text}</time></p>'
        f"<h4>{_e(event.title)}</h4>"
        f"<p>{_e(event.summary)}</p>"
        f"{source_html(event, source)}"
        "</li>"
    )


def source_html(event: Event, source: Source) -> str:
    quote = f"<blockquote>“{_e(event.quote)}”</blockquote>" if event.quote else ""
    title = _e(source.title)
    link = safe_link(source.url)
    if link:
        title = f'<a href="{_e(link)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    credit = ", ".join(_e(part) for part in (source.publisher, source.published) if part)
    kind = "The article" if source.kind == "article" else "Reference"
    return (
        f'<div class="source">{quote}<p><small>{kind}: {title}'
        f"{' (' + credit + ')' if credit else ''}</small></p></div>"
    )


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def intro_html(story: Story, featured: list[Place]) -> str:
    """The panel before any place is chosen: what the story is, and what to do."""
    names = ", ".join(_e(place.name) for place in featured)
    return (
        '<section class="intro-panel" aria-label="About this map">'
        "<h2>Russia and Japan have fought before</h2>"
        "<p>In November 2022 an article recalled the Russo-Japanese War of 1904–1905, "
        "which Japan won decisively, after a leaked letter said Russia had prepared for "
        "a conflict with Japan in 2021. It ties together places across 120 years: "
        f"{names}.</p>"
        f"<p>{len(story.places)} places and {len(story.events)} events, each dated and "
        "cited. <strong>Click a marker</strong> on the map, or choose a place from the "
        "list, to read what happened there.</p>"
        "</section>"
    )


def timeline_entry_html(event: Event, place: Place, source: Source) -> str:
    """One line of the timeline: date and place, then the event as in the panel."""
    return (
        f'<article class="timeline-entry" aria-label="{_e(event.title)}">'
        f'<p class="event-date"><time>{_e(event.date.display())}</time> · '
        f"{_e(place.name)}</p>"
        f"<h3>{_e(event.title)}</h3>"
        f"<p>{_e(event.summary)}</p>"
        f"{source_html(event, source)}"
        "</article>"
    )

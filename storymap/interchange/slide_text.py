"""An event as a TimelineJS event or a StoryMapJS slide shows it: its text as HTML, its
media, its place and where it happened.

Both tools put a slide's headline, text, date, caption and credit into the page as
HTML, so every text of the story is escaped there: a story's text is plain text, never
markup. The text follows one convention, which the importers read back:
``<p>summary</p>``, the quote as ``<blockquote>quote</blockquote>``, and the source as
``<p><cite>Title, publisher <a href="URL">URL</a></cite></p>``.
"""

from __future__ import annotations

from typing import Any

from storymap.model import Event, Place, Source, Story
from storymap.panel import escaped, paragraphs
from storymap.text import safe_link


def place_of(story: Story, event: Event) -> Place | None:
    """The place the event belongs to on the map; None for an event without a place."""
    return story.places.get(event.place_id) if event.place_id else None


def happened_at_place(story: Story, event: Event) -> Place | None:
    """Where the event happened, when not at the place it belongs to; None when it
    happened at its place. Both exports give it as this project's own ``happened_at``
    key, in the shape of their ``location``: the tools ignore it, the importers read it."""
    return story.places[event.happened_at] if event.happened_elsewhere else None


def event_text(story: Story, event: Event) -> dict[str, str]:
    """The slide's ``text`` object: the title (with its status in a word) and the HTML text."""
    return {"headline": escaped(event.titled), "text": event_html(story, event)}


def event_html(story: Story, event: Event) -> str:
    """The summary, the quote if there is one, and the source (and the source of details)."""
    quote = f"<blockquote>{escaped(event.quote)}</blockquote>" if event.quote else ""
    cited = [story.sources[event.source_id]]
    if event.details_source_id:
        cited.append(story.sources[event.details_source_id])
    cite = "; ".join(_citation(source) for source in cited)
    return f"<p>{escaped(event.summary)}</p>{quote}<p><cite>{cite}</cite></p>"


def _citation(source: Source) -> str:
    """``Title, publisher <a href="URL">URL</a>``; no link for a source without an
    http(s) address."""
    words = ", ".join(escaped(part) for part in (source.title, source.publisher) if part)
    link = safe_link(source.url)
    if not link:
        return words
    return f'{words} <a href="{escaped(link)}">{escaped(link)}</a>'


def introduction_html(introduction: str) -> str:
    """The story's introduction, plain text, as HTML paragraphs; empty if it has none."""
    if not introduction.strip():
        return ""
    return "".join(f"<p>{escaped(paragraph)}</p>" for paragraph in paragraphs(introduction))


def media_object(event: Event) -> dict[str, Any] | None:
    """The slide's ``media`` object; None when the event has no media, or media at an
    address that is not http(s) (a file in the story's folder means nothing elsewhere).

    The alternative text stays plain: the tools set it as an attribute, not as HTML.
    """
    media = event.media
    link = safe_link(media.url) if media else None
    if media is None or link is None:
        return None
    return {
        "url": link,
        "caption": escaped(media.caption),
        "credit": escaped(media.credit),
        "alt": media.alt,
    }

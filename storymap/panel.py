"""The side panel as HTML: a place, its other names, and its events with sources.

Written as plain HTML from escaped values, not as markdown: markdown would turn a
``[link](...)``, an image or a ``:emoji:`` in the data into something else. Every
value from the data passes through :func:`html.escape`; links are kept only when
they are http or https.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from storymap import style
from storymap.i18n import _, current_language
from storymap.languages import language_name
from storymap.media import shown_media
from storymap.model import Era, Event, Place, Source, Story
from storymap.storyfiles import Conversion
from storymap.text import safe_link
from storymap.window import TimeWindow

MAX_PANEL_EVENTS = 200
# What stands for a place, for an event that has none: the timeline's row, the tour
# step's heading, the timeline's list.
WITHOUT_A_PLACE = "Without a place"
PLACELESS_HEADING = "Events without a place"
PLACELESS_ID = "events-without-a-place"  # the list's anchor, which the introduction links to


def place_panel_html(story: Story, place: Place, window: TimeWindow | None = None) -> str:
    """The panel for one place: heading, other names, today, and dated, cited events.

    With a time window, only the events in it are listed, and the rest are counted.
    """
    parts = [
        f'<section class="place-panel" aria-label="{escaped(place.name)}">',
        f"<h2>{escaped(place.name)}</h2>",
        names_html(place),
    ]
    if place.today:
        parts.append(f"<p><strong>Today:</strong> {escaped(place.today)}</p>")
    if place.location_note:
        parts.append(f'<p class="location-note"><em>{escaped(place.location_note)}</em></p>')
    every_event = story.events_by_place.get(place.id, ())
    events = story.events_in(window, place.id) if window else every_event
    parts.append(f"<h3>Events ({len(events)})</h3>")
    hidden = len(every_event) - len(events)
    if hidden and window:
        parts.append(
            f'<p class="hidden-events">{hidden} more outside {window.first}–{window.last}.</p>'
        )
    parts.append('<ol class="events">')
    parts.extend(event_html(story, event, here=place.id) for event in events[:MAX_PANEL_EVENTS])
    parts.append("</ol>")
    parts.append(_cut_note(len(events)))
    parts.append(_happened_here_html(story, place, window))
    parts.append("</section>")
    return "".join(parts)


def _happened_here_html(story: Story, place: Place, window: TimeWindow | None) -> str:
    """The events that happened at ``place`` but belong to other places, if any."""
    every_event = story.events_happened_at.get(place.id, ())
    events = story.events_happened_in(window, place.id) if window else every_event
    if not events:
        return ""
    items = "".join(event_html(story, event, here=place.id) for event in events[:MAX_PANEL_EVENTS])
    return (
        f"<h3>Happened here, concerning other places ({len(events)})</h3>"
        f'<ol class="events happened-here">{items}</ol>{_cut_note(len(events))}'
    )


def _cut_note(count: int) -> str:
    """Says that only the first MAX_PANEL_EVENTS of ``count`` events are listed, if so."""
    if count <= MAX_PANEL_EVENTS:  # the panel is sent again with every click
        return ""
    return (
        f'<p class="hidden-events">The first {MAX_PANEL_EVENTS} of '
        f"{count:,} are listed: choose fewer years to see the others; "
        "every event is on the Timeline page.</p>"
    )


def names_html(place: Place) -> str:
    """The place's other names, each with its language and the years it was used."""
    if not place.other_names:
        return ""
    items = []
    for name in place.other_names:
        romanized = f" ({escaped(name.romanized)})" if name.romanized else ""
        language = escaped(language_name(name.language))
        period = f", {escaped(name.period)}" if name.period else ""
        items.append(
            f'<li><span lang="{escaped(name.language)}">{escaped(name.name)}</span>{romanized} '
            f"<small>({language}{period})</small></li>"
        )
    return f'<ul class="other-names" aria-label="Other names">{"".join(items)}</ul>'


def event_html(
    story: Story, event: Event, element: str = "li", heading: int = 4, here: str | None = None
) -> str:
    """One event: era, date (and Old Style date), title, how sure it is and where it
    happened (when either needs saying), summary, media, source and quote.

    ``heading`` is the level of the title's heading, one below the section it is in;
    ``here`` is the id of the place the event is shown under, if any.
    """
    era = story.era_of(event)
    era_mark = (
        f'<span class="era-mark" style="background:{escaped(era.colour)}"></span>'
        f'<span class="era-name">{escaped(era.label)}</span> · '
        if era
        else ""
    )
    return (
        f'<{element} class="event" id="event-{escaped(event.id)}">'
        f'<p class="event-date">{era_mark}{date_html(event)}{tag_html(event)}</p>'
        f"<h{heading}>{escaped(event.title)}</h{heading}>"
        f"{status_html(event)}{where_html(story, event, here)}"
        f"<p>{escaped(event.summary)}</p>"
        f"{media_html(event)}"
        f"{source_html(event, story.sources[event.source_id])}"
        f"{details_html(story.sources.get(event.details_source_id))}"
        f"</{element}>"
    )


def status_html(event: Event) -> str:
    """How sure the event is, in words, unless it is established."""
    words = event.status_words
    if words is None:
        return ""
    word, meaning = words
    return (
        f'<p class="event-status status-{escaped(event.status)}">'
        f"<strong>{escaped(word)}</strong>: {escaped(meaning)}</p>"
    )


def where_html(story: Story, event: Event, here: str | None = None) -> str:
    text = story.where_text(event, here)
    return f'<p class="event-where">{escaped(text)}</p>' if text else ""


def tag_html(event: Event) -> str:
    """The event's theme after its date ("· Diplomacy"); empty when it has none."""
    return f' · <span class="event-tag">{escaped(event.tag)}</span>' if event.tag else ""


def date_html(event: Event) -> str:
    """The date as a reader sees it: its display date first, when it has one that says
    more, with the date itself beside it; and the Old Style date, if asked for."""
    formatted = event.date.display()
    # For machines (screen readers, search): where it begins, as HTML writes a date.
    machine = f'datetime="{event.date.start.edtf.rstrip("~")}"'
    if event.display_date and event.display_date != formatted:
        text = (
            f'<time {machine} title="{escaped(formatted)}">{escaped(event.display_date)}</time> '
            f'<span class="machine-date">({escaped(formatted)})</span>'
        )
    else:
        text = f"<time {machine}>{escaped(formatted)}</time>"
    julian = event.date.old_style_display() if event.old_style else None
    if julian:
        text += f' <span class="old-style">({escaped(julian)})</span>'
    return text


def media_html(event: Event) -> str:
    """The event's media: an https image in a figure whose box is kept before it
    loads (storymap.style.media_css), or a link that says what it leads to."""
    shown = shown_media(event.media)
    if shown is None:
        return ""
    if shown.kind == "image":
        width, height = style.MEDIA_BOX
        caption = f"<figcaption>{escaped(shown.caption)}</figcaption>" if shown.caption else ""
        return (
            f'<figure class="event-media"><img src="{escaped(shown.url)}" '
            f'alt="{escaped(shown.label)}" loading="lazy" decoding="async" '
            f'width="{width}" height="{height}" referrerpolicy="no-referrer">'
            f"{caption}</figure>"
        )
    caption = f"<br><small>{escaped(shown.caption)}</small>" if shown.caption else ""
    return (
        f'<p class="event-media-link"><a href="{escaped(shown.url)}" target="_blank" '
        f'rel="noopener noreferrer">{escaped(shown.label)}</a>{caption}</p>'
    )


def legend_html(eras: tuple[Era, ...], with_dimmed: bool = True) -> str:
    """What the marker colours mean; ``with_dimmed`` for a map with a time window."""
    items = "".join(
        f'<li><span class="era-mark" style="background:{escaped(era.colour)}"></span>'
        f"{escaped(era.label)} <small>({era.period})</small></li>"
        for era in eras
    )
    if with_dimmed:
        items += '<li><span class="era-mark dimmed"></span>No events in the chosen years</li>'
    return f'<ul class="legend" aria-label="Map legend: marker colours">{items}</ul>'


def source_html(event: Event, source: Source) -> str:
    quote = f'<blockquote lang="en">“{escaped(event.quote)}”</blockquote>' if event.quote else ""
    quote += quote_translation_html(event)
    kind = "The article" if source.kind == "article" else "Reference"
    return f'<div class="source">{quote}<p><small>{kind}: {_citation(source)}</small></p></div>'


def quote_translation_html(event: Event) -> str:
    """The quote in the reader's language, under the quote, which stays the source's own
    words; empty when the story has no translation of it."""
    if not event.quote or not event.quote_translation:
        return ""
    text = _("Translation: {text}").format(text=event.quote_translation)
    language = escaped(current_language())
    return f'<p class="quote-translation" lang="{language}">{escaped(text)}</p>'


def details_html(source: Source | None) -> str:
    """The source of details that the main source does not state, if there is one."""
    if source is None:
        return ""
    return f'<p class="details-source"><small>Details: {_citation(source)}</small></p>'


def _citation(source: Source) -> str:
    title = escaped(source.title)
    link = safe_link(source.url)
    if link:
        title = f'<a href="{escaped(link)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    published = source.published.display() if source.published else ""
    credit = ", ".join(escaped(part) for part in (source.publisher, published) if part)
    return f"{title} ({credit})" if credit else title


def share_html(url: str, uploaded: bool = False) -> str:
    """The link to the view shown, to copy or to open; plain text unless it is http(s).

    An uploaded story lives in one browser tab, so its link says that it cannot be
    shared, and how to share the story instead.
    """
    target = safe_link(url)
    shown = f'<a href="{escaped(target)}">{escaped(url)}</a>' if target else escaped(url)
    warning = (
        "<p>This link opens this view only in this tab: the story you uploaded "
        "is not kept on the server. To share the story, download it as a "
        "standalone map on the <em>Sources and data</em> page.</p>"
        if uploaded
        else ""
    )
    return (
        f'<section class="share" aria-label="Share this view">'
        f"<p><strong>Share this view</strong></p><p>{shown}</p>{warning}</section>"
    )


def uploaded_banner_html(title: str) -> str:
    return (
        '<p class="uploaded-banner" role="status"><strong>You are viewing your own '
        f"story: “{escaped(title)}”,</strong> in this tab only, until you reload or "
        "close it; it is never saved.</p>"
    )


def counted(number: int, thing: str) -> str:
    """ "1 place", "2 places", "10,000 places"."""
    return f"{number:,} {thing}" if number == 1 else f"{number:,} {thing}s"


def conversion_heading(conversion: Conversion) -> str:
    """One line on what another tool's file became: "Made from story.json: StoryMapJS:
    3 places, 4 events, 2 sources, 1 media. 2 things were left out or changed: show them"."""
    left_out = conversion.left_out
    if not left_out:
        return f"Made from {conversion.summary}. Everything was carried over."
    things = "thing was" if left_out == 1 else "things were"
    return f"Made from {conversion.summary}. {left_out:,} {things} left out or changed: show them"


def small_print_html(text: str) -> str:
    """A line of small print, as plain text."""
    return f'<p class="small-print">{escaped(text)}</p>'


def escaped(text: str) -> str:
    """``text`` safe inside HTML, as an element's text or an attribute's value."""
    return html.escape(str(text), quote=True)


def intro_html(
    story: Story, featured: list[Place], title: str, introduction: str | None = None
) -> str:
    """The panel before any place is chosen: what the story is, and what to do.

    ``introduction`` is the story's own (its introduction.txt), plain text whose
    paragraphs are parted by blank lines; without one, the featured places are named.
    """
    if introduction:
        about = "".join(f"<p>{escaped(text)}</p>" for text in paragraphs(introduction))
    elif featured:
        about = f"<p>Its featured places: {', '.join(escaped(p.name) for p in featured)}.</p>"
    else:
        about = ""
    placeless = len(story.events_without_place)
    under_it = f'<a href="#{PLACELESS_ID}">listed under the map</a>'
    if story.places:
        what_to_do = (
            "<strong>Click a marker</strong> on the map, or choose a place from the "
            "list, to read what happened there."
        )
        if placeless:
            have = "has" if placeless == 1 else "have"
            what_to_do += f" {counted(placeless, 'event')} {have} no place on the map: {under_it}."
    else:
        what_to_do = f"They have no places on the map: they are {under_it}."
    return (
        '<section class="intro-panel" aria-label="About this map">'
        f"<h2>{escaped(title)}</h2>{about}"
        f"<p>{counted(len(story.places), 'place')} and {counted(len(story.events), 'event')}, "
        "each dated and "
        f"cited. {what_to_do}</p>"
        "</section>"
    )


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: parted by blank lines, the lines of each joined."""
    return [
        " ".join(line.strip() for line in paragraph.splitlines())
        for paragraph in _PARAGRAPH_BREAK.split(text.strip())
    ]


def place_name_of(story: Story, event: Event) -> str:
    """The name of the event's place, or what stands for it when it has none."""
    return story.places[event.place_id].name if event.has_place else WITHOUT_A_PLACE


def timeline_entry_html(story: Story, event: Event) -> str:
    """One line of the timeline: the event as in the panel, with its place."""
    here = event.place_id or None
    return (
        f'<article class="timeline-entry" aria-label="{escaped(event.title)}">'
        f'<p class="timeline-place">{escaped(place_name_of(story, event))}</p>'
        f"{event_html(story, event, element='div', heading=2, here=here)}"
        "</article>"
    )


def tour_step_html(story: Story, event: Event, position: int, total: int) -> str:
    """One step of the guided tour: where, then what happened there. An event without
    a place says so where the place's name would be; the map stays as it was."""
    here = event.place_id or None
    note = (
        ""
        if event.has_place
        else '<p class="location-note"><em>This event has no place on the map.</em></p>'
    )
    return (
        f'<section class="place-panel tour-step" aria-label="Tour step {position} of {total}">'
        f'<p class="tour-position">Step {position} of {total}</p>'
        f"<h2>{escaped(place_name_of(story, event))}</h2>{note}"
        f"{event_html(story, event, element='div', heading=3, here=here)}"
        "</section>"
    )


def placeless_events_html(story: Story, window: TimeWindow | None = None) -> str:
    """The events without a place (those of ``window``, if given), dated and cited,
    with their media; empty for a story that has none."""
    every_event = story.events_without_place
    if not every_event:
        return ""
    events = story.events_without_place_in(window) if window else every_event
    parts = [
        f'<section class="placeless-events" id="{PLACELESS_ID}" aria-label="{PLACELESS_HEADING}">',
        f"<h2>{PLACELESS_HEADING}</h2>",
    ]
    hidden = len(every_event) - len(events)
    if hidden and window:
        years = f"{window.first}–{window.last}"
        parts.append(
            f'<p class="hidden-events">{hidden} more outside {years}.</p>'
            if events
            else f'<p class="hidden-events">None in {years}; {hidden} in other years.</p>'
        )
    parts.append('<ol class="events">')
    parts.extend(event_html(story, event, heading=3) for event in events[:MAX_PANEL_EVENTS])
    parts.append("</ol>")
    parts.append(_cut_note(len(events)))
    parts.append("</section>")
    return "".join(parts)


# How a link reads from each of its two ends.
_LINK_PHRASES = {
    "leads-to": ("Leads to", "Follows from"),
    "ended-by": ("Ended by", "Ends"),
    "compared-with": ("Compared with", "Compared with"),
    "followed-by": ("Followed by", "Follows"),
}


@dataclass(frozen=True)
class RelatedEvent:
    phrase: str  # how the link reads from this end: "Ended by"
    event: Event  # the other end
    label: str = ""


def related_events(story: Story, events: tuple[Event, ...]) -> list[RelatedEvent]:
    """The other ends of every link of ``events``, in the order of the events."""
    related = []
    for event in events:
        for link in story.links_of(event.id):
            outgoing = link.from_event == event.id
            other = story.events_by_id[link.to_event if outgoing else link.from_event]
            phrase = _LINK_PHRASES[link.type][0 if outgoing else 1]
            related.append(RelatedEvent(phrase, other, link.label))
    return related

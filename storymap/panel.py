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
from storymap.date_text import date_text, old_style_text
from storymap.i18n import N_, _, current_language, ngettext
from storymap.languages import language_name
from storymap.media import shown_media
from storymap.model import Era, Event, Place, Source, Story
from storymap.number_text import number_text
from storymap.storyfiles import Conversion
from storymap.text import safe_link
from storymap.window import TimeWindow

MAX_PANEL_EVENTS = 200
# What stands for a place, for an event that has none: the timeline's row, the tour
# step's heading, the timeline's list. In English here; shown through ``_``.
WITHOUT_A_PLACE = N_("Without a place")
PLACELESS_HEADING = N_("Events without a place")
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
        today = escaped(_("Today:"))
        parts.append(f"<p><strong>{today}</strong> {escaped(place.today)}</p>")
    if place.location_note:
        parts.append(f'<p class="location-note"><em>{escaped(place.location_note)}</em></p>')
    every_event = story.events_by_place.get(place.id, ())
    events = story.events_in(window, place.id) if window else every_event
    heading = _("Events ({count})").format(count=len(events))
    parts.append(f"<h3>{escaped(heading)}</h3>")
    hidden = len(every_event) - len(events)
    if hidden and window:
        parts.append(f'<p class="hidden-events">{escaped(_more_outside(hidden, window))}</p>')
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
    heading = _("Happened here, concerning other places ({count})").format(count=len(events))
    return (
        f"<h3>{escaped(heading)}</h3>"
        f'<ol class="events happened-here">{items}</ol>{_cut_note(len(events))}'
    )


def _cut_note(count: int) -> str:
    """Says that only the first MAX_PANEL_EVENTS of ``count`` events are listed, if so."""
    if count <= MAX_PANEL_EVENTS:  # the panel is sent again with every click
        return ""
    note = _(
        "The first {shown} of {count} are listed: choose fewer years to see the others; "
        "every event is on the Timeline page."
    ).format(shown=MAX_PANEL_EVENTS, count=number_text(count))
    return f'<p class="hidden-events">{escaped(note)}</p>'


def _years(window: TimeWindow) -> str:
    return f"{window.first}–{window.last}"


def _more_outside(hidden: int, window: TimeWindow) -> str:
    """ "3 more outside 1940–1960." """
    return ngettext(
        "{count} more outside {years}.", "{count} more outside {years}.", hidden
    ).format(count=hidden, years=_years(window))


def names_html(place: Place) -> str:
    """The place's other names, each with its language and the years it was used."""
    if not place.other_names:
        return ""
    items = []
    reader = current_language()
    for name in place.other_names:
        # A reader of the name's own language needs no romanization of it.
        shown = name.romanized and name.language != reader
        romanized = f" {escaped(in_brackets(name.romanized))}" if shown else ""
        language = language_name(name.language)
        about = _("{language}, {years}").format(language=language, years=name.period)
        small = escaped(in_brackets(about if name.period else language))
        items.append(
            f'<li><span lang="{escaped(name.language)}">{escaped(name.name)}</span>{romanized} '
            f"<small>{small}</small></li>"
        )
    label = escaped(_("Other names"))
    return f'<ul class="other-names" aria-label="{label}">{"".join(items)}</ul>'


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
    text = _("{word}: {meaning}").format(
        word=f"<strong>{escaped(word)}</strong>", meaning=escaped(meaning)
    )
    return f'<p class="event-status status-{escaped(event.status)}">{text}</p>'


def where_html(story: Story, event: Event, here: str | None = None) -> str:
    text = story.where_text(event, here)
    return f'<p class="event-where">{escaped(text)}</p>' if text else ""


def tag_html(event: Event) -> str:
    """The event's theme after its date ("· Diplomacy"); empty when it has none."""
    return f' · <span class="event-tag">{escaped(event.tag)}</span>' if event.tag else ""


def date_html(event: Event) -> str:
    """The date as a reader sees it: its display date first, when it has one that says
    more, with the date itself beside it; and the Old Style date, if asked for.

    The date is in the reader's language (storymap.date_text), and in the Japanese
    interface has its date in the era system beside it.
    """
    formatted = event.formatted_date
    # For machines (screen readers, search): where it begins, as HTML writes a date.
    machine = f'datetime="{event.date.start.edtf.rstrip("~")}"'
    if event.says_more_than_its_date:
        text = (
            f'<time {machine} title="{escaped(formatted)}">{escaped(event.display_date)}</time> '
            f'<span class="machine-date">{escaped(in_brackets(formatted))}</span>'
        )
    else:
        text = f"<time {machine}>{escaped(formatted)}</time>"
    julian = old_style_text(event.date) if event.old_style else None
    if julian:
        text += f' <span class="old-style">{escaped(in_brackets(julian))}</span>'
    return text


def in_brackets(text: str) -> str:
    """``text`` in the brackets of the reader's language: (…), （…）."""
    return _("({text})").format(text=text)


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
        dimmed = escaped(_("No events in the chosen years"))
        items += f'<li><span class="era-mark dimmed"></span>{dimmed}</li>'
    label = escaped(_("Map legend: marker colours"))
    return f'<ul class="legend" aria-label="{label}">{items}</ul>'


def source_html(event: Event, source: Source) -> str:
    # The source's own words, in English and in English quotation marks, whatever the
    # interface's language; the translation follows them, never stands in for them.
    quote = f'<blockquote lang="en">“{escaped(event.quote)}”</blockquote>' if event.quote else ""
    quote += quote_translation_html(event)
    if source.kind == "article":
        cited = _("The article: {citation}").format(citation=_citation(source))
    else:
        cited = _("Reference: {citation}").format(citation=_citation(source))
    return f'<div class="source">{quote}<p><small>{cited}</small></p></div>'


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
    cited = _("Details: {citation}").format(citation=_citation(source))
    return f'<p class="details-source"><small>{cited}</small></p>'


def _citation(source: Source) -> str:
    title = escaped(source.title)
    link = safe_link(source.url)
    if link:
        title = f'<a href="{escaped(link)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    published = date_text(source.published) if source.published else ""
    credit = ", ".join(escaped(part) for part in (source.publisher, published) if part)
    return f"{title} ({credit})" if credit else title


def share_html(url: str, uploaded: bool = False) -> str:
    """The link to the view shown, to copy or to open; plain text unless it is http(s).

    An uploaded story lives in one browser tab, so its link says that it cannot be
    shared, and how to share the story instead.
    """
    target = safe_link(url)
    shown = f'<a href="{escaped(target)}">{escaped(url)}</a>' if target else escaped(url)
    warning = ""
    if uploaded:
        page = escaped(_("Sources and data"))  # the page's name, as the menu gives it
        warning = _(
            "This link opens this view only in this tab: the story you uploaded is not "
            "kept on the server. To share the story, download it as a standalone map on "
            "the {page} page."
        ).format(page=f"<em>{page}</em>")
        warning = f"<p>{warning}</p>"
    label = escaped(_("Share this view"))
    return (
        f'<section class="share" aria-label="{label}">'
        f"<p><strong>{label}</strong></p><p>{shown}</p>{warning}</section>"
    )


def uploaded_banner_html(title: str) -> str:
    banner = _(
        "<strong>You are viewing your own story: “{title}”,</strong> in this tab only, "
        "until you reload or close it; it is never saved."
    ).format(title=escaped(title))
    return f'<p class="uploaded-banner" role="status">{banner}</p>'


def places_counted(number: int) -> str:
    """ "1 place", "2 places", "10,000 places", in the reader's language."""
    return ngettext("{count} place", "{count} places", number).format(count=number_text(number))


def events_counted(number: int) -> str:
    """ "1 event", "2 events", "10,000 events", in the reader's language."""
    return ngettext("{count} event", "{count} events", number).format(count=number_text(number))


def conversion_heading(conversion: Conversion) -> str:
    """One line on what another tool's file became: "Made from story.json: StoryMapJS:
    3 places, 4 events, 2 sources, 1 media. 2 things were left out or changed: show them"."""
    left_out = conversion.left_out
    if not left_out:
        return _("Made from {summary}. Everything was carried over.").format(
            summary=conversion.summary
        )
    return ngettext(
        "Made from {summary}. {count} thing was left out or changed: show them",
        "Made from {summary}. {count} things were left out or changed: show them",
        left_out,
    ).format(summary=conversion.summary, count=number_text(left_out))


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
        names = ", ".join(escaped(p.name) for p in featured)
        about = _("Its featured places: {places}.").format(places=names)
        about = f"<p>{about}</p>"
    else:
        about = ""
    placeless = len(story.events_without_place)
    # The words of the link to the list are the translator's, in the sentence.
    under_it = f"#{PLACELESS_ID}"
    if story.places:
        what_to_do = _(
            "<strong>Click a marker</strong> on the map, or choose a place from the "
            "list, to read what happened there."
        )
        if placeless:
            what_to_do += " " + ngettext(
                '{count} event has no place on the map: <a href="{link}">listed under the map</a>.',
                '{count} events have no place on the map: <a href="{link}">listed under the '
                "map</a>.",
                placeless,
            ).format(count=number_text(placeless), link=under_it)
    else:
        what_to_do = _(
            'They have no places on the map: they are <a href="{link}">listed under the map</a>.'
        ).format(link=under_it)
    counts = _("{places} and {events}, each dated and cited.").format(
        places=places_counted(len(story.places)), events=events_counted(len(story.events))
    )
    label = escaped(_("About this map"))
    return (
        f'<section class="intro-panel" aria-label="{label}">'
        f"<h2>{escaped(title)}</h2>{about}"
        f"<p>{counts} {what_to_do}</p>"
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
    return story.places[event.place_id].name if event.has_place else _(WITHOUT_A_PLACE)


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
    note = ""
    if not event.has_place:
        note = escaped(_("This event has no place on the map."))
        note = f'<p class="location-note"><em>{note}</em></p>'
    label = _("Tour step {position} of {total}").format(position=position, total=total)
    step = _("Step {position} of {total}").format(position=position, total=total)
    return (
        f'<section class="place-panel tour-step" aria-label="{escaped(label)}">'
        f'<p class="tour-position">{escaped(step)}</p>'
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
    heading = escaped(_(PLACELESS_HEADING))
    parts = [
        f'<section class="placeless-events" id="{PLACELESS_ID}" aria-label="{heading}">',
        f"<h2>{heading}</h2>",
    ]
    hidden = len(every_event) - len(events)
    if hidden and window:
        note = (
            _more_outside(hidden, window)
            if events
            else ngettext(
                "None in {years}; {count} in other years.",
                "None in {years}; {count} in other years.",
                hidden,
            ).format(count=hidden, years=_years(window))
        )
        parts.append(f'<p class="hidden-events">{escaped(note)}</p>')
    parts.append('<ol class="events">')
    parts.extend(event_html(story, event, heading=3) for event in events[:MAX_PANEL_EVENTS])
    parts.append("</ol>")
    parts.append(_cut_note(len(events)))
    parts.append("</section>")
    return "".join(parts)


# How a link reads from each of its two ends.
_LINK_PHRASES = {
    "leads-to": (N_("Leads to"), N_("Follows from")),
    "ended-by": (N_("Ended by"), N_("Ends")),
    "compared-with": (N_("Compared with"), N_("Compared with")),
    "followed-by": (N_("Followed by"), N_("Follows")),
}


@dataclass(frozen=True)
class RelatedEvent:
    phrase: str  # how the link reads from this end, in the reader's language: "Ended by"
    event: Event  # the other end
    label: str = ""


def related_events(story: Story, events: tuple[Event, ...]) -> list[RelatedEvent]:
    """The other ends of every link of ``events``, in the order of the events."""
    related = []
    for event in events:
        for link in story.links_of(event.id):
            outgoing = link.from_event == event.id
            other = story.events_by_id[link.to_event if outgoing else link.from_event]
            phrase = _(_LINK_PHRASES[link.type][0 if outgoing else 1])
            related.append(RelatedEvent(phrase, other, link.label))
    return related

"""The story's records as tables for display: one row per record, readable columns.

Streamlit's tables have a "Download as CSV" of their own, which writes the cells as
they are shown, and their cells can be copied into a spreadsheet. So the text cells of
every table here are neutralised as the CSV downloads are (a cell that a spreadsheet
would run as a formula starts with an apostrophe); numbers are left as they are.

The columns are headed in the reader's language, and the dates written in it; the
cells hold the data as its files do (a source's kind, a place's role, a link's type).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from storymap.date_text import date_text
from storymap.downloads import neutralised
from storymap.i18n import N_, _, pgettext
from storymap.languages import language_name
from storymap.model import Story
from storymap.text import safe_link

# The heading of the sources table's column of links, which the page shows as links.
SOURCE_LINK_COLUMN = N_("Link")


def sources_table(story: Story) -> pd.DataFrame:
    """Every source, with how many events cite it (as source or for details)."""
    # Counted in one pass over the events, not one per source. An event that gives the
    # same source for both counts once.
    citing = Counter(
        source_id
        for event in story.events
        for source_id in {event.source_id, event.details_source_id}
    )
    return spreadsheet_safe(
        pd.DataFrame(
            [
                {
                    _("Source"): source.title,
                    _("Kind"): source.kind,
                    _("Publisher"): source.publisher,
                    # As the file writes it: "2022-11".
                    _("Published"): source.published.edtf if source.published else "",
                    _(SOURCE_LINK_COLUMN): safe_link(source.url),
                    _("Events citing it"): citing[source.id],
                }
                for source in story.sources.values()
            ]
        )
    )


def places_table(story: Story) -> pd.DataFrame:
    return spreadsheet_safe(
        pd.DataFrame(
            [
                {
                    _("Place"): place.name,
                    _("Other names"): "; ".join(
                        f"{name.name} ({language_name(name.language)})"
                        for name in place.other_names
                    ),
                    _("Today"): place.today,
                    _("Latitude"): place.lat,
                    _("Longitude"): place.lon,
                    _("Role"): place.role,
                    _("Events"): len(story.events_by_place.get(place.id, ())),
                }
                for place in story.places.values()
            ]
        )
    )


def events_table(story: Story) -> pd.DataFrame:
    """Every event; an event without a place has empty place cells."""

    def place_name(place_id: str) -> str:
        return story.places[place_id].name if place_id else ""

    return spreadsheet_safe(
        pd.DataFrame(
            [
                {
                    _("Date"): date_text(event.date),
                    _("Shown as"): event.display_date,
                    _("Place"): place_name(event.place_id),
                    _("Happened at"): place_name(event.happened_at or event.place_id),
                    _("Event"): event.title,
                    _("Status"): event.status,
                    _("Summary"): event.summary,
                    _("Source"): story.sources[event.source_id].title,
                    _("Quote"): event.quote,
                    _("Media"): (safe_link(event.media.url) or "") if event.media else "",
                    _("Media caption"): event.media.caption_line if event.media else "",
                }
                for event in story.events
            ]
        )
    )


def links_table(story: Story) -> pd.DataFrame:
    # The columns are named even for a story without links, whose table is empty.
    # The events a link joins, and its type: other words than an area's years' (below)
    # and a source's address ("Link") in some languages.
    columns = [
        pgettext("event link", "From"),
        pgettext("event link", "Link"),
        pgettext("event link", "To"),
        _("Label"),
    ]
    return spreadsheet_safe(
        pd.DataFrame(
            [
                (
                    story.events_by_id[link.from_event].title,
                    link.type,
                    story.events_by_id[link.to_event].title,
                    link.label,
                )
                for link in story.links
            ],
            columns=columns,
        )
    )


def areas_table(story: Story) -> pd.DataFrame:
    columns = [_("Area"), _("Place"), _("Shape"), _("From"), _("To")]
    table = spreadsheet_safe(
        pd.DataFrame(
            [
                (
                    area.name,
                    story.places[area.place_id].name,
                    area.geometry["type"],
                    area.year_from,
                    area.year_to,
                )
                for area in story.areas
            ],
            columns=columns,
        )
    )
    # An area without a first or last year shows an empty cell, not "None" (a year of
    # four digits sorts as text as it does as a number).
    for column in columns[3:]:
        table[column] = table[column].map(lambda year: "" if pd.isna(year) else str(int(year)))
    return table


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text cells neutralised for spreadsheets; other cells as they are."""
    return frame.map(lambda cell: neutralised(cell) if isinstance(cell, str) else cell)

"""The story's records as tables for display: one row per record, readable columns.

Streamlit's tables have a "Download as CSV" of their own, which writes the cells as
they are shown, and their cells can be copied into a spreadsheet. So the text cells of
every table here are neutralised as the CSV downloads are (a cell that a spreadsheet
would run as a formula starts with an apostrophe); numbers are left as they are.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from storymap.downloads import neutralised
from storymap.languages import language_name
from storymap.model import Story
from storymap.text import safe_link


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
                    "Source": source.title,
                    "Kind": source.kind,
                    "Publisher": source.publisher,
                    # As the file writes it: "2022-11".
                    "Published": source.published.edtf if source.published else "",
                    "Link": safe_link(source.url),
                    "Events citing it": citing[source.id],
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
                    "Place": place.name,
                    "Other names": "; ".join(
                        f"{name.name} ({language_name(name.language)})"
                        for name in place.other_names
                    ),
                    "Today": place.today,
                    "Latitude": place.lat,
                    "Longitude": place.lon,
                    "Role": place.role,
                    "Events": len(story.events_by_place.get(place.id, ())),
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
                    "Date": event.date.display(),
                    "Shown as": event.display_date,
                    "Place": place_name(event.place_id),
                    "Happened at": place_name(event.happened_at or event.place_id),
                    "Event": event.title,
                    "Status": event.status,
                    "Summary": event.summary,
                    "Source": story.sources[event.source_id].title,
                    "Quote": event.quote,
                    "Media": (safe_link(event.media.url) or "") if event.media else "",
                    "Media caption": event.media.caption_line if event.media else "",
                }
                for event in story.events
            ]
        )
    )


def links_table(story: Story) -> pd.DataFrame:
    return spreadsheet_safe(
        pd.DataFrame(
            [
                {
                    "From": story.events_by_id[link.from_event].title,
                    "Link": link.type,
                    "To": story.events_by_id[link.to_event].title,
                    "Label": link.label,
                }
                for link in story.links
            ],
            columns=["From", "Link", "To", "Label"],
        )
    )


def areas_table(story: Story) -> pd.DataFrame:
    return spreadsheet_safe(
        pd.DataFrame(
            [
                {
                    "Area": area.name,
                    "Place": story.places[area.place_id].name,
                    "Shape": area.geometry["type"],
                    "From": area.year_from,
                    "To": area.year_to,
                }
                for area in story.areas
            ],
            columns=["Area", "Place", "Shape", "From", "To"],
        )
    )


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text cells neutralised for spreadsheets; other cells as they are."""
    return frame.map(lambda cell: neutralised(cell) if isinstance(cell, str) else cell)

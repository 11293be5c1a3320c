"""The story's records as tables for display: one row per record, readable columns."""

from __future__ import annotations

import pandas as pd

from storymap.model import Story
from storymap.panel import LANGUAGE_NAMES, safe_link


def sources_table(story: Story) -> pd.DataFrame:
    cited = {event.source_id for event in story.events}
    return pd.DataFrame(
        [
            {
                "Source": source.title,
                "Kind": source.kind,
                "Publisher": source.publisher,
                "Published": source.published,
                "Link": safe_link(source.url),
                "Events citing it": sum(event.source_id == source.id for event in story.events),
            }
            for source in story.sources.values()
            if source.id in cited
        ]
    )


def places_table(story: Story) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Place": place.name,
                "Other names": "; ".join(
                    f"{name.name} ({LANGUAGE_NAMES.get(name.language, name.language)})"
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


def events_table(story: Story) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": event.date.display(),
                "Place": story.places[event.place_id].name,
                "Event": event.title,
                "Summary": event.summary,
                "Source": story.sources[event.source_id].title,
                "Quote": event.quote,
            }
            for event in story.events
        ]
    )

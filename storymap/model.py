"""The story as typed records: what the loader returns and everything else reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from storymap.dates import DateSpan


@dataclass(frozen=True)
class OtherName:
    language: str  # ISO 639 code, such as "ja"
    name: str


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    role: str
    today: str = ""
    location_note: str = ""
    other_names: tuple[OtherName, ...] = ()

    @property
    def featured(self) -> bool:
        return self.role == "featured"


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    publisher: str = ""
    url: str = ""
    published: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    place_id: str
    date: DateSpan
    title: str
    summary: str
    source_id: str
    quote: str = ""


@dataclass(frozen=True)
class Area:
    """A line or polygon drawn for a place, such as an island chain."""

    id: str
    place_id: str
    name: str
    geometry: dict  # GeoJSON geometry, longitude first


@dataclass(frozen=True)
class Story:
    """A whole data folder, checked: every reference in it resolves."""

    places: dict[str, Place]
    events: tuple[Event, ...]  # in date order
    sources: dict[str, Source]
    areas: tuple[Area, ...] = ()
    events_by_place: dict[str, tuple[Event, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, places, events, sources, areas=()) -> Story:
        ordered = tuple(sorted(events, key=lambda event: (event.date.sort_key, event.id)))
        by_place: dict[str, list[Event]] = {place_id: [] for place_id in places}
        for event in ordered:
            by_place[event.place_id].append(event)
        return cls(
            places=dict(places),
            events=ordered,
            sources=dict(sources),
            areas=tuple(areas),
            events_by_place={key: tuple(value) for key, value in by_place.items()},
        )

    def place_name(self, place_id: str) -> str:
        return self.places[place_id].name

"""A story taken out as TimelineJS or StoryMapJS JSON and imported again is the same
story: its places, its events with their dates, text, media and places, and its title
and introduction. What the other tools cannot hold is stated here, case by case."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest

from storymap.interchange import read_story_file
from storymap.interchange.storymapjs_export import storymapjs_json
from storymap.interchange.timelinejs_export import timelinejs_json
from storymap.interchange.write import ImportedStory, folder_files
from storymap.load import DEFAULT_DATA_FOLDER, load_files
from storymap.model import Event, EventMedia, Story
from storymap.panel import paragraphs
from storymap.storyfiles import (
    FolderFiles,
    MemoryFiles,
    StoryFiles,
    folder_title,
    package_title,
    story_introduction,
)
from storymap.template import TEMPLATE_TITLE, template_files
from tests.test_interchange_storymapjs import fixture

Export = Callable[[Story, str, str], dict[str, Any]]
TIMELINEJS, STORYMAPJS = "timeline.json", "storymap.json"
EXPORTS: dict[str, Export] = {TIMELINEJS: timelinejs_json, STORYMAPJS: storymapjs_json}

PlaceFace = tuple[str, float, float]  # a place as the round trip keeps it: name, lat, lon


class EventFace(NamedTuple):
    """What an event must keep through a round trip."""

    date: str  # as the data writes it: "1904-02-08", "1900~", "1904/1905"
    title: str
    summary: str
    quote: str
    status: str
    display_date: str
    media: EventMedia | None
    place: PlaceFace | None
    happened_at: PlaceFace | None
    tag: str


@dataclass(frozen=True)
class Told:
    """A story as a folder tells it: its records, its title and its introduction."""

    story: Story
    title: str
    introduction: str

    @classmethod
    def of(cls, files: StoryFiles) -> Told:
        story = load_files(files, row_limits=False)
        return cls(story, package_title(files) or "", story_introduction(files) or "")

    @property
    def places(self) -> set[PlaceFace]:
        return {place_face(self.story, place_id) for place_id in self.story.places}

    @property
    def events(self) -> list[EventFace]:
        return in_order(event_face(self.story, event) for event in self.story.events)


def in_order(faces: Iterable[EventFace]) -> list[EventFace]:
    return sorted(faces, key=lambda face: (face.date, face.title, face.summary))


def place_face(story: Story, place_id: str) -> PlaceFace:
    place = story.places[place_id]
    return (place.name, place.lat, place.lon)


def event_face(story: Story, event: Event) -> EventFace:
    return EventFace(
        date=event.date.edtf,
        title=event.title,
        summary=event.summary,
        quote=event.quote,
        status=event.status,
        display_date=event.display_date,
        media=event.media,
        place=place_face(story, event.place_id) if event.place_id else None,
        happened_at=place_face(story, event.happened_at) if event.happened_at else None,
        tag=event.tag,
    )


def exported_and_imported(told: Told, file_name: str) -> tuple[ImportedStory, Told]:
    """``told`` exported as ``file_name``'s format, read again and written as a folder:
    the import's report, and the folder it wrote, loaded."""
    document = EXPORTS[file_name](told.story, told.title, told.introduction)
    draft = read_story_file(file_name, json.dumps(document).encode("utf-8"))
    imported = folder_files(draft)
    return imported, Told.of(MemoryFiles("imported", imported.files))


def expected_events(told: Told, file_name: str) -> list[EventFace]:
    return told.events


def assert_same_story(imported: ImportedStory, back: Told, told: Told, file_name: str) -> None:
    assert imported.lines == []
    assert imported.complete
    assert back.title == told.title
    assert back.introduction == told.introduction
    assert back.places == told.places
    assert back.events == expected_events(told, file_name)


# The stories ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_story() -> Told:
    files = FolderFiles(DEFAULT_DATA_FOLDER)
    told = Told.of(files)
    return Told(told.story, folder_title(DEFAULT_DATA_FOLDER), told.introduction)


@pytest.fixture(scope="module")
def template_story() -> Told:
    return Told.of(MemoryFiles("template", template_files()))


SMALL_PLACES = """\
id,name,lat,lon,role,zoom
harbour,Harbour,38.812,121.243,featured,
yard,Naval yard,43.08,-70.739,context,12
capital,Capital,35.681,139.767,context,
"""
SMALL_SOURCES = """\
id,kind,title,publisher,url
book,reference,A Book,A Press,https://example.org/book
"""
SMALL_EVENTS = "\n".join(
    [
        "id,place_id,date,title,summary,source_id,quote,happened_at,status,display_date,"
        "media_url,media_credit,media_caption,media_alt,tag",
        "war-declared-1904,,1904-02-10,War is declared,Each side declares war on the other.,"
        "book,,,established,,,,,,Diplomacy",
        "attack-1904,harbour,1904-02-08,Attack on the harbour,Torpedo boats attack at night.,"
        "book,They came at night,,established,Night of 8–9 February 1904,"
        "https://example.org/attack.jpg,A Museum,The attack as a painter saw it,"
        "Torpedo boats in the dark,Navy",
        "lamp-1835,harbour,1835,A lamp is lit,A keeper lights a lamp.,book,,,reported,"
        "Summer 1835,https://www.youtube.com/watch?v=abc,A Channel,A film of the lamp,,",
        "old-pier-1900,harbour,1900~,An old pier,A pier is built.,book,,,disputed,,,,,,",
        "siege-1904,harbour,1904-08~/1905,The siege,A long siege.,book,,,established,,,,,,",
        "treaty-1905,harbour,1905-09-05,Treaty signed,The harbour changes hands.,book,,yard,"
        "established,,,,,,",
        "talks-1905,yard,1905-08,Talks,Talks at the yard.,book,,capital,established,,,,,,",
        "",
    ]
)


def small_files(events: str = SMALL_EVENTS) -> dict[str, bytes]:
    return {
        "places.csv": SMALL_PLACES.encode(),
        "sources.csv": SMALL_SOURCES.encode(),
        "events.csv": events.encode(),
        "datapackage.json": json.dumps({"title": "A small story"}).encode(),
        "introduction.txt": b"Two paragraphs.\n\nThe second one.",
    }


@pytest.fixture(scope="module")
def small_story() -> Told:
    return Told.of(MemoryFiles("small", small_files()))


# Round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", EXPORTS)
@pytest.mark.parametrize("name", ["default_story", "template_story", "small_story"])
def test_a_story_exported_and_imported_is_the_same_story(name, file_name, request):
    told: Told = request.getfixturevalue(name)
    imported, back = exported_and_imported(told, file_name)
    assert_same_story(imported, back, told, file_name)


def test_the_stories_hold_what_the_round_trip_checks(default_story, template_story, small_story):
    # So that the round trips above cannot pass by comparing nothing.
    events = default_story.events
    assert len(events) > 30
    # Places that are only where an event happened: Kristiania, Yalta, Shimoda…
    only_happened_at = {face.happened_at for face in events} - {face.place for face in events}
    assert ("Kristiania (Oslo)", 59.913, 10.74) in only_happened_at
    assert len(only_happened_at - {None}) >= 5
    assert template_story.title == TEMPLATE_TITLE
    assert template_story.introduction.startswith("In 1904 Japan attacked")
    faces = {face.title: face for face in small_story.events}
    assert faces["War is declared"].place is None
    assert faces["Attack on the harbour"].media == EventMedia(
        "https://example.org/attack.jpg",
        "A Museum",
        "The attack as a painter saw it",
        "Torpedo boats in the dark",
    )
    assert faces["The siege"].date == "1904-08~/1905"
    assert faces["Talks"].happened_at == ("Capital", 35.681, 139.767)


@pytest.mark.parametrize("file_name", EXPORTS)
def test_the_date_shown_in_words_comes_back_as_the_date_alone(file_name, default_story):
    # Both exports write every date in words ("8 February 1904"); none of the default
    # story's events has a display date of its own, and none comes back with one.
    _, back = exported_and_imported(default_story, file_name)
    assert {face.display_date for face in back.events} == {""}


def test_storymapjs_keeps_a_date_apart_from_the_words_it_is_shown_in(template_story):
    # StoryMapJS has a date only in words: the export writes the words, then the date
    # in brackets, and the import reads them apart again.
    document = storymapjs_json(template_story.story, template_story.title, "")
    assert "Night of 8–9 February 1904 (8 February 1904)" in [
        slide.get("date") for slide in document["storymap"]["slides"]
    ]
    _, back = exported_and_imported(template_story, STORYMAPJS)
    attack = next(face for face in back.events if face.title.startswith("Japanese surprise"))
    assert (attack.date, attack.display_date) == ("1904-02-08", "Night of 8–9 February 1904")
    _, back = exported_and_imported(template_story, TIMELINEJS)
    attack = next(face for face in back.events if face.title.startswith("Japanese surprise"))
    assert attack.date == "1904-02-08"


@pytest.mark.parametrize("file_name", EXPORTS)
def test_runs_of_spaces_and_line_breaks_in_a_summary_come_back_as_one_space(file_name):
    # What neither tool can hold: the tools show text as HTML, where a run of spaces or
    # a line break is one space (as the panel shows a summary too).
    events = SMALL_EVENTS.replace(
        "Torpedo boats attack at night.", '"Torpedo  boats attack\nat night."'
    )
    told = Told.of(MemoryFiles("small", small_files(events)))
    summaries = {face.title: face.summary for face in told.events}
    assert summaries["Attack on the harbour"] == "Torpedo  boats attack\nat night."
    _, back = exported_and_imported(told, file_name)
    summaries = {face.title: face.summary for face in back.events}
    assert summaries["Attack on the harbour"] == "Torpedo boats attack at night."


# StoryMapJS → folder → StoryMapJS → folder ---------------------------------------------

STORYMAPJS_STORY = {
    "storymap": {
        "slides": [
            {
                "type": "overview",
                "text": {"headline": "A coast", "text": "<p>Harbours.</p><p>And lights.</p>"},
            },
            {
                "date": "c. 1900",
                "location": {"lat": 43.0621, "lon": 141.3544, "name": "Sapporo", "zoom": 9},
                "text": {"headline": "Sapporo grows", "text": "<p>The city doubles.</p>"},
            },
            {
                "date": "Summer 1892",
                "location": {"lat": 43.1907, "lon": 140.9947, "name": "Otaru"},
                "text": {
                    "headline": "First lamp lit (reported)",
                    "text": "<p>A lamp.</p><blockquote>It shone</blockquote>"
                    '<p><cite>A diary <a href="https://example.org/d">https://example.org/d</a>'
                    "</cite></p>",
                },
                "media": {
                    "url": "https://example.org/lamp.jpg",
                    "credit": "A <b>museum</b>",
                    "caption": "The lamp",
                    "alt": "A lamp on a pier",
                },
            },
            {
                "date": "1905-05-27",
                "text": {"headline": "News of Tsushima", "text": "<p>Word comes.</p>"},
            },
            {
                "date": "1 August 1904 – 2 January 1905",
                "location": {"lat": 43.1907, "lon": 140.9947, "name": "Otaru"},
                "happened_at": {"lat": 43.0621, "lon": 141.3544, "name": "Sapporo"},
                "text": {"headline": "Orders from Sapporo", "text": "<p>Orders.</p>"},
            },
            {
                "date": "1910",
                "location": {"lat": 43.2, "lon": 141.0},
                "text": {"headline": "A new breakwater", "text": "<p>North of the pier.</p>"},
            },
        ]
    }
}


def imported_storymapjs(name: str, document: dict) -> tuple[ImportedStory, Told]:
    imported = folder_files(read_story_file(name, json.dumps(document).encode("utf-8")))
    return imported, Told.of(MemoryFiles("imported", imported.files))


def as_html_shows_it(face: EventFace) -> EventFace:
    """The event with its summary's runs of spaces and line breaks as one space."""
    return face._replace(summary=" ".join(face.summary.split()))


def places_with_events(told: Told) -> set[tuple[str, float, float, int | None]]:
    """The places events are at or happened at, with their zoom (StoryMapJS's too). A
    place with no event is not in StoryMapJS's file: it has no slide to be on."""
    used = {event.place_id for event in told.story.events} | {
        event.happened_at for event in told.story.events
    }
    places = [told.story.places[place_id] for place_id in used if place_id]
    return {(place.name, place.lat, place.lon, place.zoom) for place in places}


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("coast.json", STORYMAPJS_STORY),
        ("storymapjs-basic.json", fixture("storymapjs-basic.json")),
        ("storymapjs-messy.json", fixture("storymapjs-messy.json")),
    ],
)
def test_a_storymapjs_story_imported_exported_and_imported_again_is_the_same(name, document):
    _, first = imported_storymapjs(name, document)
    again = storymapjs_json(first.story, first.title, first.introduction)
    imported, second = imported_storymapjs(name, again)
    assert imported.lines == []
    assert second.title == first.title
    # A line break inside a paragraph of the introduction (a <br>, a list's items) is
    # kept by the first import, and is a space where the introduction is shown as HTML:
    # in the panel, and in the export. Its paragraphs are the same.
    assert paragraphs(second.introduction) == paragraphs(first.introduction)
    # So is a line break in a summary (the list of a slide's text): the panel shows it
    # as a space, and the export writes it so.
    assert second.events == [as_html_shows_it(face) for face in first.events]
    assert places_with_events(second) == places_with_events(first)
    assert len(first.events) >= 4

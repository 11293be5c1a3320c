"""An event's tag: a theme such as TimelineJS's group, read, shown, written and exported."""

from __future__ import annotations

import dataclasses

import pytest

from storymap import schema
from storymap.interchange.draft import STORYMAPJS, DraftEvent, DraftPlace, StoryDraft
from storymap.interchange.timelinejs_export import timelinejs_json
from storymap.interchange.write import folder_files
from storymap.load import load_files
from storymap.panel import event_html, tag_html
from storymap.storyfiles import MemoryFiles

HARBOUR = DraftPlace("Harbour", 38.8, 121.2)


def imported(*events: DraftEvent):
    draft = StoryDraft(source_name="s.json", format=STORYMAPJS, title="T", events=list(events))
    written = folder_files(draft)
    return written, load_files(MemoryFiles("s", written.files))


def event(group: str, place: DraftPlace | None = HARBOUR) -> DraftEvent:
    return DraftEvent(row=2, title="Talks", summary="Talks.", date="1905", place=place, group=group)


@pytest.mark.parametrize(
    ("group", "place", "tag"),
    [
        ("Diplomacy", HARBOUR, "Diplomacy"),  # a theme
        ("Diplomacy", None, "Diplomacy"),
        ("Harbour", HARBOUR, ""),  # the group named the place: the place says it
        ("", HARBOUR, ""),
        ("  Navy \n ", HARBOUR, "Navy"),
    ],
)
def test_a_group_that_is_not_its_place_becomes_the_events_tag(group, place, tag):
    _, story = imported(event(group, place))
    assert [e.tag for e in story.events] == [tag]


def test_a_long_group_is_cut_to_a_tags_length_and_said():
    written, story = imported(event("Theme " * 20))
    assert len(story.events[0].tag) == schema.TAG_MAX_LENGTH
    assert written.lines == [
        f"s.json:2: group: the group is cut to {schema.TAG_MAX_LENGTH} characters, the most "
        "a tag may be"
    ]


def test_the_panel_shows_the_tag_after_the_date_as_text():
    _, story = imported(event("<b>Diplomacy</b>"))
    (talks,) = story.events
    assert tag_html(talks) == ' · <span class="event-tag">&lt;b&gt;Diplomacy&lt;/b&gt;</span>'
    assert tag_html(dataclasses.replace(talks, tag="")) == ""
    assert '1905</time> · <span class="event-tag">' in event_html(story, talks)


def test_timelinejs_groups_an_event_by_its_tag_else_its_place():
    _, story = imported(event("Diplomacy"), event("", HARBOUR))
    groups = [item["group"] for item in timelinejs_json(story, "T", "")["events"]]
    assert sorted(groups) == ["Diplomacy", "Harbour"]

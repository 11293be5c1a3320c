"""Drafts written as story folders: ids, places, sources, values, and the folder loads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from storymap.csvfile import MAX_CELL_CHARACTERS
from storymap.interchange import read_story_file
from storymap.interchange.draft import (
    STORYMAPJS,
    DraftEra,
    DraftEvent,
    DraftMedia,
    DraftPlace,
    StoryDraft,
)
from storymap.interchange.write import UniqueIds, folder_files, slug
from storymap.load import load_files, load_story
from storymap.schema import SLUG_PATTERN
from storymap.storyfiles import MAX_INTRODUCTION_BYTES, MemoryFiles
from storymap.style import ERA_PALETTE
from tests.conftest import PROJECT_ROOT
from tests.test_eras import DARK_BACKGROUND, LIGHT_BACKGROUND, contrast

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "interchange"
PORT_ARTHUR = DraftPlace("Port Arthur", 38.812, 121.243)


def event(row=1, title="Siege", date="1904", place=PORT_ARTHUR, **fields) -> DraftEvent:
    summary = fields.pop("summary", "Text.")
    return DraftEvent(row=row, title=title, summary=summary, date=date, place=place, **fields)


def draft(*events: DraftEvent, **fields) -> StoryDraft:
    return StoryDraft(
        source_name="story.json",
        format=STORYMAPJS,
        title=fields.pop("title", "A story"),
        events=list(events),
        **fields,
    )


def rows(imported, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(imported.files[name].decode("utf-8"))))


def loads(imported) -> None:
    load_files(MemoryFiles("imported", imported.files), row_limits=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Port Arthur", "port-arthur"),
        ("Lüshunkou District", "lushunkou-district"),
        ("Siege of Port Arthur (1904)", "siege-of-port-arthur-1904"),
        ("O'Brien's  --  house", "o-brien-s-house"),
        ("  ...  ", "place"),
        ("Порт-Артур", "place"),
        ("旅順", "place"),
        ("Œuvre ﬁnale", "uvre-finale"),
        ("word " * 30, "-".join(["word"] * 12)),
        ("a" * 80, "a" * 60),
    ],
)
def test_slug(text, expected):
    assert slug(text, "place") == expected
    assert re.fullmatch(SLUG_PATTERN, expected)
    assert len(expected) <= 60


def test_ids_are_unique_and_the_same_each_time():
    story = draft(
        event(1, "Siege", "1904"),
        event(2, "Siege", "1904", place=DraftPlace("Port Arthur", 10, 10)),
        event(3, "Siege", "1905"),
        event(4, "Порт-Артур", "1904"),
    )
    imported = folder_files(story)
    assert [row["id"] for row in rows(imported, "events.csv")] == [
        "siege-1904",
        "siege-1904-2",
        "siege-1905",
        "event-1904",
    ]
    assert [row["id"] for row in rows(imported, "places.csv")] == ["port-arthur", "port-arthur-2"]
    assert folder_files(story).files == imported.files
    loads(imported)


def test_a_repeated_name_skips_the_ids_other_names_took():
    names = ["Port Arthur", "Port Arthur 2", "Port Arthur", "Port Arthur", "Port Arthur 3"]
    story = draft(
        *(event(n, place=DraftPlace(name, 38 + n / 10, 121)) for n, name in enumerate(names))
    )
    assert [row["id"] for row in rows(folder_files(story), "places.csv")] == [
        "port-arthur",
        "port-arthur-2",
        "port-arthur-3",
        "port-arthur-4",
        "port-arthur-3-2",
    ]


def test_thousands_of_events_of_one_title_get_numbered_ids():
    story = draft(*(event(n, title="a", date="1900") for n in range(1, 2_001)))
    ids = [row["id"] for row in rows(folder_files(story), "events.csv")]
    assert ids[:3] == ["a-1900", "a-1900-2", "a-1900-3"]
    assert ids[-1] == "a-1900-2000"
    assert len(set(ids)) == 2_000


def test_a_new_id_costs_one_look_however_often_its_name_repeats():
    # Tried from -2 up each time, 100,000 ids of one name take some 5 billion looks
    # (many minutes); counted on from the last, 100,000 (a fraction of a second).
    ids = UniqueIds()
    made = [ids.new("a", "event") for _ in range(100_000)]
    assert made[:2] == ["a", "a-2"]
    assert made[-1] == "a-100000"
    assert len(ids.taken) == 100_000


def test_one_place_for_each_point():
    story = draft(
        event(1, place=DraftPlace("Port Arthur", 38.8120001, 121.243, zoom=11, row=1)),
        event(2, place=DraftPlace("", 38.812, 121.243, row=2)),
        event(3, place=DraftPlace("Ryojun", 38.812, 121.243, row=3)),
        event(4, place=DraftPlace("Dalny", 38.914, 121.614, row=4)),
        places=[DraftPlace("Harbin", 45.75, 126.65, row=9)],
    )
    imported = folder_files(story)
    assert [(r["id"], r["name"], r["role"], r["zoom"]) for r in rows(imported, "places.csv")] == [
        ("port-arthur", "Port Arthur", "featured", "11"),
        ("dalny", "Dalny", "featured", ""),
        ("harbin", "Harbin", "context", ""),
    ]
    assert [r["place_id"] for r in rows(imported, "events.csv")] == [
        "port-arthur",
        "port-arthur",
        "port-arthur",
        "dalny",
    ]
    assert imported.lines == [
        "story.json:3: place: 'Ryojun' is at the same point as 'Port Arthur'; they are one "
        "place, named 'Port Arthur'"
    ]
    assert (imported.places, imported.events, imported.complete) == (3, 4, False)
    loads(imported)


@pytest.mark.parametrize(
    ("point", "name"),
    [
        ((38.85, 121.3), "near Port Arthur"),  # some 6 km away
        ((38.9, 121.6), "near Dalny"),  # the nearer of two
        ((39.2, 121.243), "near Port Arthur"),  # 43 km north
        ((39.3, 121.243), "39.30° N, 121.24° E"),  # 54 km north: too far
        ((-33.8688, 151.2093), "33.87° S, 151.21° E"),
    ],
)
def test_a_place_with_no_name_is_named_and_the_naming_said(point, name):
    story = draft(
        event(1),
        event(2, place=DraftPlace("Dalny", 38.914, 121.614)),
        event(3, place=DraftPlace("", *point, row=3)),
    )
    imported = folder_files(story)
    unnamed = rows(imported, "places.csv")[-1]
    assert unnamed["name"] == name
    assert unnamed["location_note"] == "The original file gives no name for this point."
    lat, lon = point
    coordinates = f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {lon:.2f}° E"
    assert imported.lines == [
        f"story.json:3: place: the place at {coordinates} has no name; it is named '{name}'"
    ]
    loads(imported)


@pytest.mark.parametrize(
    ("title", "written", "status"),
    [
        ("Siege", "Siege", ""),
        ("Siege (reported)", "Siege", "reported"),
        ("Siege (disputed)", "Siege", "disputed"),
        ("Siege (Reported)", "Siege", "reported"),
        ("Siege  (disputed)", "Siege", "disputed"),
        ("Siege (rumoured)", "Siege (rumoured)", ""),
        ("Siege (reported) later", "Siege (reported) later", ""),
        ("(reported)", "(reported)", ""),
    ],
)
def test_the_status_is_read_from_the_headline(title, written, status):
    (row,) = rows(folder_files(draft(event(title=title))), "events.csv")
    assert (row["title"], row["status"]) == (written, status)


def test_sources_the_files_own_and_one_for_each_cite():
    wiki = ("Treaty of Portsmouth, Wikipedia", "https://en.wikipedia.org/wiki/Treaty")
    story = draft(
        event(1, source=wiki),
        event(2),
        event(3, source=wiki),
        event(4, source=("A diary", None)),
        event(5, source=("A letter", "mailto:me@example.org")),
        event(6, source=("", "https://example.org/untitled")),
    )
    imported = folder_files(story)
    untitled = "https://example.org/untitled"
    assert [tuple(row.values()) for row in rows(imported, "sources.csv")] == [
        ("a-story-storymapjs", "reference", "A story, imported from story.json", ""),
        ("treaty-of-portsmouth-wikipedia", "reference", *wiki),
        ("a-diary", "reference", "A diary", ""),
        ("a-letter", "reference", "A letter", ""),
        ("https-example-org-untitled", "reference", untitled, untitled),
    ]
    assert [row["source_id"] for row in rows(imported, "events.csv")] == [
        "treaty-of-portsmouth-wikipedia",
        "a-story-storymapjs",
        "treaty-of-portsmouth-wikipedia",
        "a-diary",
        "a-letter",
        "https-example-org-untitled",
    ]
    assert imported.lines == [
        "story.json:5: source: 'mailto:me@example.org' is not an http or https address; the "
        "source is kept without it"
    ]
    assert imported.sources == 5
    loads(imported)


def test_the_story_title_falls_back_to_the_files_name_and_is_cut():
    untitled = folder_files(draft(event(), title=""))
    assert json.loads(untitled.files["datapackage.json"])["title"] == "story"
    assert rows(untitled, "sources.csv")[0]["title"] == "story, imported from story.json"
    long = folder_files(draft(event(), title="Long " * 40))
    title = json.loads(long.files["datapackage.json"])["title"]
    assert len(title) == 120 and title.endswith("…")
    assert long.lines == ["story.json:-: title: the title is cut to 120 characters"]


def test_the_introduction():
    imported = folder_files(draft(event(), introduction="One.\r\n\r\nTwo\x07 \ud800three."))
    assert imported.files["introduction.txt"] == b"One.\n\nTwo three."
    assert "introduction.txt" not in folder_files(draft(event(), introduction="  ")).files
    long = folder_files(draft(event(), introduction="word " * 5000))
    text = long.files["introduction.txt"]
    assert len(text) <= MAX_INTRODUCTION_BYTES
    assert text.decode().endswith("word…")
    assert long.lines == [
        "story.json:-: introduction: the introduction is cut to 10,240 bytes, the most a "
        "story's introduction may be"
    ]
    loads(long)


def test_values_are_cut_to_the_cells_limit_and_cleaned():
    story = draft(
        event(1, title="Tab\tand\x00null\ud800", summary="x" * (MAX_CELL_CHARACTERS + 5)),
        event(2, summary="Line one\n\nline two\x1b"),
    )
    imported = folder_files(story)
    first, second = rows(imported, "events.csv")
    assert first["title"] == "Tab andnull"
    assert len(first["summary"]) == MAX_CELL_CHARACTERS and first["summary"].endswith("…")
    assert second["summary"] == "Line one\n\nline two"
    assert imported.lines == ["story.json:1: summary: the text is cut to 100,000 characters"]
    loads(imported)


def test_an_event_with_no_text_or_title():
    imported = folder_files(draft(event(3, title=" ", summary="")))
    (row,) = rows(imported, "events.csv")
    assert (row["title"], row["summary"]) == ("Event 3", "Event 3")
    assert imported.lines == [
        "story.json:3: summary: the event has no text; its title is its summary"
    ]


def test_an_event_whose_date_the_format_cannot_hold_is_left_out_and_its_place_kept():
    imported = folder_files(
        draft(event(1), event(2, date="1904-02-30", place=DraftPlace("Dalny", 38.9, 121.6)))
    )
    assert [row["id"] for row in rows(imported, "events.csv")] == ["siege-1904"]
    assert [(row["name"], row["role"]) for row in rows(imported, "places.csv")] == [
        ("Port Arthur", "featured"),
        ("Dalny", "context"),
    ]
    assert imported.lines == [
        "story.json:2: date: '1904-02-30' is not a real calendar date; the event is left out"
    ]


def test_columns_for_media_and_shown_dates_only_when_an_event_has_them():
    plain = folder_files(draft(event()))
    header = plain.files["events.csv"].decode().splitlines()[0]
    assert header == "id,place_id,date,title,summary,source_id,quote,status"
    shown = folder_files(draft(event(display_date="Summer 1904")))
    assert rows(shown, "events.csv")[0]["display_date"] == "Summer 1904"
    media = DraftMedia("https://example.org/a.jpg", credit="Me", caption="C", alt="A")
    imported = folder_files(draft(event(1, media=media), event(2)))
    first, second = rows(imported, "events.csv")
    assert [first[c] for c in ("media_url", "media_credit", "media_caption", "media_alt")] == [
        "https://example.org/a.jpg",
        "Me",
        "C",
        "A",
    ]
    assert second["media_url"] == ""
    assert imported.media == 1


@pytest.mark.parametrize(
    "url",
    [
        "<iframe src='https://example.org'></iframe>",
        "javascript:alert(1)",
        "images/a.jpg",
        "https://exa mple.org",
    ],
)
def test_media_that_is_not_a_web_address_is_left_out(url):
    imported = folder_files(draft(event(2, media=DraftMedia(url))))
    assert "media_url" not in rows(imported, "events.csv")[0]
    assert imported.media == 0
    assert len(imported.lines) == 1
    assert imported.lines[0].startswith("story.json:2: media: '")
    assert imported.lines[0].endswith("' is not an http or https address; the media is left out")


def test_an_event_without_a_place_has_an_empty_place_id():
    imported = folder_files(draft(event(1), event(2, place=None)))
    assert [row["place_id"] for row in rows(imported, "events.csv")] == ["port-arthur", ""]


def test_eras_get_the_palettes_colours():
    eras = [DraftEra(f"Era {n}", 1900 + n, 1900 + n) for n in range(7)]
    eras.append(DraftEra("Backwards", 1950, 1940))
    eras.append(DraftEra("", 1960, None))
    imported = folder_files(draft(event(), eras=eras))
    written = rows(imported, "eras.csv")
    assert [row["colour"] for row in written] == [*ERA_PALETTE, *ERA_PALETTE[:3]]
    assert tuple(written[-1].values()) == ("era-9", "Era 9", "1960", "", ERA_PALETTE[2])
    assert imported.lines == [
        "story.json:-: eras: the era 'Backwards' ends before it starts; left out"
    ]
    assert "eras.csv" not in folder_files(draft(event())).files
    loads(imported)


@pytest.mark.parametrize("background", [LIGHT_BACKGROUND, DARK_BACKGROUND])
def test_the_era_palette_reads_on_both_themes(background):
    assert len(set(ERA_PALETTE)) == len(ERA_PALETTE)
    for colour in ERA_PALETTE:
        assert contrast(colour, background) >= 3, colour


def test_lines_are_in_the_files_order():
    story = draft(event(5, place=DraftPlace("", 1, 1, row=5)), event(2, summary=""))
    story.leave_out(4, "date", "a line from the reader")
    story.leave_out(None, "storymap", "a line about the whole file")
    lines = folder_files(story).lines
    assert [line.split(": ")[0] for line in lines] == [
        "story.json:-",
        "story.json:2",
        "story.json:4",
        "story.json:5",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "points.geojson",
        "storymapjs-basic.json",
        "storymapjs-messy.json",
        "timelinejs-basic.json",
        "timelinejs-messy.json",
        "timeline-sheet.csv",
    ],
)
def test_every_fixture_becomes_a_folder_that_loads(name, tmp_path):
    imported = folder_files(read_story_file(name, (FIXTURES / name).read_bytes()))
    for filename, data in imported.files.items():
        (tmp_path / filename).write_bytes(data)
    story = load_story(tmp_path)
    assert len(story.places) == imported.places
    assert len(story.events) == imported.events
    assert len(story.sources) == imported.sources


def test_the_basic_fixtures_files():
    name = "storymapjs-basic.json"
    imported = folder_files(read_story_file(name, (FIXTURES / name).read_bytes()))
    assert (imported.places, imported.events, imported.sources, imported.media) == (3, 4, 2, 1)
    assert imported.complete
    events = rows(imported, "events.csv")
    own, wiki = "the-kanrin-maru-crosses-the-pacific-storymapjs", "kanrin-maru-wikipedia"
    assert [(e["id"], e["place_id"], e["date"], e["source_id"]) for e in events] == [
        ("departure-from-uraga-1860", "uraga", "1860-02-10", wiki),
        ("arrival-at-san-francisco-1860", "san-francisco", "1860-03-17", own),
        ("repairs-at-mare-island-1860", "san-francisco", "1860-03", wiki),
        ("a-stop-at-honolulu-1860", "honolulu", "1860-05", own),
    ]
    assert events[2]["quote"] == "The ship was put in order at the navy yard."
    assert events[1]["media_credit"] == "Drawing by a crew member (https://example.org/artist)"
    assert imported.files["introduction.txt"].decode().endswith("Four stops on the way.")


def test_the_messy_fixtures_files():
    name = "storymapjs-messy.json"
    imported = folder_files(read_story_file(name, (FIXTURES / name).read_bytes()))
    places = rows(imported, "places.csv")
    assert [(p["name"], p["role"], p["zoom"]) for p in places] == [
        ("Sapporo", "featured", "9"),
        ("near Otaru", "featured", ""),
        ("Otaru", "featured", ""),
        ("An old shell mound", "context", ""),
    ]
    events = rows(imported, "events.csv")
    assert [(e["id"], e["place_id"], e["status"], e["display_date"]) for e in events] == [
        ("sapporo-grows-1900", "sapporo", "", ""),
        ("a-new-breakwater-1904", "near-otaru", "", ""),
        ("news-of-tsushima-1905", "", "", ""),
        ("a-lost-place-1910", "", "", ""),
        ("first-lamp-lit-1892", "otaru", "reported", "Summer 1892"),
    ]
    assert imported.lines[3:] == [
        f"{name}:6: place: the place at 43.20° N, 141.00° E has no name; it is named 'near Otaru'",
        f"{name}:8: location: the latitude 'abc' is not a number; the slide's event has no place",
        f"{name}:9: media: '<iframe src=\"https://example.org/video\"></iframe>' is not an "
        "http or https address; the media is left out",
    ]
    assert not imported.complete


@pytest.mark.parametrize(
    ("media", "alt", "says"),
    [
        (DraftMedia("https://example.org/a.jpg", alt="Ships"), "Ships", False),
        (DraftMedia("https://example.org/a.jpg", caption="The fleet"), "The fleet", True),
        (DraftMedia("https://example.org/a.png"), "Picture: Siege", True),
        (DraftMedia("https://www.youtube.com/watch?v=x"), "", False),  # not an image
    ],
)
def test_an_image_without_a_description_gets_one_from_its_caption_or_title(media, alt, says):
    imported = folder_files(draft(event(3, media=media)))
    assert rows(imported, "events.csv")[0]["media_alt"] == alt
    lines = [line for line in imported.lines if ":3: media_alt:" in line]
    assert bool(lines) is says
    loads(imported)  # the format requires a description for every image


PORTSMOUTH = DraftPlace("Portsmouth", 43.08, -70.739)


def test_where_an_event_happened_is_a_place_and_its_happened_at():
    imported = folder_files(
        draft(
            event(1, title="Lease passes to Japan", date="1905-09-05", happened_at=PORTSMOUTH),
            # The same point again, and an event's own place: one place, featured.
            event(2, title="Treaty of Peking", date="1905-12-22", happened_at=PORTSMOUTH),
            event(3, title="Conference opens", date="1905-08-09", place=PORTSMOUTH),
            event(4, title="Siege", date="1904"),
        )
    )
    assert [(row["id"], row["name"], row["role"]) for row in rows(imported, "places.csv")] == [
        ("port-arthur", "Port Arthur", "featured"),
        ("portsmouth", "Portsmouth", "featured"),
    ]
    assert [(row["place_id"], row["happened_at"]) for row in rows(imported, "events.csv")] == [
        ("port-arthur", "portsmouth"),
        ("port-arthur", "portsmouth"),
        ("portsmouth", ""),
        ("port-arthur", ""),
    ]
    header = imported.files["events.csv"].decode().splitlines()[0]
    assert header == "id,place_id,date,title,summary,source_id,quote,happened_at,status"
    assert imported.lines == []
    story = load_files(MemoryFiles("imported", imported.files))
    assert [event.id for event in story.events_happened_at["portsmouth"]] == [
        "lease-passes-to-japan-1905",
        "treaty-of-peking-1905",
    ]


def test_a_place_only_happened_at_is_context():
    imported = folder_files(draft(event(1, happened_at=DraftPlace("", 43.08, -70.739))))
    assert [(row["name"], row["role"]) for row in rows(imported, "places.csv")] == [
        ("Port Arthur", "featured"),
        ("43.08° N, 70.74° W", "context"),
    ]
    assert rows(imported, "events.csv")[0]["happened_at"] == "43-08-n-70-74-w"
    assert imported.lines == [
        "story.json:1: place: the place at 43.08° N, 70.74° W has no name; "
        "it is named '43.08° N, 70.74° W'"
    ]
    loads(imported)


def test_an_event_without_a_place_keeps_no_happened_at_and_says_so():
    imported = folder_files(draft(event(2, place=None, happened_at=PORTSMOUTH)))
    assert "happened_at" not in rows(imported, "events.csv")[0]
    assert [(row["name"], row["role"]) for row in rows(imported, "places.csv")] == [
        ("Portsmouth", "context")
    ]
    assert imported.lines == [
        "story.json:2: happened_at: the event has no place, so where it happened "
        "('Portsmouth') is left out: only an event at a place may say it happened "
        "elsewhere; 'Portsmouth' is kept as a place"
    ]
    loads(imported)

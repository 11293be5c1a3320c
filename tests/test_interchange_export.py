"""The story as TimelineJS and StoryMapJS JSON: the documents, the command line, and the
Sources page's downloads."""

from __future__ import annotations

import json
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import pytest
import streamlit

from storymap.dates import parse_span
from storymap.interchange.storymapjs_export import storymapjs_json
from storymap.interchange.timelinejs_export import timelinejs_json
from storymap.load import load_files
from storymap.model import Era, Event, EventMedia, Place, Source, Story
from storymap.storyfiles import MemoryFiles
from storymap.template import TEMPLATE_INTRODUCTION, TEMPLATE_TITLE, template_files, template_zip
from tests.conftest import replace_in_file
from tests.test_export import run_export
from tests.test_pages import run_page
from tests.test_upload_page import upload, upload_page

EXPORTS = {"timelinejs": timelinejs_json, "storymapjs": storymapjs_json}


@pytest.fixture(scope="module")
def template_story() -> Story:
    return load_files(MemoryFiles("template", template_files()))


def timeline_events(story: Story) -> dict[str, dict[str, Any]]:
    """The TimelineJS events of ``story``, by their ids."""
    return {item["unique_id"]: item for item in timelinejs_json(story, "T", "")["events"]}


def story_slides(story: Story) -> list[dict[str, Any]]:
    """The StoryMapJS slides of ``story``, the overview first."""
    return storymapjs_json(story, "T", "")["storymap"]["slides"]


# A small story made in the test, with one event a case


PLACE = Place("harbour", "Harbour", 38.8, 121.2, "featured")
SOURCE = Source("book", "reference", "A Book", "A Press", "https://example.org/book")


def event(identifier: str, date: str = "1904-02-08", **fields: Any) -> Event:
    values = {"place_id": "harbour", "title": "Title", "summary": "Summary", "source_id": "book"}
    return Event(id=identifier, date=parse_span(date), **{**values, **fields})


def small_story(*events: Event, sources: tuple[Source, ...] = (SOURCE,)) -> Story:
    return Story.build({PLACE.id: PLACE}, events, {source.id: source for source in sources})


@pytest.mark.parametrize(
    ("date", "start", "end", "shown"),
    [
        ("1904-02-08", {"year": 1904, "month": 2, "day": 8}, None, "8 February 1904"),
        ("1945-08", {"year": 1945, "month": 8}, None, "August 1945"),
        ("1905", {"year": 1905}, None, "1905"),
        ("1900~", {"year": 1900}, None, "c. 1900"),
        ("1904-08~", {"year": 1904, "month": 8}, None, "c. August 1904"),
        ("1947/1949", {"year": 1947}, {"year": 1949}, "1947–1949"),
        (
            "1904-08-01/1905-01-02",
            {"year": 1904, "month": 8, "day": 1},
            {"year": 1905, "month": 1, "day": 2},
            "1 August 1904 – 2 January 1905",
        ),
        (
            "1945-08-14/1955-05",
            {"year": 1945, "month": 8, "day": 14},
            {"year": 1955, "month": 5},
            "14 August 1945 – May 1955",
        ),
        ("1900~/1910", {"year": 1900}, {"year": 1910}, "c. 1900 – 1910"),
    ],
)
def test_a_date_keeps_its_precision_and_is_shown_in_words(date, start, end, shown):
    story = small_story(event("one", date))
    item = timeline_events(story)["one"]
    assert item["start_date"] == start
    assert item.get("end_date") == end
    assert item["display_date"] == shown
    assert story_slides(story)[1]["date"] == shown


@pytest.mark.parametrize("fixture", ["story", "template_story"])
@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_every_event_is_exported_once_in_date_order(fixture, export, request):
    story: Story = request.getfixturevalue(fixture)
    document = EXPORTS[export](story, "Title", "")
    if export == "timelinejs":
        items = document["events"]
        assert [item["unique_id"] for item in items] == [event.id for event in story.events]
        assert [item["display_date"] for item in items] == [
            escape(e.shown_date) for e in story.events
        ]
    else:
        slides = document["storymap"]["slides"][1:]
        assert [slide["date"] for slide in slides] == [escape(e.date_label) for e in story.events]
        assert [slide["text"]["headline"] for slide in slides] == [
            escape(e.titled) for e in story.events
        ]
    keys = [event.date.sort_key for event in story.events]
    assert keys == sorted(keys) and len(story.events) > 2


def test_the_default_storys_dates_keep_their_precision(story):
    items = timeline_events(story)
    assert items["port-arthur-attack-1904"]["start_date"] == {"year": 1904, "month": 2, "day": 8}
    assert items["moscow-fsb-declassification-2021"]["start_date"] == {"year": 2021, "month": 8}
    assert items["moscow-fsb-declassification-2021"]["display_date"] == "August 2021"
    expulsion = items["kuril-islands-expulsion-1947"]
    assert (expulsion["start_date"], expulsion["end_date"]) == ({"year": 1947}, {"year": 1949})
    assert "end_date" not in items["port-arthur-attack-1904"]


def test_the_text_is_the_summary_the_quote_and_the_cited_source(template_story):
    items = timeline_events(template_story)
    assert items["portsmouth-treaty-signed-1905"]["text"]["text"] == (
        "<p>The treaty ends the Russo-Japanese War, with U.S. President Theodore Roosevelt "
        "as mediator.</p><p><cite>Treaty of Portsmouth, Wikipedia "
        '<a href="https://en.wikipedia.org/wiki/Treaty_of_Portsmouth">'
        "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth</a></cite></p>"
    )
    # A source with no address and no publisher: its title alone, no link.
    assert items["port-arthur-attack-1904"]["text"]["text"] == (
        "<p>Japan attacks the Russian fleet at Port Arthur, beginning the Russo-Japanese "
        "War.</p><blockquote>On February 8, 1904, Japan launched a surprise attack on Port "
        "Arthur</blockquote><p><cite>Russia and Japan Have Fought Before, and It Was Won "
        "Decisively</cite></p>"
    )
    slides = {slide["text"]["headline"]: slide for slide in story_slides(template_story)[1:]}
    treaty = items["portsmouth-treaty-signed-1905"]["text"]
    assert slides["Treaty of Portsmouth signed"]["text"] == treaty


def test_the_source_of_details_is_cited_after_the_main_source(story):
    text = timeline_events(story)["port-arthur-triple-intervention-1895"]["text"]["text"]
    main = story.sources["wp-triple-intervention"]
    details = story.sources["japan-by-the-japanese-1904"]
    assert text.count("<cite>") == 1
    assert f"{escape(main.title)}, {escape(main.publisher)} " in text
    assert f"</a>; {escape(details.title)}" in text
    assert f'<a href="{main.url}">' in text


def test_a_reported_event_says_so_in_its_headline(story):
    reported = story.events_by_id["kuril-islands-planned-conflict-2021"]
    item = timeline_events(story)["kuril-islands-planned-conflict-2021"]
    assert item["text"]["headline"] == f"{escape(reported.title)} (reported)"


def test_hostile_text_comes_out_escaped():
    hostile = Source("bad", "reference", "<i>Book</i>", "A & B", "javascript:alert(1)")
    story = small_story(
        event(
            "bad",
            title="<img src=x onerror=alert(1)>",
            summary="<script>alert(1)</script>",
            quote='"</blockquote><script>',
            source_id="bad",
        ),
        sources=(hostile,),
    )
    for document in (timelinejs_json(story, "<b>T</b>", "<p>"), storymapjs_json(story, "T", "")):
        text = json.dumps(document)
        assert "<script>" not in text and "<img" not in text and "<i>" not in text
        assert "javascript:" not in text  # a link that is not http(s) is left out
    html = timeline_events(story)["bad"]["text"]
    assert html["headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert html["text"] == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<blockquote>&quot;&lt;/blockquote&gt;&lt;script&gt;</blockquote>"
        "<p><cite>&lt;i&gt;Book&lt;/i&gt;, A &amp; B</cite></p>"
    )
    title = timelinejs_json(story, "<b>T</b>", "<p>")["title"]["text"]
    assert title == {"headline": "&lt;b&gt;T&lt;/b&gt;", "text": "<p>&lt;p&gt;</p>"}


def test_a_slide_goes_to_its_place_at_its_zoom(template_story):
    slides = story_slides(template_story)
    by_headline = {slide["text"]["headline"]: slide for slide in slides[1:]}
    assert by_headline["Treaty of Portsmouth signed"]["location"] == {
        "lat": 43.08,
        "lon": -70.739,
        "name": "Portsmouth",
        "zoom": 12,
        "line": True,
    }
    # Without a zoom of its own, StoryMapJS works one out.
    assert by_headline["Japanese surprise attack on Port Arthur"]["location"] == {
        "lat": 38.812,
        "lon": 121.243,
        "name": "Port Arthur",
        "line": True,
    }
    item = timeline_events(template_story)["portsmouth-treaty-signed-1905"]
    assert item["location"] == {"name": "Portsmouth", "lat": 43.08, "lon": -70.739}
    assert item["group"] == "Portsmouth"


def test_where_an_event_happened_goes_with_it_when_not_at_its_place(template_story):
    happened = "port-arthur-lease-to-japan-1905"  # belongs to Port Arthur, signed at Portsmouth
    slides = {slide["text"]["headline"]: slide for slide in story_slides(template_story)[1:]}
    assert slides["Port Arthur lease passes to Japan"]["happened_at"] == {
        "lat": 43.08,
        "lon": -70.739,
        "name": "Portsmouth",
        "zoom": 12,
    }
    items = timeline_events(template_story)
    assert items[happened]["happened_at"] == {"name": "Portsmouth", "lat": 43.08, "lon": -70.739}
    assert items[happened]["location"]["name"] == "Port Arthur"
    others = [item for key, item in items.items() if key != happened]
    others += [slide for key, slide in slides.items() if key != "Port Arthur lease passes to Japan"]
    assert others and all("happened_at" not in item for item in others)


def test_an_event_that_happened_at_its_own_place_has_no_happened_at():
    story = small_story(event("here", happened_at="harbour"))
    assert "happened_at" not in timeline_events(story)["here"]
    assert "happened_at" not in story_slides(story)[1]


def test_an_event_without_a_place_has_no_location():
    story = small_story(event("nowhere", place_id=""))
    item = timeline_events(story)["nowhere"]
    assert "location" not in item and item["group"] == "Without a place"
    slide = story_slides(story)[1]
    assert "location" not in slide and slide["date"] == "8 February 1904"


def test_the_overview_and_title_slides_carry_the_title_and_introduction(template_story):
    paragraphs = (
        "<p>In 1904 Japan attacked the Russian fleet at Port Arthur; in 1905 the war ended "
        "with a treaty signed near Portsmouth, in the United States.</p>"
        "<p>Change this text to say what your story is about. It is shown beside the map "
        "until a place is chosen.</p>"
    )
    document = storymapjs_json(template_story, TEMPLATE_TITLE, TEMPLATE_INTRODUCTION)
    assert document["storymap"]["slides"][0] == {
        "type": "overview",
        "text": {"headline": TEMPLATE_TITLE, "text": paragraphs},
    }
    assert document["storymap"]["map_type"] == "osm:standard"
    title = timelinejs_json(template_story, TEMPLATE_TITLE, TEMPLATE_INTRODUCTION)["title"]
    assert title == {"text": {"headline": TEMPLATE_TITLE, "text": paragraphs}}
    assert timelinejs_json(template_story, "T", "")["title"]["text"]["text"] == ""


def test_eras_become_timelinejs_eras(template_story, story):
    assert timelinejs_json(template_story, "T", "")["eras"] == [
        {
            "start_date": {"year": 1904},
            "end_date": {"year": 1905},
            "text": {"headline": "The Russo-Japanese War"},
        }
    ]
    eras = {era["text"]["headline"]: era for era in timelinejs_json(story, "T", "")["eras"]}
    assert len(eras) == len(story.eras)
    # An era that has not ended runs to the story's last year: TimelineJS's eras end.
    assert eras["The Kuril dispute"]["end_date"] == {"year": story.span.last}
    assert eras["World War II"]["end_date"] == {"year": 1945}
    open_era = Era("later", "Later", 2100, None, "#000000")
    lone = replace(small_story(event("one")), eras=(open_era,))
    assert timelinejs_json(lone, "T", "")["eras"][0]["end_date"] == {"year": 2100}


def test_media_and_a_date_in_words_go_with_the_event():
    pictured = replace(
        event("pictured"),
        media=EventMedia(
            "https://example.org/harbour.jpg",
            credit="Photo: <someone>",
            caption="The harbour & its fleet",
            alt="Ships in a harbour & more",
        ),
        display_date="Winter 1904",
    )
    elsewhere = replace(event("elsewhere"), media=EventMedia("harbour.jpg"))
    story = small_story(pictured, elsewhere)
    media = {
        "url": "https://example.org/harbour.jpg",
        "caption": "The harbour &amp; its fleet",
        "credit": "Photo: &lt;someone&gt;",
        "alt": "Ships in a harbour & more",  # an attribute the tools set: plain text
    }
    items = timeline_events(story)
    assert items["pictured"]["media"] == media
    assert items["pictured"]["display_date"] == "Winter 1904"
    assert items["pictured"]["start_date"] == {"year": 1904, "month": 2, "day": 8}
    assert "media" not in items["elsewhere"]  # an address in the folder means nothing elsewhere
    slides = story_slides(story)[1:]  # on the same day, in the order of their ids
    assert [slide.get("media") for slide in slides] == [None, media]
    assert [slide["date"] for slide in slides] == [
        "8 February 1904",
        "Winter 1904 (8 February 1904)",
    ]


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_the_documents_are_json_of_a_reasonable_size(export, story):
    text = json.dumps(EXPORTS[export](story, "Title", "An introduction."), ensure_ascii=False)
    assert json.loads(text) == EXPORTS[export](story, "Title", "An introduction.")
    # Each event's words and source, with little around them.
    words = sum(len(event.summary) + len(event.title) + len(event.quote) for event in story.events)
    assert words < len(text) < words + 1_200 * len(story.events)


# The command line


def test_the_command_writes_timelinejs_json_of_the_default_story(tmp_path: Path, story):
    target = tmp_path / "timeline.json"
    result = run_export("--timelinejs", str(target))
    assert result.returncode == 0, result.stderr
    size = target.stat().st_size
    assert result.stdout == f"wrote {target}: {len(story.events)} events, {size:,} bytes\n"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["events"]) == len(story.events)
    assert document["title"]["text"]["headline"] == "Russia and Japan have fought before"
    assert document["title"]["text"]["text"].startswith("<p>")  # data/introduction.txt


def test_the_command_writes_storymapjs_json_of_another_folder(tmp_path: Path):
    folder = tmp_path / "my-story"
    folder.mkdir()
    for name, data in template_files().items():
        (folder / name).write_bytes(data)
    target = tmp_path / "storymap.json"
    result = run_export("--storymapjs", str(target), str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {target}: 3 events, ")
    slides = json.loads(target.read_text(encoding="utf-8"))["storymap"]["slides"]
    assert len(slides) == 4
    assert slides[0]["text"]["headline"] == TEMPLATE_TITLE
    assert slides[0]["text"]["text"].startswith("<p>In 1904 Japan attacked")


def test_the_command_refuses_two_formats_at_once(tmp_path: Path):
    result = run_export("--timelinejs", str(tmp_path / "a.json"), "--storymapjs", "b.json")
    assert result.returncode == 2
    assert "argument --storymapjs: not allowed with argument --timelinejs" in result.stderr
    assert not (tmp_path / "a.json").exists()
    result = run_export("--html", str(tmp_path / "a.html"), "--timelinejs", "b.json")
    assert result.returncode == 2 and not (tmp_path / "a.html").exists()
    assert run_export().returncode == 2  # and one is needed


def test_the_command_writes_nothing_of_a_broken_folder(tmp_path: Path, data_copy: Path):
    replace_in_file(data_copy / "places.csv", "43.080,-70.739", "95,-70.739")
    target = tmp_path / "storymap.json"
    result = run_export("--storymapjs", str(target), str(data_copy))
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    )
    assert not target.exists()


# The Sources page


JSON_DOWNLOADS = (
    "Download the story as TimelineJS (JSON)",
    "Download the story as StoryMapJS (JSON)",
)


@pytest.fixture
def download_files(monkeypatch) -> dict[str, tuple[str, Any]]:
    """Each download button the app's runs make: its label -> (file name, data)."""
    files: dict[str, tuple[str, Any]] = {}
    download_button = streamlit.download_button

    def recording(label, *args, **kwargs):
        files[label] = (kwargs["file_name"], kwargs["data"])
        return download_button(label, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    return files


def made(data: Any) -> bytes:
    """A button's file: made on press when it is a function."""
    return data() if callable(data) else data


def test_the_sources_page_offers_the_story_as_timelinejs_and_storymapjs(story, download_files):
    run_page("pages/sources.py")
    timeline_name, timeline = download_files["Download the story as TimelineJS (JSON)"]
    storymap_name, storymap = download_files["Download the story as StoryMapJS (JSON)"]
    assert timeline_name == "russia-and-japan-have-fought-before-timelinejs.json"
    assert storymap_name == "russia-and-japan-have-fought-before-storymapjs.json"
    timeline_document = json.loads(made(timeline))
    assert len(timeline_document["events"]) == len(story.events)
    assert len(timeline_document["eras"]) == len(story.eras)
    title = timeline_document["title"]["text"]
    assert title["headline"] == "Russia and Japan have fought before"
    assert title["text"].startswith("<p>")  # the story's introduction
    slides = json.loads(made(storymap))["storymap"]["slides"]
    assert len(slides) == len(story.events) + 1
    assert slides[0]["text"] == title


def test_a_visitors_own_story_downloads_as_timelinejs_and_storymapjs(download_files):
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    app.switch_page("pages/sources.py")
    app.run()
    assert not app.exception, app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert set(JSON_DOWNLOADS) <= set(labels)
    timeline_name, timeline = download_files["Download the story as TimelineJS (JSON)"]
    assert timeline_name == "my-story-timelinejs.json"
    document = json.loads(made(timeline))
    assert [item["unique_id"] for item in document["events"]] == [
        "port-arthur-attack-1904",
        "port-arthur-lease-to-japan-1905",
        "portsmouth-treaty-signed-1905",
    ]
    assert document["title"]["text"]["headline"] == TEMPLATE_TITLE
    slides = json.loads(made(download_files["Download the story as StoryMapJS (JSON)"][1]))
    assert len(slides["storymap"]["slides"]) == 4

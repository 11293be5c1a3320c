"""An upload read in other languages: what each language needs is made in the worker
that checks it, within the check's limits, and counted in the memory the server holds
it in; the server only picks it, and never serialises the story again."""

from __future__ import annotations

import csv
import gc
import io
import json
import tracemalloc
from dataclasses import replace

import pytest

from storymap import map_features, story_cache
from storymap.dates import parse_span
from storymap.i18n import speaking
from storymap.load import load_story
from storymap.loaded_story import copy_held_bytes, in_language, loaded_story
from storymap.model import Area, Event, Link, Place, Source, Story, Translation
from storymap.schema import link_id
from storymap.storyfiles import MemoryFiles
from storymap.synth import write_synthetic_story
from storymap.template import TEMPLATE_TITLE
from storymap.translations import translated
from storymap.ui import HELD_STORIES, UPLOADED_STORY_KEY
from storymap.ui.keys import INTERFACE_KEY
from storymap.upload_check import CheckedUpload, check_upload
from tests.test_pages import html_of
from tests.test_translations import ATTACK, HEADER, template_with
from tests.test_upload_page import upload, upload_page

RUSSIAN_AND_JAPANESE = f"""{HEADER}
ru,story,,title,Моя история
ru,place,port-arthur,name,Порт-Артур
ru,event,{ATTACK},title,Внезапное нападение Японии на Порт-Артур
ja,story,,title,私の物語
ja,place,port-arthur,name,旅順
ja,event,{ATTACK},title,旅順口攻撃
"""


def checked(translations: str | None) -> CheckedUpload:
    result = check_upload(list(template_with(translations).items()))
    assert isinstance(result, CheckedUpload), result
    return result


def labels(map_data: bytes) -> dict[str, str]:
    """The map data's place labels, by place id."""
    features = json.loads(map_data)["features"]
    return {
        feature["properties"]["place_id"]: feature["properties"]["label"]
        for feature in features
        if feature["properties"]["kind"] == "place"
    }


@pytest.fixture(scope="module")
def result() -> CheckedUpload:
    return checked(RUSSIAN_AND_JAPANESE)


def test_the_worker_sends_the_map_data_of_each_language_with_the_story(result):
    assert set(result.map_data_in) == {"ru", "ja"}
    assert labels(result.map_data_in["ru"])["port-arthur"] == "Порт-Артур"
    assert labels(result.map_data_in["ja"])["port-arthur"] == "旅順"
    assert labels(result.map_data)["port-arthur"] == "Port Arthur"
    # The rest is the story's own map data (each with its own private token).
    english, japanese = json.loads(result.map_data), json.loads(result.map_data_in["ja"])
    for features in (english, japanese):
        del features["private"]
        for feature in features["features"]:
            feature["properties"].pop("label")
    assert japanese == english


def test_the_held_size_counts_each_languages_map_data_and_copy(result):
    without = replace(result, map_data_in={}, copies_bytes=0)
    map_data_in = len(result.map_data_in["ru"]) + len(result.map_data_in["ja"])
    assert result.held_bytes == without.held_bytes + map_data_in + result.copies_bytes
    assert result.copies_bytes == copy_held_bytes(result.story) > 0
    untranslated = checked(None)
    assert (untranslated.map_data_in, untranslated.copies_bytes) == ({}, 0)
    assert result.held_bytes > untranslated.held_bytes + map_data_in + result.copies_bytes


def test_a_language_that_renames_no_place_reads_the_storys_own_map_data():
    # Ukrainian translates an event, not a place; German is no language of the interface.
    result = checked(
        f"{HEADER}\nuk,event,{ATTACK},title,Напад Японії на Порт-Артур\n"
        "de,place,port-arthur,name,Port Arthur (Lüshun)\n"
    )
    assert result.map_data_in == {}
    assert result.copies_bytes == copy_held_bytes(result.story)  # Ukrainian's alone
    loaded = loaded_story(
        result.story, result.files, result.title, private_map_data=result.map_data
    )
    ukrainian = in_language(loaded, "uk")
    assert ukrainian.story.events_by_id[ATTACK].title == "Напад Японії на Порт-Артур"
    assert ukrainian.private_map_data is loaded.private_map_data
    assert in_language(loaded, "de") is loaded


def test_the_map_data_is_the_storys_features_as_json_writes_them_whole(story, tmp_path):
    placeless = replace(story, places={}, areas=())
    for written in (story, placeless, synthetic_story(tmp_path, 50, 1)):
        data = json.loads(map_features.private_story_data(written))
        assert len(data.pop("private")) == 32
        assert data == map_features.story_features(written)
    # A copy that renames no place has the story's own.
    private_data = map_features.PrivateStoryData(story)
    assert private_data.of_copy(replace(story, eras=())) is not None  # its colours differ
    assert private_data.of_copy(replace(story)) is None


@pytest.fixture
def no_story_made_again(monkeypatch):
    """Making a story's map data, or building a story, fails from here on."""

    def made_again(*args, **kwargs):
        raise AssertionError("the server made the story's map data or the story again")

    # Every way to a story's map data goes through these.
    monkeypatch.setattr(map_features, "_area_features", made_again)
    monkeypatch.setattr(map_features, "_place_features", made_again)
    monkeypatch.setattr(Story, "build", classmethod(made_again))


def test_a_reader_in_japanese_gets_the_workers_map_data_and_the_story_translated(request):
    app = upload(upload_page(), *template_with(RUSSIAN_AND_JAPANESE).items())
    held = HELD_STORIES.get(app.session_state[UPLOADED_STORY_KEY])
    assert set(held.private_map_data_in) == {"ru", "ja"}
    # Only now: the worker, a fork of this process, made them with the real functions.
    request.getfixturevalue("no_story_made_again")
    app.session_state[INTERFACE_KEY] = "ja"
    app.switch_page("pages/map.py")
    app.run()
    assert not app.exception and not app.error, app.exception or app.error
    assert [title.value for title in app.title] == ["私の物語"]
    assert "旅順" in app.selectbox(key="place_select").options
    japanese = held.in_languages["ja"]
    assert japanese.private_map_data is held.private_map_data_in["ja"]
    app.switch_page("pages/timeline.py")
    app.run()
    assert not app.exception and not app.error, app.exception or app.error
    assert "旅順口攻撃" in html_of(app)
    assert held.title == TEMPLATE_TITLE  # the story as written is kept as it was


# What a copy in another language holds, against what copy_held_bytes counts


def synthetic_story(tmp_path, places: int, every: int | None) -> Story:
    """A synthetic story whose Japanese translates every ``every``-th place and event
    (None: one place only)."""
    write_synthetic_story(tmp_path, places, 2)
    with (tmp_path / "events.csv").open(encoding="utf-8") as file:
        events = [row["id"] for row in csv.DictReader(file)]
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    place_ids = [f"place-{number}" for number in range(places)]
    if every is None:
        writer.writerow(["ja", "place", "place-0", "name", "場所"])
    else:
        for place_id in place_ids[::every]:
            writer.writerow(["ja", "place", place_id, "name", f"場所 {place_id}"])
        for event_id in events[::every]:
            writer.writerow(["ja", "event", event_id, "title", f"出来事 {event_id}"])
    (tmp_path / "translations.csv").write_text(rows.getvalue(), encoding="utf-8")
    return load_story(tmp_path)


@pytest.mark.parametrize("every", [None, 1, 3], ids=["one place", "all", "a third"])
def test_the_copys_memory_is_no_more_than_is_counted(tmp_path, every):
    story = synthetic_story(tmp_path, 2_000, every)
    loaded = loaded_story(story, MemoryFiles("t", {}), "t", private_map_data=b"{}")
    assert story_cache.stop_writers(30)  # their allocations would count as this call's
    gc.collect()
    tracemalloc.start()
    try:
        with speaking("ja"):
            copy = in_language(loaded, "ja")
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert copy.story is translated(story, "ja")
    assert held <= copy_held_bytes(story) < 4 * held + 200_000


def linked_story(count: int, every: int) -> Story:
    """``count`` events in a ring of labelled links, and ``count`` areas; its Japanese
    translates every ``every``-th link's label and area's name."""
    events = [
        Event(f"event-{number}", "place", parse_span("1904"), "Event", "Summary", "source")
        for number in range(count)
    ]
    links = [
        Link(f"event-{number}", f"event-{(number + 1) % count}", "leads-to", f"Label {number}")
        for number in range(count)
    ]
    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    areas = [Area(f"area-{number}", "place", f"Area {number}", line) for number in range(count)]
    rows = [
        Translation("ja", "link", link_id(link.from_event, link.to_event), "label", "ラベル")
        for link in links[::every]
    ]
    rows += [Translation("ja", "area", area.id, "name", "地域") for area in areas[::every]]
    return Story.build(
        {"place": Place("place", "Place", 0.0, 0.0, "featured")},
        events,
        {"source": Source("source", "reference", "Source")},
        areas,
        links,
        (),
        rows,
    )


@pytest.mark.parametrize("every", [1, 3], ids=["all", "a third"])
def test_a_copy_that_translates_links_and_areas_holds_no_more_than_is_counted(every):
    story = linked_story(2_000, every)
    loaded = loaded_story(story, MemoryFiles("t", {}), "t", private_map_data=b"{}")
    assert story_cache.stop_writers(30)  # their allocations would count as this call's
    gc.collect()
    tracemalloc.start()
    try:
        with speaking("ja"):
            copy = in_language(loaded, "ja")
            copy.story.links_of("event-0")  # and its index of links, made on first use
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert copy.story.links[0].label == "ラベル" and copy.story.areas[0].name == "地域"
    assert held <= copy_held_bytes(story) < 4 * held + 200_000

"""The panel, the timeline, the tour, the map, the export and the upload speak the
reader's language: their words go through the catalogs, their dates through Babel.

A fake catalog (conftest's ``marked_catalog``) marks every message it translates («…»),
so a test sees which words went through ``_`` without a translation in the real catalogs;
the dates are Babel's own.
English, the default, is what the other tests of each module check, unchanged.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys

import folium
import pytest

from storymap.assets import MapAssets
from storymap.chart import time_locale, timeline_chart, timeline_frame
from storymap.export import standalone_html
from storymap.folium_map import build_base_map, link_arcs
from storymap.i18n import speaking
from storymap.map_features import story_features
from storymap.map_script import layer_messages, left_out_messages
from storymap.map_tiles import map_credit
from storymap.media import link_label
from storymap.number_text import browser_locale, decimal_text, number_text
from storymap.panel import (
    conversion_heading,
    intro_html,
    place_panel_html,
    related_events,
    timeline_entry_html,
    tour_step_html,
)
from storymap.report import DataError
from storymap.storyfiles import Conversion
from storymap.tables import events_table, links_table, sources_table
from storymap.upload import check_upload_sizes, files_from_upload
from storymap.upload_check import check_upload
from storymap.window import TimeWindow
from tests.conftest import PROJECT_ROOT
from tests.test_pages import html_of, run_page

ATTACK = "port-arthur-attack-1904"  # 8 February 1904, with its Old Style date
# Babel writes "г." (year) after a Russian date with a narrow no-break space.
RUSSIAN_DATE, RUSSIAN_OLD_STYLE = "8 февраля 1904\u202fг.", "26 января 1904\u202fг."


# --- the panel's dates -------------------------------------------------------------


def test_the_japanese_panel_gives_the_era_date_beside_the_date(story, marked_catalog):
    with speaking("ja"):
        html = place_panel_html(story, story.places["port-arthur"])
    assert "1904年2月8日" in html and "明治37年2月8日" in html
    # One message, its brackets the translator's, inside the machine-readable date.
    assert '<time datetime="1904-02-08">«1904年2月8日 (明治37年2月8日)»</time>' in html


def test_the_japanese_panel_gives_the_era_date_with_the_real_catalog(story):
    with speaking("ja"):
        html = timeline_entry_html(story, story.events_by_id[ATTACK])
    assert "1904年2月8日" in html and "明治37年2月8日" in html
    assert "8 February 1904" not in html


def test_the_russian_panel_gives_the_date_and_the_old_style_date_labelled(story, marked_catalog):
    with speaking("ru"):
        html = place_panel_html(story, story.places["port-arthur"])
    assert "8 февраля 1904" in html
    assert f'<time datetime="1904-02-08">{RUSSIAN_DATE}</time>' in html
    assert f'<span class="old-style">«(«{RUSSIAN_OLD_STYLE} O.S.»)»</span>' in html
    assert "明治" not in html  # the era date is the Japanese interface's alone


def test_the_english_panel_is_as_it_was(story, marked_catalog):
    html = place_panel_html(story, story.places["port-arthur"])
    assert '<time datetime="1904-02-08">8 February 1904</time>' in html
    assert '<span class="old-style">(26 January 1904 O.S.)</span>' in html
    assert "«" not in html


def test_the_panels_words_go_through_the_catalog(story, marked_catalog):
    with speaking("uk"):
        html = place_panel_html(story, story.places["kuril-islands"], TimeWindow(1940, 1960))
        whole = place_panel_html(story, story.places["kuril-islands"])
        intro = intro_html(story, [], "A story")
    assert "<h3>«Events (6)»</h3>" in html
    assert "«3 more outside 1940–1960.»" in html
    assert 'aria-label="«Other names»"' in html
    # The citation is in the reader's language; the quote stays the source's own, in English.
    assert "«The article: " in html and '<blockquote lang="en">“' in html
    assert "«Reference: " in html or "«Details: " in html
    assert "«Concerning this place; happened in Shimoda»" in whole
    assert f"«{len(story.places)} places» and «{len(story.events)} events»" in intro
    assert 'aria-label="«About this map»"' in intro


def test_a_reported_event_says_so_in_the_readers_language(story, marked_catalog):
    event = next(event for event in story.events if event.status == "reported")
    with speaking("ru"):
        html = timeline_entry_html(story, event)
        titled = event.titled
    assert "<strong>«Reported»</strong>" in html and "«a claim attributed to someone" in html
    assert titled == "«{title} ({status})»".format(title=event.title, status="«reported»")


def test_related_events_read_in_the_readers_language(story, marked_catalog):
    with speaking("ja"):
        phrases = {r.phrase for r in related_events(story, (story.events_by_id[ATTACK],))}
    assert "«Ended by»" in phrases


# --- the timeline, the tour and the export -------------------------------------------


def test_the_timelines_entry_tooltip_and_axis_speak_the_language(story, marked_catalog):
    with speaking("ja"):
        entry = timeline_entry_html(story, story.events_by_id[ATTACK])
        frame = timeline_frame(story, story.span).set_index("id")
        spec = timeline_chart(story, story.span).to_dict()
    assert "«1904年2月8日 (明治37年2月8日)»" in entry
    assert frame.loc[ATTACK, "when"] == "«1904年2月8日 (明治37年2月8日)»"
    titles = [tooltip["title"] for tooltip in spec["layer"][0]["encoding"]["tooltip"]]
    assert titles == ["«When»", "«Event»", "«Place»"]
    assert spec["layer"][0]["encoding"]["color"]["title"] == "«Era»"
    assert spec["config"]["locale"]["time"]["months"][1] == "2月"


def test_the_timeline_of_the_russian_interface(story, marked_catalog):
    with speaking("ru"):
        entry = timeline_entry_html(story, story.events_by_id[ATTACK])
        frame = timeline_frame(story, story.span).set_index("id")
    assert RUSSIAN_DATE in entry and f"«{RUSSIAN_OLD_STYLE} O.S.»" in entry
    assert frame.loc[ATTACK, "when"] == RUSSIAN_DATE


@pytest.mark.parametrize(
    ("code", "month", "day"),
    [
        ("ru", "февраль", "воскресенье"),
        ("uk", "лютий", "неділя"),
        ("ja", "2月", "日曜日"),
        ("zh", "二月", "星期日"),
    ],
)
def test_the_time_axis_names_months_and_days_as_they_stand_alone(code, month, day):
    locale = time_locale(code)
    assert locale["months"][1] == month and locale["days"][0] == day
    assert len(locale["shortMonths"]) == 12 and len(locale["shortDays"]) == 7


@pytest.mark.parametrize("first", ["ja", "zh"])
def test_the_month_names_do_not_depend_on_which_language_a_server_spoke_first(first):
    # Each in a fresh process: Babel keeps what it has loaded for the process's life.
    other = {"ja": "zh", "zh": "ja"}[first]
    script = (
        "from storymap.chart import time_locale;"
        f"print(time_locale({first!r})['months'][1], time_locale({other!r})['months'][1])"
    )
    said = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    ).stdout.split()
    assert dict(zip([first, other], said, strict=True)) == {"ja": "2月", "zh": "二月"}


def test_the_english_chart_keeps_vegas_own_names(story):
    assert time_locale("en") is None
    assert "locale" not in timeline_chart(story, story.span).to_dict()["config"]


def test_a_tour_step_speaks_the_language(story, marked_catalog):
    event = story.events_by_id[ATTACK]
    with speaking("ru"):
        html = tour_step_html(story, event, 6, 26)
    assert "«Step 6 of 26»" in html and 'aria-label="«Tour step 6 of 26»"' in html
    assert RUSSIAN_DATE in html and f"«{RUSSIAN_OLD_STYLE} O.S.»" in html
    with speaking("ja"):
        html = tour_step_html(story, event, 6, 26)
    assert "«1904年2月8日 (明治37年2月8日)»" in html


def carried_features(document: str) -> dict:
    """The features a standalone map carries (base64 in a data: address), decoded."""
    encoded = re.search(r"data:application/json;base64,([A-Za-z0-9+/=]+)", document).group(1)
    return json.loads(base64.b64decode(encoded))


def test_the_export_speaks_the_language_of_the_page_it_came_from(story, marked_catalog):
    with speaking("ja"):
        document = standalone_html(story, "A story", tiles=True)
    assert '<html lang="ja">' in document
    assert f"««{len(story.places)} places» and «{len(story.events)} events»." in document
    assert "«Map tiles © OpenStreetMap contributors" in document
    assert 'aria-label="«Map legend: marker colours»"' in document
    details = {
        event["title"]: event
        for feature in carried_features(document)["features"]
        if feature["properties"]["kind"] == "place"
        for event in feature["properties"]["details"]["events"]
    }
    assert details[story.events_by_id[ATTACK].title]["date"] == "«1904年2月8日 (明治37年2月8日)»"
    assert in_script("«Zoom in»") in document


def test_the_export_of_the_russian_interface(story, marked_catalog):
    with speaking("ru"):
        document = standalone_html(story, "A story", tiles=False)
    assert '<html lang="ru">' in document
    dates = {
        event["date"]
        for feature in carried_features(document)["features"]
        if feature["properties"]["kind"] == "place"
        for event in feature["properties"]["details"]["events"]
    }
    assert RUSSIAN_DATE in dates


def test_the_english_export_is_in_english(story):
    document = standalone_html(story, "A story", tiles=False)
    assert '<html lang="en">' in document and "«" not in document
    assert "Land and borders from Natural Earth." in document


# --- the map ------------------------------------------------------------------------


def in_script(text: str) -> str:
    """``text`` as the map's script carries it: in JSON, every non-ASCII character and
    every < and > escaped (Jinja's tojson)."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")


def test_the_map_script_carries_the_languages_words(story, marked_catalog):
    with speaking("uk"):
        html = build_base_map(story, MapAssets("local"), "/data.json").get_root().render()
        credit = map_credit(True)
    assert in_script("«The places could not be loaded. Reload the page to try again.»") in html
    assert in_script("«The map tiles could not be loaded")[:-1] in html  # the tile notice
    assert in_script("«Zoom out»") in html and in_script("«Close popup»") in html
    assert '"locale": "uk"' in html
    link = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    assert in_script(f"&copy; «{link} contributors»").replace("&", "\\u0026") in html
    assert credit.startswith("«Map tiles")


def test_the_notice_of_shapes_left_out_has_each_plural_form_of_the_language(marked_catalog):
    with speaking("ru"):
        forms = left_out_messages()
    assert set(forms) == {"one", "few", "many", "other"}
    assert forms["one"].startswith("«{count} shape could not")
    assert forms["few"].startswith("«{count} shapes could not")
    with speaking("ja"):
        assert set(left_out_messages()) == {"other"}
    assert set(left_out_messages()) == {"one", "other"}
    assert layer_messages()["leftOut"]["one"].startswith("{count} shape could not")


def test_link_arcs_are_labelled_in_the_language(story, marked_catalog):
    with speaking("ja"):
        arcs = link_arcs(story, story.span, "tokyo")
    labels = [
        child.text
        for arc in arcs
        for child in arc._children.values()
        if isinstance(child, folium.Tooltip)
    ]
    title = story.events_by_id["port-arthur-triple-intervention-1895"].title
    assert f"«{title}: concerning Port Arthur»" in labels


def test_the_served_map_data_holds_no_word_of_the_interface(story, marked_catalog):
    # One file serves every language (map_features.publish_story_data), so it may not
    # hold the interface's words: those come with the map's script.
    english = story_features(story)
    with speaking("ja"):
        assert story_features(story) == english
    assert "«" not in json.dumps(english, ensure_ascii=False)


def test_a_media_link_says_what_it_is_in_the_language(marked_catalog):
    with speaking("zh"):
        assert link_label("https://www.youtube.com/watch?v=x") == "«Video on youtube.com»"
        assert link_label("https://example.org/a.pdf") == "«Media on example.org»"
    assert link_label("https://x.com/a/status/1") == "Post on x.com"


# --- tables, numbers and the upload -------------------------------------------------


def test_the_tables_are_headed_and_dated_in_the_language(story, marked_catalog):
    with speaking("ru"):
        events = events_table(story)
        sources = sources_table(story)
        links = links_table(story)
    assert list(events.columns[:2]) == ["«Date»", "«Shown as»"]
    assert RUSSIAN_DATE in set(events["«Date»"])
    assert "«Link»" in sources.columns and list(links.columns)[0] == "«From»"


@pytest.mark.parametrize(
    ("code", "number", "grouped", "decimal"),
    [
        ("en", 10_000, "10,000", "20.0"),
        ("ru", 10_000, "10\xa0000", "20,0"),
        ("ja", 10_000, "10,000", "20.0"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(code, number, grouped, decimal):
    assert number_text(number, code) == grouped
    assert decimal_text(20.0, 1, code) == decimal


@pytest.mark.parametrize(("code", "locale"), [("en", "en-GB"), ("ru", "ru"), ("zh", "zh-Hans-CN")])
def test_the_map_script_names_the_locale_as_a_browser_does(code, locale):
    assert browser_locale(code) == locale


def test_what_another_tools_file_became_follows_the_readers_language(marked_catalog):
    conversion = Conversion("story.json", "StoryMapJS", 3, 4, 2, 1, ("a", "b"), left_out=2)
    assert conversion_heading(conversion) == (
        "Made from story.json: StoryMapJS: 3 places, 4 events, 2 sources, 1 media. "
        "2 things were left out or changed: show them"
    )
    with speaking("ja"):
        heading = conversion_heading(conversion)
    assert heading == (
        "«Made from {summary}. {count} things were left out or changed: show them»".format(
            summary="«story.json: StoryMapJS: 3 places, 4 events, 2 sources, 1 media»",
            count=2,
        )
    )


def test_an_uploads_refusal_speaks_the_language(marked_catalog):
    with speaking("ru"), pytest.raises(DataError) as caught:
        check_upload_sizes([])
    (problem,) = caught.value.problems
    assert problem.file == "«your upload»" and problem.message.startswith("«no files")
    with speaking("uk"), pytest.raises(DataError) as caught:
        files_from_upload([("notes.txt", b"x")])
    assert caught.value.problems[0].message.startswith("«not a file of a story; the files")


def test_the_worker_that_checks_an_upload_speaks_its_visitors_language(marked_catalog):
    with speaking("ru"):
        result = check_upload([("notes.txt", b"x"), ("notes.zip", b"y")])
    assert isinstance(result, DataError)
    assert result.problems[0].message.startswith("«upload either one zip")


# --- the map page, in the language of its link ------------------------------------


@pytest.mark.parametrize(
    ("code", "shown"),
    [("ja", ["1904年2月8日", "明治37年2月8日"]), ("ru", [RUSSIAN_DATE, RUSSIAN_OLD_STYLE])],
)
def test_the_map_pages_panel_speaks_the_language_of_its_link(code, shown):
    html = html_of(run_page(place="port-arthur", ui=code))
    assert all(text in html for text in shown)
    assert "8 February 1904" not in html

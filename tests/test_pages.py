"""Every page, run in-process with Streamlit's AppTest."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from storymap.template import TEMPLATE_INTRODUCTION, TEMPLATE_TITLE, template_files
from storymap.text import markdown_literal
from storymap.window import TimeWindow
from tests.conftest import FEATURED_PLACES, PROJECT_ROOT, replace_in_file

APP = str(PROJECT_ROOT / "app.py")
# Every download button of the Sources page, in order, for any story with every file.
SOURCES_DOWNLOADS = [
    "Download a standalone map (HTML)",
    "Download the data folder (zip)",
    "Download the story as GeoJSON (places and areas, with their events)",
    "Download the story as TimelineJS (JSON)",
    "Download the story as StoryMapJS (JSON)",
    "Download places.csv",
    "Download events.csv",
    "Download links.csv",
    "Download areas.geojson",
    "Download sources.csv",
    "Download names.csv",
    "Download eras.csv",
]


def run_page(page: str | None = None, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, app.exception
    return app


def html_of(app: AppTest) -> str:
    return "".join(element.proto.body for element in app.get("html"))


def texts_of(app: AppTest) -> str:
    return "\n".join(element.value for element in app.get("text"))


def sidebar_of(app: AppTest) -> str:
    return "".join(element.proto.body for element in app.sidebar.get("html"))


@pytest.fixture
def page_titles(monkeypatch) -> list[str]:
    """The browser tab's titles that the app's runs ask for, in order."""
    titles: list[str] = []
    set_page_config = streamlit.set_page_config

    def recording(*args, **kwargs):
        titles.append(kwargs.get("page_title"))
        return set_page_config(*args, **kwargs)

    monkeypatch.setattr(streamlit, "set_page_config", recording)
    return titles


@pytest.mark.parametrize(("place_id", "name"), sorted(FEATURED_PLACES.items()))
def test_a_place_link_opens_its_panel(place_id, name, story):
    app = run_page(place=place_id)
    html = html_of(app)
    assert f"<h2>{name}</h2>" in html
    first_event = story.events_by_place[place_id][0]
    assert html_escape(first_event.title) in html
    assert app.selectbox(key="place_select").value == place_id
    # AppTest has no address, so the link is relative, shown as text (only http(s) links)
    assert f"<p>/?place={place_id}</p>" in html


def test_without_a_place_the_panel_introduces_the_story():
    app = run_page()
    html = html_of(app)
    assert "Russia and Japan have fought before</h2>" in html
    assert "Click a marker" in html
    assert app.selectbox(key="place_select").value is None
    assert not app.get("text")


def test_only_the_map_datas_own_loader_may_run_javascript(story):
    # Every other piece of HTML holds text from the data, and must never run scripts.
    app = run_page(place="kherson")
    running = [
        element.proto.body for element in app.get("html") if element.proto.unsafe_allow_javascript
    ]
    # The page's language, set on <html> for screen readers, is the only other script.
    running.remove('<script>document.documentElement.lang = "en";</script>')
    assert len(running) == 1
    assert '"/app/static/stories/' in running[0] and "fetch(" in running[0]
    assert "Kherson" not in running[0]


@pytest.mark.parametrize(
    ("value", "notice"),
    [
        ("atlantis", "No place “atlantis” in this story; showing the whole map."),
        ("<b>x</b>", "The link's place is not valid; showing the whole map."),
    ],
)
def test_an_unknown_place_shows_a_notice_and_the_default_view(value, notice):
    app = run_page(place=value)
    assert notice in texts_of(app)
    assert "place" not in app.query_params  # the link now is the view that is shown
    assert "Click a marker" in html_of(app)
    assert app.selectbox(key="place_select").value is None


def test_the_place_list_selects_and_writes_the_link():
    app = run_page()
    select = app.selectbox(key="place_select")
    assert select.options[:4] == sorted(FEATURED_PLACES.values())
    select.select("kherson").run()
    assert app.query_params["place"] == "kherson"
    assert "<h2>Kherson</h2>" in html_of(app)


def test_the_map_is_on_the_map_page():
    app = run_page()
    assert len(app.get("component_instance")) == 1


def test_the_timeline_lists_every_event_in_date_order(story):
    app = run_page("pages/timeline.py")
    html = html_of(app)
    positions = [html.index(f'aria-label="{event.title}"') for event in story.events]
    assert positions == sorted(positions)
    links = app.get("page_link")
    assert len(links) == len(story.events)
    assert links[0].proto.query_string == f"place={story.events[0].place_id}"


def test_the_sources_page_shows_sources_tables_and_downloads(story):
    app = run_page("pages/sources.py")
    assert len(app.dataframe) == 5
    sources = app.dataframe[0].value
    assert len(sources) == len(story.sources)  # every source, cited or not
    article = "Russia and Japan Have Fought Before, and It Was Won Decisively"
    assert article in set(sources["Source"])
    assert len(app.dataframe[2].value) == len(story.events)
    assert len(app.dataframe[3].value) == len(story.links)
    assert len(app.dataframe[4].value) == len(story.areas)
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == SOURCES_DOWNLOADS
    # A press downloads without rerunning the page (a run would drop the file's answer).
    assert all(button.proto.ignore_rerun for button in app.get("download_button"))


def test_the_about_page_credits_tiles_and_data():
    app = run_page("pages/about.py")
    text = "\n".join(element.value for element in app.markdown)
    assert "OpenStreetMap" in text and "Open Database Licence" in text
    assert "[GeoNames](https://www.geonames.org) (CC BY 4.0)" in text
    assert "Treaty of" in text
    assert [header.value for header in app.header] == [
        "The article",
        "How the data was made",
        "What the pages load",
        "Credits and licences",
    ]
    # A story's own media are the only requests to other sites besides the tiles.
    assert "the only requests a page may make to other sites are for a story's own" in (
        " ".join(text.split())
    )


@pytest.mark.parametrize("page", [None, "pages/timeline.py", "pages/sources.py"])
def test_broken_data_shows_the_report_not_a_traceback(data_copy: Path, monkeypatch, page):
    replace_in_file(data_copy / "places.csv", "43.080,-70.739", "95,-70.739")
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page(page)
    assert "can't be shown: 1 problem." in app.error[0].value
    assert app.code[0].value == "places.csv:3: lat: '95' is out of range: must be from -90 to 90"


@pytest.mark.parametrize(
    ("page", "broken"),
    [
        (None, "storymap.panel.intro_html"),
        ("pages/timeline.py", "storymap.chart.timeline_chart"),
        ("pages/sources.py", "storymap.tables.sources_table"),
    ],
)
def test_a_failing_page_shows_a_message_not_a_traceback(monkeypatch, page, broken):
    def fail(*args, **kwargs):
        raise RuntimeError("a fault in the app's code")

    monkeypatch.setattr(broken, fail)
    app = run_page(page)  # asserts that no exception reached Streamlit
    assert app.error[0].value.startswith("This page could not be shown")
    shown = "\n".join(element.value for element in [*app.error, *app.markdown, *app.text])
    assert "RuntimeError" not in shown and "Traceback" not in shown


def test_a_story_that_fails_to_load_leaves_the_other_pages_and_the_title_standing(
    data_copy: Path, monkeypatch, page_titles
):
    # The title is read before any page's error boundary: it must not load the story.
    def fail(*args, **kwargs):
        raise RuntimeError("a fault while loading")

    monkeypatch.setattr("storymap.served_story.load_story", fail)
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    shown = run_page()  # asserts that no exception reached Streamlit
    assert shown.error[0].value.startswith("This page could not be shown")
    about = run_page("pages/about.py")
    assert about.title[0].value == "About this map"
    assert set(page_titles) == {f"{ARTICLE_TITLE}: a map"}


def test_another_data_folder_is_read_from_the_environment(data_copy: Path, monkeypatch):
    replace_in_file(data_copy / "places.csv", "kherson,Kherson,", "kherson,Kherson City,")
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page(place="kherson")
    assert "<h2>Kherson City</h2>" in html_of(app)


def test_a_story_of_ones_own_set_with_the_environment_speaks_of_itself(tmp_path: Path, monkeypatch):
    for name, data in template_files().items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("STORYMAP_DATA", str(tmp_path))
    app = run_page()
    html = html_of(app)
    assert f"<h2>{TEMPLATE_TITLE}</h2>" in html
    assert "Russia and Japan" not in html and "November 2022" not in html
    sidebar = sidebar_of(app)
    assert f"A map of the places in “{TEMPLATE_TITLE}”" in sidebar
    assert "Russia and Japan" not in sidebar


# The story's title and introduction, from its folder

ARTICLE_TITLE = "Russia and Japan have fought before"


def test_the_default_story_speaks_with_its_folders_title_and_introduction(page_titles):
    app = run_page()
    introduction = (PROJECT_ROOT / "data" / "introduction.txt").read_text(encoding="utf-8")
    html = html_of(app)
    assert f"<h2>{ARTICLE_TITLE}</h2><p>{html_escape(introduction.strip())}</p>" in html
    assert [title.value for title in app.title] == [ARTICLE_TITLE]
    sidebar = sidebar_of(app)
    assert f"A map of the places in “{ARTICLE_TITLE}”, and what happened at each." in sidebar
    assert page_titles == [f"{ARTICLE_TITLE}: a map"]


def test_a_folder_with_its_own_title_and_introduction_shows_them(
    data_copy: Path, monkeypatch, page_titles
):
    replace_in_file(
        data_copy / "datapackage.json", f'"title": "{ARTICLE_TITLE}"', '"title": "Sakhalin & co"'
    )
    (data_copy / "introduction.txt").write_text(
        "Islands between two empires.\n\nA <second> paragraph.\n", encoding="utf-8"
    )
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page()
    html = html_of(app)
    assert (
        "<h2>Sakhalin &amp; co</h2><p>Islands between two empires.</p>"
        "<p>A &lt;second&gt; paragraph.</p>"
    ) in html
    assert "Russia and Japan" not in html and "In November 2022" not in html
    assert [title.value for title in app.title] == [markdown_literal("Sakhalin & co")]
    assert "A map of the places in “Sakhalin &amp; co”" in sidebar_of(app)
    assert page_titles == ["Sakhalin & co: a map"]


def test_a_folder_without_a_title_or_introduction_is_named_by_the_folder(
    data_copy: Path, monkeypatch, page_titles
):
    (data_copy / "datapackage.json").unlink()
    (data_copy / "introduction.txt").unlink()
    (data_copy / "translations.csv").unlink()  # it translates the introduction
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page()
    html = html_of(app)
    assert "<h2>data</h2><p>Its featured places: Port Arthur, Portsmouth, Kherson" in html
    assert "Russia and Japan" not in html
    assert page_titles == ["data: a map"]


def test_a_folder_with_a_broken_introduction_shows_the_report(data_copy: Path, monkeypatch):
    (data_copy / "introduction.txt").write_bytes(b"caf\xe9")
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page()
    assert "can't be shown: 1 problem." in app.error[0].value
    assert app.code[0].value == (
        "introduction.txt:1: -: byte 0xe9 is not UTF-8 text; save the file as UTF-8"
    )


def test_the_template_story_introduces_itself(tmp_path: Path, monkeypatch):
    for name, data in template_files().items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("STORYMAP_DATA", str(tmp_path))
    html = html_of(run_page())
    first_paragraph = TEMPLATE_INTRODUCTION.split("\n\n")[0].strip()
    assert f"<h2>{TEMPLATE_TITLE}</h2><p>{html_escape(first_paragraph)}</p>" in html


# Time and story


def test_the_time_window_comes_from_the_link_and_filters_the_panel():
    app = run_page(place="kuril-islands", **{"from": "1940", "to": "1960"})
    assert app.slider(key="years").value == (1940, 1960)
    html = html_of(app)
    assert "Soviet Union captures the Kuril Islands" in html
    assert "Treaty of Shimoda" not in html
    assert "3 more outside 1940–1960." in html


def test_moving_the_slider_writes_the_window_to_the_link():
    app = run_page(place="kherson")
    app.slider(key="years").set_value((1900, 1950)).run()
    assert app.query_params["from"] == "1900" and app.query_params["to"] == "1950"
    assert app.query_params["place"] == "kherson"


def test_the_language_comes_from_the_link_and_the_select_writes_it():
    app = run_page(lang="ja")
    assert app.selectbox(key="language").value == "ja"
    app.selectbox(key="language").select("ru").run()
    assert app.query_params["lang"] == "ru"
    app.selectbox(key="language").select("en").run()
    assert "lang" not in app.query_params


def test_the_tour_starts_at_the_first_event_of_the_window(story):
    app = run_page(**{"from": "1940", "to": "1960"})
    app.button[0].click().run()
    first = story.events_in(TimeWindow(1940, 1960))[0]
    assert app.query_params["event"] == first.id
    assert "Step 1 of" in html_of(app)


def test_a_tour_link_opens_its_step_and_next_and_previous_move_through_it(story):
    steps = story.events
    app = run_page(event=steps[5].id)
    html = html_of(app)
    assert f"Step 6 of {len(steps)}" in html
    assert f"<h2>{html_escape(story.places[steps[5].place_id].name)}</h2>" in html
    buttons = {button.label: button for button in app.button}
    buttons["Next"].click().run()
    assert app.query_params["event"] == steps[6].id
    assert f"Step 7 of {len(steps)}" in html_of(app)
    {button.label: button for button in app.button}["Previous"].click().run()
    assert app.query_params["event"] == steps[5].id
    {button.label: button for button in app.button}["End tour"].click().run()
    assert "event" not in app.query_params
    assert app.query_params["place"] == steps[5].place_id


def test_the_first_step_has_no_previous_and_the_last_no_next(story):
    first = run_page(event=story.events[0].id)
    assert {b.label: b.disabled for b in first.button}["Previous"]
    last = run_page(event=story.events[-1].id)
    assert {b.label: b.disabled for b in last.button}["Next"]


def test_a_related_event_button_opens_the_other_end(story):
    app = run_page(place="port-arthur", **{"from": "1900", "to": "1904"})
    related = [b for b in app.button if b.label.startswith("Ended by")]
    assert related, [b.label for b in app.button]
    related[0].click().run()
    assert app.query_params["place"] == "portsmouth"
    assert app.query_params["to"] == "1905"  # widened to show the treaty
    assert "<h2>Portsmouth</h2>" in html_of(app)


def test_the_legend_shows_the_eras(story):
    html = html_of(run_page())
    for era in story.eras:
        assert html_escape(era.label) in html


def test_the_timeline_follows_the_time_window(story):
    app = run_page("pages/timeline.py", **{"from": "1940", "to": "1960"})
    assert app.slider(key="years").value == (1940, 1960)
    titles = [
        e.title for e in story.events if e.date.first_year <= 1960 and e.date.last_year >= 1940
    ]
    html = html_of(app)
    assert all(html_escape(title) in html for title in titles)
    assert "Treaty of Portsmouth signed" not in html
    assert len(app.get("page_link")) == len(titles)
    assert len(app.get("vega_lite_chart")) == 1


# The Sources page with awkward stories


def test_the_sources_pages_tables_show_formulas_as_text(data_copy: Path, monkeypatch):
    # The tables' own "Download as CSV" writes cells as shown, so they are shown neutralised.
    formula = '=HYPERLINK("http://evil.example","x")'
    replace_in_file(
        data_copy / "places.csv",
        "kherson,Kherson,",
        'kherson,"=HYPERLINK(""http://evil.example"",""x"")",',
    )
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page("pages/sources.py")
    assert "'" + formula in set(app.dataframe[1].value["Place"])
    assert "'" + formula in set(app.dataframe[2].value["Place"])
    for frame in app.dataframe:
        for column in frame.value.columns:
            for cell in frame.value[column]:
                assert not (isinstance(cell, str) and cell.startswith("=")), (column, cell)


def test_a_story_titled_like_a_data_file_gets_every_download_button(data_copy: Path, monkeypatch):
    # Its GeoJSON export is named areas.geojson, as its areas file is.
    replace_in_file(
        data_copy / "datapackage.json",
        '"title": "Russia and Japan have fought before"',
        '"title": "Areas"',
    )
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page("pages/sources.py")
    buttons = app.get("download_button")
    assert [button.proto.label for button in buttons] == SOURCES_DOWNLOADS
    assert len({button.proto.id for button in buttons}) == len(buttons)


# A story whose events all fall in one year


@pytest.fixture
def one_year_story(tmp_path: Path, monkeypatch) -> Path:
    """The template story with both its events in 1905."""
    for name, data in template_files().items():
        (tmp_path / name).write_bytes(data)
    replace_in_file(tmp_path / "events.csv", "port-arthur,1904-02-08,", "port-arthur,1905-02-08,")
    monkeypatch.setenv("STORYMAP_DATA", str(tmp_path))
    return tmp_path


def test_the_map_of_a_one_year_story_says_its_year_instead_of_a_slider(one_year_story):
    app = run_page(place="port-arthur")
    assert not app.get("slider")
    html = html_of(app)
    assert "All events are in 1905." in html
    assert "Japanese surprise attack on Port Arthur" in html
    assert len(app.get("component_instance")) == 1
    app.button[0].click().run()  # the tour runs through the year's events
    assert not app.exception
    assert app.query_params["event"] == "port-arthur-attack-1904"


def test_the_timeline_of_a_one_year_story_shows_its_events(one_year_story):
    app = run_page("pages/timeline.py")
    assert not app.get("slider")
    html = html_of(app)
    assert "All events are in 1905." in html and "3 events, 1905, oldest first." in html
    assert "Treaty of Portsmouth signed" in html
    assert len(app.get("page_link")) == 3
    assert len(app.get("vega_lite_chart")) == 1

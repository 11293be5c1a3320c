"""The pages in the interface's language: their words through the catalog (marked «so» by
a stand-in catalog), the names on the map following the interface, and the ``ui`` link
parameter kept by every control."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from storymap import schema
from tests.conftest import replace_in_file
from tests.test_pages import html_of, run_page, sidebar_of

# The note under the language menu, said in the Japanese interface only.
ERA_NOTE = "Dates from 1873, when Japan adopted the Gregorian calendar"


def marked(text: str) -> bool:
    return text.startswith("«") and text.endswith("»")


def map_names_language(app: AppTest) -> str | None:
    """The language the map is told to draw its names in."""
    arguments = app.get("component_instance")[0].proto.json_args
    found = re.search(r'applyStoryView\(\{.*?\\"lang\\": (null|\\"([a-z]+)\\")', arguments)
    assert found, "the map's view is not in its arguments"
    return found.group(2)


@pytest.fixture
def navigation_titles(monkeypatch) -> list[list[str]]:
    """The page titles that each run puts in the navigation."""
    runs: list[list[str]] = []
    navigation = streamlit.navigation

    def recording(pages, *args, **kwargs):
        runs.append([page.title for page in pages])
        return navigation(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    return runs


# The words, through the catalog


def test_the_pages_titles_in_the_navigation_speak_the_interfaces_language(
    marked_catalog, navigation_titles
):
    run_page(ui="ru")
    assert navigation_titles[-1] == [
        "«Map»",
        "«Timeline»",
        "«Sources and data»",
        "«Your story»",
        "«About»",
    ]


def test_the_map_pages_controls_speak_the_interfaces_language(marked_catalog):
    app = run_page(ui="ru", place="port-arthur")
    place = app.selectbox(key="place_select")
    assert (place.label, place.placeholder) == ("«Place»", "«Choose a place…»")
    assert marked(place.help)
    names = app.selectbox(key="language")
    assert names.label == "«Names on the map»" and marked(names.help)
    years = app.slider(key="years")
    assert years.label == "«Years»" and marked(years.help)
    labels = [button.label for button in app.button]
    assert labels[0] == "«Start the tour»"
    # Each related event's button: its words in the language's order, the date too.
    assert all(marked(label) for label in labels[1:])
    assert "«Related»" in [element.value.removeprefix("#### ") for element in app.markdown]
    assert "Click a marker, or choose a place from the list.»" in html_of(app)


def test_the_tours_controls_speak_the_interfaces_language(marked_catalog, story):
    app = run_page(ui="ru", event=story.events[1].id)
    assert [button.label for button in app.button][:3] == ["«Previous»", "«Next»", "«End tour»"]
    assert app.toggle(key="autoplay").label == "«Play automatically»"
    assert app.toggle(key="autoplay").help == "«Move to the next event every 6 seconds.»"


@pytest.mark.parametrize(
    "page", ["pages/timeline.py", "pages/sources.py", "pages/upload.py", "pages/about.py"]
)
def test_every_pages_headings_and_buttons_speak_the_interfaces_language(marked_catalog, page):
    app = run_page(page, ui="ru")
    headings = [element.value for element in [*app.title, *app.header, *app.subheader]]
    assert headings and all(marked(heading) for heading in headings)
    downloads = [button.proto.label for button in app.get("download_button")]
    assert all(marked(label) for label in downloads)
    links = [link.proto.label for link in app.get("page_link")]
    assert all(label in ("«Show on the map»", "«Show in the tour»") for label in links)


def test_the_about_pages_every_paragraph_is_a_message(marked_catalog):
    app = run_page("pages/about.py", ui="ru")
    paragraphs = [
        block.removeprefix("- ")
        for element in app.markdown
        for block in element.value.split("\n")
        if block.strip()
    ]
    assert len(paragraphs) > 15
    assert all(marked(paragraph) for paragraph in paragraphs), paragraphs


def test_the_about_page_says_where_the_translations_and_the_calendars_come_from():
    text = " ".join(element.value for element in run_page("pages/about.py").markdown)
    assert "into Russian, Ukrainian, Japanese and Chinese were made for this map" in text
    assert "dates from 1873, when Japan adopted the Gregorian calendar" in text
    assert "before 14 February 1918 also show their Old Style (Julian) date" in text


def test_the_data_format_on_your_story_speaks_the_interfaces_language(marked_catalog):
    app = run_page("pages/upload.py", ui="ru")
    assert [button.label for button in app.button] == ["«Check and show my story»"]
    expander = app.expander[0]
    assert expander.label == "«The data format: every file and column, with examples»"
    text = expander.markdown[0].value
    assert text.startswith("# «The data format»\n\n«A story is a folder")
    description = schema.PLACES.column("lat").description
    assert "| `lat` | «required»; «a number»; «from -90 to 90» |" in text
    assert f"| «{description}» |" in text


def test_a_story_that_cannot_be_shown_says_so_in_the_interfaces_language(
    marked_catalog, data_copy: Path, monkeypatch
):
    replace_in_file(data_copy / "places.csv", "43.080,-70.739", "95,-70.739")
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page(ui="ru")
    assert app.error[0].value.startswith("«The story's data in `")
    assert "can't be shown: 1 problem." in app.error[0].value


def test_a_failing_page_says_so_in_the_interfaces_language(marked_catalog, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("a fault in the app's code")

    monkeypatch.setattr("storymap.panel.intro_html", fail)
    app = run_page(ui="ru")
    assert app.error[0].value.startswith("«This page could not be shown")


def test_the_story_caption_speaks_the_interfaces_language(marked_catalog):
    # The words through the catalog, the title as the story's translations.csv gives it.
    caption = sidebar_of(run_page(ui="ru"))
    assert "«A map of the places in “Россия и Япония" in caption


# The Japanese era system, said under the language menu


@pytest.mark.parametrize(("code", "said"), [("ja", True), ("ru", False), ("en", False)])
def test_only_the_japanese_interface_says_its_dates_have_the_era_system(marked_catalog, code, said):
    sidebar = sidebar_of(run_page(ui=code))
    assert (f"«{ERA_NOTE}" in sidebar) is said
    assert sidebar.count(ERA_NOTE) == int(said)


# The names on the map follow the interface


def test_the_names_follow_the_interface_when_the_link_names_no_language():
    app = run_page(ui="ja")
    names = app.selectbox(key="language")
    assert names.value == "ja"
    assert map_names_language(app) == "ja"
    assert "lang" not in app.query_params


def test_the_links_language_outranks_the_interfaces():
    app = run_page(ui="ja", lang="en")
    assert app.selectbox(key="language").value == "en"
    assert map_names_language(app) == "en"


def test_english_names_by_default_in_english():
    app = run_page()
    assert app.selectbox(key="language").value == "en"
    assert map_names_language(app) == "en"


def test_choosing_the_interfaces_language_leaves_it_out_of_the_link():
    app = run_page(ui="ja", lang="ru")
    app.selectbox(key="language").select("en").run()
    assert app.query_params["lang"] == "en"  # kept: without it the names would be Japanese
    assert map_names_language(app) == "en"
    app.selectbox(key="language").select("ja").run()
    assert "lang" not in app.query_params
    assert map_names_language(app) == "ja"
    assert app.query_params["ui"] == "ja"


def test_the_names_languages_are_named_in_the_interfaces_language():
    assert run_page(ui="ja").selectbox(key="language").options[:2] == ["英語", "日本語"]
    assert run_page().selectbox(key="language").options[:2] == ["English", "Japanese"]


# The interface's language stays in the link


def test_the_interface_stays_in_the_link_after_choosing_a_place():
    app = run_page(ui="ja")
    app.selectbox(key="place_select").select("kherson").run()
    assert app.query_params["place"] == "kherson" and app.query_params["ui"] == "ja"
    # AppTest has no address, so the share link is relative, shown as text.
    assert "<p>/?place=kherson&amp;ui=ja</p>" in html_of(app)


def test_the_interface_chosen_in_the_menu_stays_in_the_link_and_the_share_link():
    app = run_page(place="kherson")
    app.selectbox(key="interface_menu").select("uk").run()
    app.slider(key="years").set_value((1900, 1950)).run()
    assert app.query_params["ui"] == "uk" and app.query_params["place"] == "kherson"
    assert "<p>/?place=kherson&amp;from=1900&amp;to=1950&amp;ui=uk</p>" in html_of(app)


def test_a_forged_menu_value_never_reaches_the_page_s_script():
    # The browser sends the menu's value; a forged one ("en';alert(1)//") is ignored.
    def page() -> None:
        import streamlit as st

        from storymap.ui.interface import choose_interface_language, interface_menu

        st.session_state["_interface_language"] = "en';alert(1)//"
        st.session_state["chosen"] = choose_interface_language()
        interface_menu()  # which marks the page's language

    app = AppTest.from_function(page, default_timeout=30).run()
    scripts = [
        element.proto.body for element in app.get("html") if element.proto.unsafe_allow_javascript
    ]
    assert scripts == ['<script>document.documentElement.lang = "en";</script>']
    assert app.session_state["chosen"] == "en"


def test_a_download_made_on_press_is_made_in_the_language_it_was_offered_in():
    # Streamlit makes the file later, on a thread of its own, where no language is set.
    import threading

    from storymap.i18n import current_language, speaking
    from storymap.ui.frame import _in_this_language

    with speaking("ja"):
        make = _in_this_language(lambda: current_language().encode())
    made: list[bytes] = []
    thread = threading.Thread(target=lambda: made.append(make()))
    thread.start()
    thread.join()
    assert made == [b"ja"]

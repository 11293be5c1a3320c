"""The app in each interface language with the real catalogs and the default story's real
translations: the map page, a place's panel, the timeline and the upload page speak the
reader's language and write its dates; the article's quotes stay English beside them."""

from __future__ import annotations

import html

import pytest

from storymap.date_text import date_text
from storymap.i18n import INTERFACE_LANGUAGES, SOURCE_LANGUAGE, _, speaking
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.translations import translated
from tests import test_pages
from tests.test_pages import html_of, run_page, sidebar_of

page_titles = test_pages.page_titles  # the fixture: the tab's titles the runs ask for

STORY = load_story(DEFAULT_DATA_FOLDER)
ATTACK = STORY.events_by_id["port-arthur-attack-1904"]  # 8 February 1904, quoted
TRANSLATED = [code for code in INTERFACE_LANGUAGES if code != SOURCE_LANGUAGE]


def said(message: str, code: str) -> str:
    """``message`` as the catalog of ``code`` says it, which must differ from English."""
    with speaking(code):
        text = _(message)
    assert text != message, f"{message!r} has no {code} translation"
    return text


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_map_page_and_a_panel_in_each_language(code):
    app = run_page(ui=code, place="port-arthur")
    page = html_of(app)
    story = translated(STORY, code)
    # The place and its event in the story's own translation, the date as the language
    # writes it.
    assert f"<h2>{html.escape(story.places['port-arthur'].name)}</h2>" in page
    assert html.escape(story.events_by_id[ATTACK.id].title) in page
    assert date_text(ATTACK.date, code) in page
    # The article's words stay verbatim, in English; the translation follows them.
    assert f'<blockquote lang="en">“{html.escape(ATTACK.quote)}”</blockquote>' in page
    assert f'class="quote-translation" lang="{code}"' in page
    # The controls' labels, from the catalog.
    assert app.slider(key="years").label == said("Years", code)
    assert app.selectbox(key="place_select").label == said("Place", code)


def test_the_japanese_panel_gives_the_era_date_beside_the_gregorian():
    page = html_of(run_page(ui="ja", place="port-arthur"))
    assert "1904年2月8日" in page and "明治37年2月8日" in page
    assert "1894年11月21日" in page and "明治27年11月21日" in page
    # Before 1873, when Japan took the Gregorian calendar, the date is Gregorian only.
    kurils = html_of(run_page(ui="ja", place="kuril-islands"))
    assert "1855年2月7日" in kurils and "安政" not in kurils and "明治" in kurils


def test_the_russian_panel_gives_the_old_style_date_labelled():
    page = html_of(run_page(ui="ru", place="port-arthur"))
    assert "8 февраля 1904\u202fг." in page
    assert "26 января 1904\u202fг. по ст. ст." in page


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_timeline_in_each_language(code):
    app = run_page("pages/timeline.py", ui=code)
    assert app.title[0].value == said("Timeline", code)
    page = html_of(app) + "".join(item.value for item in app.markdown)
    assert date_text(ATTACK.date, code) in page


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_upload_page_in_each_language(code):
    app = run_page("pages/upload.py", ui=code)
    assert app.title[0].value == said("Your story", code)
    # The data format's own text is translated too.
    expander_labels = [expander.label for expander in app.expander]
    assert said("The data format: every file and column, with examples", code) in expander_labels


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_tab_and_the_sidebar_name_the_story_in_the_reader_s_language(code, page_titles):
    app = run_page(ui=code)
    title = translated_title_of(code)
    assert page_titles[-1] == said("{title}: a map", code).format(title=title)
    assert html.escape(title) in sidebar_of(app)


def translated_title_of(code: str) -> str:
    from storymap.translations import story_text

    title = story_text(STORY, code, "title")
    assert title and title != "Russia and Japan Have Fought Before, and It Was Won Decisively"
    return title


def test_a_translated_title_is_cleaned_as_a_datapackage_title_is(data_copy, monkeypatch):
    # A right-to-left override would turn the app's own words after the title around.
    path = data_copy / "translations.csv"
    text = path.read_text(encoding="utf-8")
    original = translated_title_of("ru")
    path.write_text(text.replace(original, "\u202e\x1bЗаголовок", 1), encoding="utf-8")
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = run_page(ui="ru")
    assert "Заголовок" in sidebar_of(app) and "\u202e" not in sidebar_of(app)

"""The interface in each language in a real Chromium: chosen by the link, the browser
or the menu; the page's lang attribute; names and era dates; the layout on a phone; and
an accessibility audit of every page in every language."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from storymap.i18n import INTERFACE_LANGUAGES
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

STORY = load_story(DEFAULT_DATA_FOLDER)
PORT_ARTHUR = STORY.places["port-arthur"]


def page_language(page) -> str:
    return page.evaluate("document.documentElement.lang")


def open_in(page, app_url: str, path: str, code: str) -> None:
    """Open ``path`` in the interface language ``code``; wait for its places (on the map
    page) and for the app to finish its run."""
    separator = "&" if "?" in path else "?"
    page.goto(f"{app_url}{path}{separator}ui={code}")
    if path.startswith("/?"):
        driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_app_idle(page)


def wait_for_page_language(page, code: str) -> None:
    page.wait_for_function("code => document.documentElement.lang === code", arg=code)


def test_a_japanese_link_speaks_japanese_names_port_arthur_and_gives_the_era(page, app_url):
    page.goto(f"{app_url}/?ui=ja&place=port-arthur")
    driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_panel(page, "旅順")
    wait_for_page_language(page, "ja")
    panel = page.locator(".place-panel").first
    assert "明治37年" in panel.inner_text()  # the attack of 8 February 1904, in its era
    assert "1904年2月8日" in panel.inner_text()
    assert page.get_by_role("link", name="地図").count() >= 1  # the navigation, in Japanese
    page.mouse.move(*driver.point_of(page, PORT_ARTHUR.lat, PORT_ARTHUR.lon))
    driver.map_frame(page).get_by_text("旅順", exact=False).first.wait_for()
    assert "ui=ja" in page.url


def test_the_browser_s_language_is_the_default(browser, request):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        driver.block_tiles(page)
        page.goto(request.getfixturevalue("app_url") + "/?place=kherson")
        driver.wait_for_panel(page, "Херсон")
        wait_for_page_language(page, "ru")
        assert "ui=" not in page.url  # nothing chosen: the link stays the reader's own
    finally:
        context.close()


def test_the_menu_changes_the_language_and_the_link_keeps_it(page, app_url):
    page.goto(f"{app_url}/?place=portsmouth")
    driver.wait_for_panel(page, "Portsmouth")
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Українська").click()
    wait_for_page_language(page, "uk")
    driver.wait_for_panel(page, "Портсмут")
    assert "ui=uk" in page.url and "place=portsmouth" in page.url
    # Another page keeps the language.
    page.get_by_role("link", name="Хронологія").first.click()
    page.wait_for_url("**/timeline**")
    driver.wait_for_app_idle(page)
    assert page_language(page) == "uk"


# What the reader can see that reaches past the screen's right edge: code blocks scroll
# on their own; a slider's range inputs are clipped to nothing, for screen readers only;
# a box that scrolls sideways and itself fits (a wide table) keeps its content reachable,
# while one that hides its overflow cuts the text off, which is what is looked for.
OVERFLOWING_JS = """() => {
        const insideAScroller = (element) => {
            const main = document.querySelector('[data-testid=stMain]');
            for (let box = element.parentElement; box && box !== main; box = box.parentElement) {
                if (["auto", "scroll"].includes(getComputedStyle(box).overflowX))
                    return box.getBoundingClientRect().right <= window.innerWidth + 1;
            }
            return false;
        };
        return [...document.querySelectorAll(
            '[data-testid=stMain] *')]
        .filter(element => element.checkVisibility({opacityProperty: true,
                                                     visibilityProperty: true})
            && element.getBoundingClientRect().width > 0
            && element.getBoundingClientRect().right > window.innerWidth + 1
            && element.closest('pre, .stCode') === null
            && !element.matches('input[type=range]')
            && !insideAScroller(element))
        .map(element => element.tagName + '.' + element.className + ' '
             + Math.round(element.getBoundingClientRect().right)).slice(0, 5);
    }"""


@pytest.mark.parametrize("code", list(INTERFACE_LANGUAGES))
@pytest.mark.parametrize("path", ["/?place=port-arthur", "/timeline", "/upload"])
def test_the_phone_layout_holds_in_every_language(phone_page, app_url, code, path):
    open_in(phone_page, app_url, path, code)
    if path == "/upload":  # the data format's tables, the widest text of the app
        phone_page.get_by_test_id("stExpander").first.locator("summary").click()
        phone_page.locator("[data-testid=stExpander] table").first.wait_for()
    # Nothing the reader can see reaches past the screen's edge: checked once the page
    # has settled (an expander opening, styles arriving), then as it is.
    with contextlib.suppress(PlaywrightTimeout):
        phone_page.wait_for_function(f"() => ({OVERFLOWING_JS})().length === 0", timeout=10_000)
    overflowing = phone_page.evaluate(OVERFLOWING_JS)
    assert overflowing == []
    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 390


AUDITED = ["/?place=port-arthur", "/timeline", "/sources", "/upload", "/about"]


@pytest.mark.parametrize("code", [code for code in INTERFACE_LANGUAGES if code != "en"])
@pytest.mark.parametrize("path", AUDITED)
def test_no_serious_accessibility_violations_in_any_language(page, app_url, code, path):
    open_in(page, app_url, path, code)
    wait_for_page_language(page, code)
    # The sidebar's menu drawn too: a sidebar still empty of it would be audited as a
    # region that scrolls (CJK text wraps tall in the closed sidebar) with nothing to focus.
    page.get_by_test_id("stSidebarContent").get_by_role("combobox").wait_for(state="attached")
    assert driver.serious_accessibility_violations(page) == []


def test_an_arc_label_names_its_far_place_once_in_the_reader_s_language(page, app_url):
    # The label says where the event happened in Japanese (ポーツマス); the map's name of
    # the place adds its romanization, "ポーツマス (Pōtsumasu)", which must not follow it.
    page.goto(f"{app_url}/?ui=ja&place=port-arthur")
    driver.wait_for_markers(page, len(STORY.places))
    frame = driver.map_frame(page)
    frame.locator(".link-label", has_text="ポーツマス").first.wait_for()
    labels = frame.locator(".link-label").all_inner_texts()
    named = [label for label in labels if "ポーツマス" in label]
    assert named and all(label.count("ポーツマス") == 1 for label in named), named

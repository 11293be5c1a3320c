"""The map page's layout (storymap/layout.py) and its stylesheet agree; the map fills
the frame the page gives it."""

from __future__ import annotations

import re

import pytest

from storymap import layout

CSS = layout.LAYOUT_STYLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", layout.BOX_KEYS)
def test_every_box_is_styled_and_its_wrapper_let_go(key):
    # Streamlit names a container with a key by the class st-key-<key>.
    assert re.search(rf"\.st-key-{re.escape(key)}[\s:{{]", CSS), key
    wrapper_rule = CSS.split('[data-testid="stLayoutWrapper"]:has(')[1].split(")")[0]
    assert f"> .st-key-{key}" in wrapper_rule


def test_every_variable_the_stylesheet_reads_is_set():
    read = set(re.findall(r"var\(--([\w-]+)\)", CSS))
    set_here = set(re.findall(r"--([\w-]+):", CSS))
    set_by_python = set(re.findall(r"--([\w-]+):", layout.layout_variables()))
    assert read and read <= set_here | set_by_python


def test_the_variables_are_the_modules_heights():
    variables = layout.layout_variables()
    assert f"--controls-height: {layout.CONTROLS_HEIGHT}px;" in variables
    assert f"--controls-row-height: {layout.CONTROLS_ROW_HEIGHT}px;" in variables


def test_the_page_under_the_title_opens_only_with_the_maps_frame_or_the_controls():
    # Before, a pixel: after, its content's height.
    assert layout.PAGE_PLACEHOLDER_HEIGHT == 1
    opened = f".st-key-{layout.PAGE_BOX_KEY}:has(iframe, .st-key-{layout.CONTROLS_ROW_KEY}) {{"
    rule = CSS.split(opened, 1)[1].split("}", 1)[0]
    assert "height: auto !important" in rule
    assert "overflow: visible !important" in rule


def test_a_browser_without_has_opens_the_page_at_once():
    fallback = CSS.split("@supports not selector(:has(a)) {", 1)[1].split("}\n}", 1)[0]
    assert f".st-key-{layout.PAGE_BOX_KEY} {{" in fallback
    assert "height: auto !important" in fallback


def test_the_panel_shows_once_its_text_and_its_buttons_are_drawn():
    panel = f".st-key-{layout.PANEL_BOX_KEY}"
    selectors = (
        f'{panel}:not(:has([data-testid="stHtml"])),\n'
        f'{panel}:not(:has([data-testid="stButton"])) {{'
    )
    rule = CSS.split(selectors, 1)[1]
    assert rule.split("}", 1)[0].strip() == "display: none;"


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        ("phone", "--map-height: max(18rem, 48svh);"),
        ("desktop", "--map-height: max(20rem, calc(100svh - 9.4rem));"),
    ],
)
def test_the_map_height_follows_the_window(screen, expected):
    desktop = CSS.split("@media (min-width: 641px)", 1)[1].split("}", 2)[0]
    assert expected in (desktop if screen == "desktop" else CSS.split("@media", 1)[0])


def test_the_map_fills_its_frame_whatever_height_streamlit_folium_gives_it():
    style = layout.map_frame_style("map_0123abcd")
    assert style.startswith("<style>") and style.endswith("</style>")
    assert "#map_0123abcd { height: 100vh !important; }" in style

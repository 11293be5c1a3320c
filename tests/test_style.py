"""The map's style and the words its browser code shows: one contract with storylayer.js."""

from __future__ import annotations

import re

from storymap import style
from storymap.assets import map_code
from storymap.map_script import LAYER_MESSAGES, story_layer_options


def test_a_dimmed_place_sets_nothing_that_an_active_place_would_not_reset():
    # Leaflet merges each new style into the old one.
    assert set(style.DIMMED_PLACE) - {"fillColor"} <= set(style.PLACE)


def test_every_option_the_story_layer_reads_is_sent():
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", map_code("storylayer.js"), flags=re.DOTALL)
    options = story_layer_options("/data.json", popups=False)
    read = {
        "options": set(re.findall(r"(?<![.\w])options\.(\w+)", code)),
        "messages": set(re.findall(r"(?<![.\w])messages\.(\w+)", code)),
        "style": set(re.findall(r"(?<![.\w])style\.(\w+)", code)),
    }
    assert read["options"] and read["options"] <= set(options)
    assert read["messages"] and read["messages"] <= set(LAYER_MESSAGES)
    assert read["style"] and read["style"] <= set(options["style"])


def test_the_style_sent_to_a_browser_is_a_copy():
    sent = style.browser_style()
    sent["place"]["color"] = "#123456"
    assert style.PLACE["color"] != "#123456"


def test_the_legend_dims_as_the_map_does():
    css = style.legend_css()
    dimmed = re.search(r"\.era-mark\.dimmed \{([^}]*)\}", css).group(1)
    assert f"opacity: {style.DIMMED_OPACITY}" in dimmed
    assert f"background: {style.NO_ERA_COLOUR}" in dimmed

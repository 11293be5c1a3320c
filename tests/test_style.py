"""The map's style and the words its browser code shows: one contract with storylayer.js."""

from __future__ import annotations

import re

from storymap import style
from storymap.assets import map_code
from storymap.map_script import basemap_options, layer_messages, story_layer_options


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
    assert read["messages"] and read["messages"] <= set(layer_messages())
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


def test_every_option_and_colour_the_basemap_reads_is_sent():
    code = map_code("storylayer.js")
    section = code[code.index("const WORLD_COPIES") :]  # the basemap's own code
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", section, flags=re.DOTALL)
    read = set(re.findall(r"(?<![.\w])basemap\.(\w+)", code))
    assert read and read <= set(basemap_options(None))
    kinds = set(re.findall(r'"(land|border|coast)"', code)) | set(re.findall(r"look\.(\w+)", code))
    for palette in style.basemap_style().values():
        assert kinds <= set(palette)
    assert style.basemap_style()["light"].keys() == style.basemap_style()["dark"].keys()


def test_the_basemap_keeps_the_dark_marks_over_it_readable_in_both_themes():
    # Relative luminance, as WCAG defines it.
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for palette in style.BASEMAP.values():
        land = luminance(palette["land"]["fillColor"])
        assert palette["land"]["fillColor"] != palette["sea"]
        # The black selection ring and the dark link arcs stay readable on the land.
        for overlay in (style.SELECTION["color"], style.LINK["color"]):
            assert (land + 0.05) / (luminance(overlay) + 0.05) >= 4.5


def test_the_basemap_style_sent_to_a_browser_is_a_copy():
    sent = style.basemap_style()
    sent["light"]["land"]["fillColor"] = "#123456"
    assert style.BASEMAP["light"]["land"]["fillColor"] != "#123456"

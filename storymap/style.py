"""How the map draws a story: every colour, size, opacity and dash, in one place.

The style is written in Leaflet's own path options (``fillColor``, ``dashArray``), so
that the same dictionaries go unchanged to the browser (the story layer's options),
to folium (the selection ring, the arcs) and, through ``legend_css``, to the legend
beside the map, in the app and in the standalone export alike.
"""

from __future__ import annotations

from typing import Any

# Eras' colours for a story that brings none (an imported one): Okabe–Ito's vermillion,
# blue and bluish green, Tol's purple and a dark ochre, each at least 3:1 on the light
# and the dark theme; a sixth era takes the first colour again.
ERA_PALETTE = ("#D55E00", "#0072B2", "#009E73", "#AA4499", "#997700")
NO_ERA_COLOUR = "#7F7F7F"  # a place whose events fall in no era; 4:1 on light and dark
ACCENT_COLOUR = "#D55E00"  # areas: orange, told apart from the eras' colours by most readers
DIMMED_OPACITY = 0.25  # a place with no event in the time window, on the map and in the legend
FEATURED_RADIUS = 14  # pixels: a 28 px target, large enough for a finger
CONTEXT_RADIUS = 9
HOVER_WEIGHT_GAIN = 2  # pixels added to a feature's outline under the pointer

# A place's marker; its fill colour is its era's, chosen in the browser for the view.
PLACE: dict[str, Any] = {"color": "#ffffff", "weight": 2, "opacity": 1, "fillOpacity": 0.9}
# A place with no event in the time window: grey, faint, outline and all. Every key
# but fillColor is also in PLACE: Leaflet merges styles, so a key set here alone
# would stay when the place has events in the window again.
DIMMED_PLACE: dict[str, Any] = {
    "fillColor": NO_ERA_COLOUR,
    "fillOpacity": DIMMED_OPACITY,
    "opacity": DIMMED_OPACITY,
}
# The land a place held or named, for the years it did.
AREA: dict[str, Any] = {
    "color": ACCENT_COLOUR,
    "weight": 3,
    "dashArray": "6 4",
    "opacity": 0.9,
    "fillOpacity": 0.15,
}
# The ring around the selected place.
SELECTION: dict[str, Any] = {"color": "#000000", "weight": 3, "fill": False}
SELECTION_GAP = 6  # pixels between a featured marker's edge and the ring
# An arc from the selected place's event to a linked event elsewhere.
LINK: dict[str, Any] = {"color": "#333333", "weight": 2, "dashArray": "6 6", "opacity": 0.8}
# A line from the selected place to where one of its events happened, or from where an
# event happened to the place it concerns: dotted, told apart from a link's dashes.
HAPPENED_AT: dict[str, Any] = {"color": "#333333", "weight": 2, "dashArray": "1 5", "opacity": 0.8}
# Pixels kept between an arc's label and the map's edge, where the arc leaves the view.
ARC_LABEL_MARGIN = 8

# The timeline chart: an event's span, its point, and the events not clicked.
CHART_SPAN_WIDTH = 8  # pixels
CHART_POINT_AREA = 160  # square pixels (Vega-Lite sizes points by area)
CHART_UNPICKED_OPACITY = 0.5


# An event's image: a box of this shape (width and height, as the image element's own
# attributes give it before any style arrives), as wide as the panel and no taller
# than MEDIA_MAX_HEIGHT, kept before the image arrives (so that nothing under it
# moves), with the image fitted inside it whole, whatever its own shape.
MEDIA_BOX = (640, 360)
MEDIA_MAX_HEIGHT = "16rem"
MEDIA_BACKGROUND = "rgba(128, 128, 128, 0.12)"  # the box, until the image fills it


def marker_radius(featured: bool) -> int:
    return FEATURED_RADIUS if featured else CONTEXT_RADIUS


def selection_radius() -> int:
    return FEATURED_RADIUS + SELECTION_GAP


def browser_style() -> dict[str, Any]:
    """The style as the story layer's script takes it (see static/storylayer.js)."""
    return {
        "place": dict(PLACE),
        "dimmedPlace": dict(DIMMED_PLACE),
        "area": dict(AREA),
        "hoverWeightGain": HOVER_WEIGHT_GAIN,
        "arcLabelMargin": ARC_LABEL_MARGIN,
    }


def legend_css() -> str:
    """The legend's marks: each era's colour, and a place with no events dimmed as the
    map dims it."""
    return (
        "ul.legend { list-style: none; padding-left: 0; margin: 0.4rem 0; display: flex;\n"
        "  flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; }\n"
        ".era-mark { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;\n"
        "  margin-right: 0.35em; vertical-align: -0.05em;\n"
        "  border: 1px solid rgba(128, 128, 128, 0.6); }\n"
        f".era-mark.dimmed {{ background: {NO_ERA_COLOUR}; opacity: {DIMMED_OPACITY}; }}\n"
    )


def media_css() -> str:
    """An event's image and media link, in the panel, the tour, the timeline's list, the
    list of events without a place and the standalone map alike."""
    width, height = MEDIA_BOX
    return (
        # No wider than the box at its greatest height: a wide panel (the timeline's)
        # would otherwise frame a small picture in wide grey bars.
        f".event-media {{ margin: 0.4rem 0; max-width: min(100%, calc({MEDIA_MAX_HEIGHT} * "
        f"{width} / {height})); }}\n"
        ".event-media img { display: block; width: 100%; max-width: 100%; height: auto;\n"
        f"  aspect-ratio: {width} / {height}; max-height: {MEDIA_MAX_HEIGHT};\n"
        f"  object-fit: contain; background: {MEDIA_BACKGROUND}; }}\n"
        ".event-media figcaption { font-size: 0.8rem; margin-top: 0.2rem; }\n"
        ".event-media-link { font-size: 0.9rem; margin: 0.3rem 0; }\n"
        ".event-media-link a { overflow-wrap: anywhere; }\n"
    )


# The basemap under the tiles (storymap/basemap.py): what the reader sees where the
# tiles fail, or with none. Its pane sits under the tiles' (Leaflet's tile pane: 200).
BASEMAP_Z_INDEX = 150
# A palette for each of the page's themes. Both are light under the places, as the
# tiles are, so that the black selection ring and the dark link arcs stay readable;
# the dark theme's is dimmer, not to glare in a dark page. The sea is the map's own
# background, so it shows before the land has arrived.
BASEMAP: dict[str, dict[str, Any]] = {
    "light": {
        "sea": "#AAD3DF",
        "land": {"stroke": False, "fillColor": "#F2EFE9", "fillOpacity": 1},
        "coast": {"color": "#5F8FA6", "weight": 1, "opacity": 1},
        "border": {"color": "#9A8478", "weight": 1, "opacity": 1, "dashArray": "4 3"},
    },
    "dark": {
        "sea": "#7A9DAE",
        "land": {"stroke": False, "fillColor": "#D3CDC1", "fillOpacity": 1},
        "coast": {"color": "#4A6B7C", "weight": 1, "opacity": 1},
        "border": {"color": "#7D685C", "weight": 1, "opacity": 1, "dashArray": "4 3"},
    },
}


def basemap_style() -> dict[str, Any]:
    """The basemap's palettes as its script takes them (basemapLayer, storylayer.js): a copy."""
    return {
        theme: {
            kind: value if isinstance(value, str) else dict(value)
            for kind, value in palette.items()
        }
        for theme, palette in BASEMAP.items()
    }

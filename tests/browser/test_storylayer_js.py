"""The map's browser code (storymap/static/storylayer.js) on a page of its own.

No Streamlit and no server: Leaflet and the story layer's script are loaded into a
blank page, and their rules are checked as tables. Where the browser and Python must
agree (which years meet a window, which places have events in it, which areas exist
then), the same table is run on both sides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storymap import style
from storymap.assets import MAP_CODE_SOURCE
from storymap.load import load_story
from storymap.map_features import inline_story_data, story_features
from storymap.map_script import LAYER_MESSAGES, basemap_options, story_layer_options
from storymap.synth import write_synthetic_story
from storymap.window import TimeWindow
from tests.browser.driver import PROJECT_ROOT

pytestmark = pytest.mark.browser

STORY = load_story(PROJECT_ROOT / "data")


def _leaflet_script() -> Path:
    import xstatic.pkg.leaflet as leaflet_package

    return Path(leaflet_package.BASE_DIR) / "leaflet.js"


@pytest.fixture
def js(page):
    """A blank page with Leaflet and the story layer's script, and a map to draw on."""
    page.set_content('<!doctype html><div id="map" style="width:640px;height:480px"></div>')
    page.add_script_tag(path=str(_leaflet_script()))
    page.add_script_tag(path=str(MAP_CODE_SOURCE / "storylayer.js"))
    return page


def view(first: int, last: int, language: str | None = None) -> dict:
    return {"from": first, "to": last, "lang": language}


# (first year, last year or None for "still", window) -> meets
MEETS = [
    (1904, 1905, (1900, 1910), True),
    (1904, 1905, (1905, 1910), True),  # the last year touches the window
    (1904, 1905, (1906, 1910), False),
    (1904, 1905, (1890, 1904), True),  # the first year touches the window
    (1904, 1905, (1890, 1903), False),
    (1945, None, (2020, 2022), True),  # open-ended: still so
    (1945, None, (1900, 1944), False),
    (-500, -400, (-450, -450), True),  # before the common era
]


@pytest.mark.parametrize(("first", "last", "window", "expected"), MEETS)
def test_years_meet_a_window_in_the_browser_as_in_python(js, first, last, window, expected):
    in_browser = js.evaluate(
        "([first, last, view]) => StoryMap.meets(first, last, view)",
        [first, last, view(*window)],
    )
    assert in_browser is expected
    assert TimeWindow(*window).meets(first, last) is expected


def port_arthur() -> dict:
    return next(
        feature["properties"]
        for feature in story_features(STORY)["features"]
        if feature["properties"]["place_id"] == "port-arthur"
        and feature["properties"]["kind"] == "place"
    )


@pytest.mark.parametrize(
    ("language", "first", "last", "expected"),
    [
        ("ja", 1905, 1945, "旅順 (Ryojun)"),
        ("ru", 1898, 1905, "Порт-Артур (Port-Artur)"),
        ("ru", 1950, 2022, "Порт-Артур (Port-Artur)"),  # no name in use then: the latest
        (None, 1900, 1910, "Port Arthur"),  # no language: the main name
        ("ko", 1900, 1910, "Port Arthur"),  # no name in that language: the main name
    ],
)
def test_a_place_is_named_in_a_language_as_it_was_in_the_window(
    js, language, first, last, expected
):
    name = js.evaluate(
        "([props, view]) => StoryMap.nameFor(props, view)",
        [port_arthur(), view(first, last, language)],
    )
    assert name == expected


PROPS = {
    "label": "Somewhere",
    "radius": style.FEATURED_RADIUS,
    "names": {},
    "events": [[1904, 1905, "#111111"], [1945, 1945, "#222222"]],
}


@pytest.mark.parametrize(
    ("window", "active", "fill"),
    [
        ((1900, 1950), True, "#222222"),  # the last event shown gives the colour
        ((1900, 1910), True, "#111111"),
        ((1906, 1944), False, style.NO_ERA_COLOUR),
    ],
)
def test_a_place_is_coloured_by_its_last_event_in_the_window_or_dimmed(js, window, active, fill):
    look = js.evaluate(
        "([props, view, options]) => StoryMap.placeLook(props, view, options.style,"
        " options.messages)",
        [PROPS, view(*window), story_layer_options("unused", popups=False)],
    )
    assert look["active"] is active
    assert look["style"]["fillColor"] == fill
    assert look["style"]["radius"] == style.FEATURED_RADIUS
    assert look["style"]["color"] == style.PLACE["color"]
    if active:
        assert look["style"]["fillOpacity"] == style.PLACE["fillOpacity"]
        assert look["label"] == "Somewhere"
    else:
        assert look["style"]["fillOpacity"] == style.DIMMED_OPACITY
        assert look["style"]["opacity"] == style.DIMMED_OPACITY
        assert look["label"] == LAYER_MESSAGES["noEvents"].format(place="Somewhere")


HOSTILE = '<img src=x onerror="window.attacked = true">'


def popup_of(js, details: dict, names: dict | None = None) -> dict:
    props = {"label": HOSTILE, "names": names or {}, "details": details}
    return js.evaluate(
        """([props, messages]) => {
            const box = StoryMap.popupFor(props, messages);
            document.body.appendChild(box);
            const link = box.querySelector("a");
            return {
                text: box.innerText,
                elements: box.querySelectorAll("img, script").length,
                heading: box.querySelector("h2").textContent,
                link: link && {href: link.getAttribute("href"), rel: link.rel,
                               target: link.target, text: link.textContent},
                attacked: window.attacked === true,
            };
        }""",
        [props, LAYER_MESSAGES],
    )


def test_a_popup_holds_the_datas_text_as_text_never_as_markup(js):
    event = {
        "date": "8 February 1904",
        "title": HOSTILE,
        "summary": "<script>window.attacked = true</script>",
        "quote": "A quote",
        "quoteTranslation": "<img src=x onerror='window.attacked = true'>",
        "source": "A source",
        "url": "https://example.org/a",
    }
    popup = popup_of(js, {"today": "Lüshunkou", "note": "", "events": [event]}, {"ja": [["旅順"]]})
    assert popup["elements"] == 0 and popup["attacked"] is False
    assert popup["heading"] == HOSTILE
    assert "8 February 1904: " + HOSTILE in popup["text"]
    assert "“A quote”" in popup["text"]  # the source's words, in English marks
    assert "Translation: <img src=x" in popup["text"]  # beside them, as text
    assert "Today: Lüshunkou" in popup["text"] and "旅順 (ja)" in popup["text"]
    assert popup["link"] == {
        "href": "https://example.org/a",
        "rel": "noopener noreferrer",
        "target": "_blank",
        "text": "A source",
    }


def test_a_popup_cites_a_source_without_an_address_as_text(js):
    event = {
        "date": "1905",
        "title": "T",
        "summary": "S",
        "quote": "",
        "source": "A book",
        "url": "",
    }
    popup = popup_of(js, {"today": "", "note": "", "events": [event]})
    assert popup["link"] is None and "Source: A book" in popup["text"]


def test_a_popup_says_how_sure_an_event_is_and_where_it_happened_in_words(js):
    event = {
        "date": "August 2021",
        "title": "Leaked letter",
        "status": "Reported: a claim attributed to someone, not verified",
        "where": "Concerning this place; happened in Moscow",
        "summary": "S",
        "quote": "",
        "source": "The article",
        "url": "",
    }
    popup = popup_of(js, {"today": "", "note": "", "events": [event]})
    lines = popup["text"].splitlines()
    assert event["status"] in lines and event["where"] in lines
    # An event with nothing to say of either has no line for them.
    plain = popup_of(
        js, {"today": "", "note": "", "events": [{**event, "status": "", "where": ""}]}
    )
    assert "Reported" not in plain["text"] and "happened at" not in plain["text"]


def test_a_popup_of_a_place_with_no_events_says_so(js):
    popup = popup_of(js, {"today": "", "note": "", "events": []})
    assert LAYER_MESSAGES["noEventsRecorded"] in popup["text"]


DRAWN_JS = """([options, view]) => new Promise((resolve) => {
    const map = L.map("map", {preferCanvas: true}).setView([40, 120], 2);
    const layer = StoryMap.storyLayer(map, options);
    const read = () => {
        window.applyStoryView(view);
        const places = {}, areas = [];
        layer.eachLayer((item) => {
            const props = item.feature.properties;
            if (props.kind === "area") areas.push(props.label);
            else places[props.place_id] = {fill: item.storyStyle.fillColor,
                                           opacity: item.storyStyle.opacity,
                                           label: item.storyLabel};
        });
        resolve({places, areas: areas.sort()});
    };
    const wait = () => (layer.getLayers().length ? read() : setTimeout(wait, 20));
    wait();
})"""


def python_side(story, window: TimeWindow) -> dict:
    """What Python says the map shows for ``window``: each place's colour or dimmed."""
    places = {}
    for place in story.places.values():
        # Its own events and those that happened there for other places.
        shown = [event for event in story.events_at(place.id) if window.contains_date(event.date)]
        era = story.era_of(shown[-1]) if shown else None
        places[place.id] = (bool(shown), (era.colour if era else style.NO_ERA_COLOUR))
    areas = sorted(
        area.name
        for area in story.areas
        if window.meets(area.year_from if area.year_from is not None else -9999, area.year_to)
    )
    return {"places": places, "areas": areas}


def synthetic_story(tmp_path: Path):
    folder = tmp_path / "synthetic"
    write_synthetic_story(folder, places=300, events_per_place=3, seed=7)
    return load_story(folder)


@pytest.mark.parametrize("which", ["the article's story", "a synthetic story"])
@pytest.mark.parametrize("window", [None, (1904, 1905), (1940, 1960), (2022, 2022), (1700, 1800)])
def test_the_browser_shows_what_python_says_is_in_the_window(js, tmp_path, which, window):
    story = STORY if which == "the article's story" else synthetic_story(tmp_path)
    window = TimeWindow(*window) if window else story.span
    options = story_layer_options(inline_story_data(story), popups=False)
    drawn = js.evaluate(DRAWN_JS, [options, view(window.first, window.last)])
    expected = python_side(story, window)
    assert set(drawn["places"]) == set(expected["places"])
    for place_id, (active, colour) in expected["places"].items():
        place = drawn["places"][place_id]
        assert place["fill"] == colour, place_id
        assert place["opacity"] == (1 if active else style.DIMMED_OPACITY), place_id
        dimmed = LAYER_MESSAGES["noEvents"].removeprefix("{place}")
        assert place["label"].endswith(dimmed) is (not active)
    assert drawn["areas"] == expected["areas"]


# (frame, moves now, moves when last framed: None for a map not framed yet) -> moves
SHOULD_MOVE = [
    ({"centre": [1, 2], "zoom": 7}, 0, None, True),  # a new map opens on its place
    ({"centre": [1, 2], "zoom": 7}, 0, 0, False),  # a click on the map: the view stays
    ({"centre": [1, 2], "zoom": 7}, 1, 0, True),  # chosen from the list, a tour, a button
    (None, 1, 0, False),  # nothing chosen: nowhere to go
    (None, 0, None, False),
]


@pytest.mark.parametrize(("frame", "moves", "last_moves", "expected"), SHOULD_MOVE)
def test_the_map_moves_only_for_a_new_map_or_a_place_chosen_elsewhere(
    js, frame, moves, last_moves, expected
):
    moved = js.evaluate(
        "([view, last]) => window.StoryMap.shouldMove(view, last)",
        [{"frame": frame, "moves": moves}, last_moves],
    )
    assert moved is expected


# A straight arc across a 100x100 view, and which part of it a label may sit on.
ARC = [{"x": 50, "y": 50}, {"x": 150, "y": 50}, {"x": 250, "y": 50}]
INSIDE = "(point) => point.x >= 10 && point.x <= 90 && point.y >= 10 && point.y <= 90"


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (ARC[:2], {"point": {"x": 90, "y": 50}, "atEdge": True}),  # middle out: at the edge
        ([{"x": 20, "y": 50}, {"x": 80, "y": 50}], {"point": {"x": 50, "y": 50}, "atEdge": False}),
        (list(reversed(ARC)), {"point": {"x": 90, "y": 50}, "atEdge": True}),  # either way
        ([{"x": 500, "y": 500}, {"x": 600, "y": 600}], None),  # wholly out of view
    ],
)
def test_an_arc_is_labelled_at_its_middle_or_where_it_leaves_the_view(js, points, expected):
    spot = js.evaluate(f"(points) => window.StoryMap.arcLabelSpot(points, {INSIDE})", points)
    if expected is None:
        assert spot is None
        return
    assert spot["atEdge"] is expected["atEdge"]
    if expected["atEdge"]:
        assert spot["point"]["x"] == pytest.approx(90, abs=0.1)
    else:
        assert spot["point"] == expected["point"]
    assert spot["point"]["y"] == pytest.approx(50)


MAP_SIZE = {"x": 300, "y": 100}


@pytest.mark.parametrize(
    ("point", "taken", "expected"),
    [
        ({"x": 150, "y": 50}, [], (150, 50)),  # room where it is
        # one label there already: the next one stacks below it, then above
        ({"x": 150, "y": 50}, [{"x": 100, "y": 40, "width": 100, "height": 20}], (150, 72)),
        (
            {"x": 150, "y": 50},
            [
                {"x": 100, "y": 40, "width": 100, "height": 20},
                {"x": 100, "y": 62, "width": 100, "height": 20},
            ],
            (150, 28),
        ),
        # a full column: no room, the label is left out rather than laid over another
        ({"x": 150, "y": 50}, [{"x": 0, "y": 0, "width": 300, "height": 100}], None),
    ],
)
def test_an_arcs_label_is_placed_clear_of_the_labels_already_there(js, point, taken, expected):
    spot = js.evaluate(
        "([point, taken, size]) => window.StoryMap.clearSpot(point, 100, 20, taken, size, 4)",
        [point, taken, MAP_SIZE],
    )
    placed = None if spot is None else (spot["x"], spot["y"])
    assert placed == expected


# Counts every read of a link label's size, and keeps the map folium names map_<hex>.
COUNT_LABEL_SIZE_READS_JS = """
window.__labelSizeReads = 0;
for (const name of ["offsetWidth", "offsetHeight"]) {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
    Object.defineProperty(HTMLElement.prototype, name, {
        configurable: true,
        get() {
            if (this.classList.contains("link-label")) window.__labelSizeReads++;
            return original.get.call(this);
        },
    });
}
"""
HUB_MAP_JS = "Object.values(window).find(value => value instanceof L.Map)"


def hub_of_links(count: int):
    """A place linked to ``count`` others round it, whose names hold markup, and where
    as many of its events happened elsewhere."""
    import math

    from storymap.dates import parse_span
    from storymap.model import Event, Link, Place, Source, Story

    places = {"hub": Place("hub", "Hub <b>bold</b>", 45.0, 10.0, "featured", zoom=12)}
    events, links = [], []
    for number in range(count):
        turn = 2 * math.pi * number / count
        place_id = f"p{number}"
        places[place_id] = Place(
            place_id,
            f"P{number} <img src=x onerror=window.__pwned=1>",
            45 + 30 * math.sin(turn),
            10 + 60 * math.cos(turn),
            "context",
        )
        events.append(
            Event(f"h{number}", "hub", parse_span("1900"), "Here", "S", "s", happened_at=place_id)
        )
        events.append(Event(f"o{number}", place_id, parse_span("1901"), "There", "S", "s"))
        links.append(Link(f"h{number}", f"o{number}", "leads-to", f"L{number} ${{x}} `y`"))
    return Story.build(places, events, {"s": Source("s", "reference", "A source")}, links=links)


def test_a_place_with_hundreds_of_links_labels_its_arcs_measuring_each_label_once(browser):
    # Every label's size was read again for each point of its arc tried (a thousand for
    # an arc that leaves a close view): a labelling pass of 50 arcs took a fifth of a
    # second on a phone, after every pan and zoom. Now a label is measured once for each
    # text it tries: its own, and with the far place's name.
    from storymap.assets import MapAssets, leaflet_folder, map_bundle
    from storymap.folium_map import MAX_ARCS, build_base_map, link_arcs, story_layer

    story = hub_of_links(300)
    assert len(link_arcs(story, story.span, "hub")) == MAX_ARCS
    base_map = build_base_map(story, MapAssets("local"), inline_story_data(story), tiles=False)
    story_layer(story, story.span, "hub").add_to(base_map)
    files = {
        "/map.html": ("text/html", base_map.get_root().render()),
        "/app/static/storymap/map.js": ("text/javascript", map_bundle()),
        "/app/static/vendor/leaflet/leaflet.css": (
            "text/css",
            (leaflet_folder() / "leaflet.css").read_text(encoding="utf-8"),
        ),
    }

    def serve(route):
        path = "/" + route.request.url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        kind, body = files.get(path, ("text/plain", None))
        if body is None:
            route.abort()
        else:
            route.fulfill(status=200, content_type=kind, body=body)

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.route("**/*", serve)
    context.add_init_script(COUNT_LABEL_SIZE_READS_JS)
    page = context.new_page()
    try:
        page.goto("http://storymap.test/map.html")
        # Framed on the hub at its zoom: every arc leaves the view, its label at the edge.
        page.wait_for_function(
            f"() => {{ const map = {HUB_MAP_JS}; return map && map.getZoom() === 12 "
            "&& document.querySelectorAll('.link-label span').length >= 1; }",
            polling="raf",
        )
        reads, labels = page.evaluate(
            f"""async () => {{
                const map = {HUB_MAP_JS};
                const frame = () => new Promise(requestAnimationFrame);
                await frame(); await frame();
                window.__labelSizeReads = 0;
                map.setView([45, 10], 11, {{animate: false}});
                await frame(); await frame();
                const labels = [...document.querySelectorAll(".link-label")];
                return [window.__labelSizeReads, labels.map((label) => ({{
                    shown: label.style.visibility !== "hidden",
                    text: label.textContent,
                    elements: [...label.querySelectorAll("*")].map((node) => node.tagName),
                }}))];
            }}"""
        )
        assert len(labels) == MAX_ARCS
        assert [label for label in labels if label["shown"]]
        # A few reads of each label's size (Leaflet's own, as it places a label, among
        # them), not a few for each point of its arc tried: that was over 100,000.
        assert 0 < reads <= 20 * MAX_ARCS, reads
        for label in labels:  # the data's markup stays text: one span, no other element
            assert label["elements"] == ["SPAN"], label
        assert any("<img src=x" in label["text"] for label in labels if label["shown"])
        assert page.evaluate("window.__pwned") is None
    finally:
        context.close()


# --- the basemap under the tiles (basemapLayer) ---------------------------------------

# Two squares of land side by side (a border between them), one reaching the
# antimeridian, and a sea around them.
BASEMAP = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"kind": "land"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[[-40, -20], [0, -20], [0, 20], [-40, 20], [-40, -20]]],
                    [[[0, -20], [40, -20], [40, 20], [0, 20], [0, -20]]],
                    [[[170, 50], [180, 50], [180, 60], [170, 60], [170, 50]]],
                ],
            },
        },
        {
            "type": "Feature",
            "properties": {"kind": "border"},
            "geometry": {"type": "MultiLineString", "coordinates": [[[0, -20], [0, 20]]]},
        },
    ],
}

# A finer level for a place: one small island, to tell it from the world level.
DETAIL = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"kind": "land"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"kind": "border"},
            "geometry": {"type": "MultiLineString", "coordinates": []},
        },
    ],
}
LEVELS = {"world": BASEMAP, "detail": DETAIL}

BASEMAP_DRAWN_JS = """([options, data]) => new Promise((resolve) => {
    const map = L.map("map", {preferCanvas: true}).setView([0, 0], 2);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png").addTo(map);
    window.map = map;
    const group = StoryMap.basemapLayer(map, options, data);
    const read = () => {
        const pane = map.getPane(options.pane);
        const paths = group.getLayers();
        resolve({
            paneZ: Number(getComputedStyle(pane).zIndex),
            tileZ: Number(getComputedStyle(map.getPane("tilePane")).zIndex),
            pointerEvents: getComputedStyle(pane).pointerEvents,
            canvases: pane.querySelectorAll("canvas").length,
            paths: paths.length,
            interactive: paths.filter((path) => path.options.interactive !== false).length,
            inPane: paths.filter((path) => path.options.pane === options.pane).length,
            sea: getComputedStyle(map.getContainer()).backgroundColor,
            attribution: map.attributionControl.getContainer().textContent,
        });
    };
    // Land, borders and coast: each placed in a task of its own.
    const wait = () => (group.getLayers().length === 3 ? read() : setTimeout(wait, 20));
    wait();
})"""


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def test_the_basemap_is_drawn_under_the_tiles_and_takes_no_clicks(js):
    js.add_style_tag(path=str(_leaflet_script().with_name("leaflet.css")))  # the panes' order
    options = basemap_options(None, credited=True)
    drawn = js.evaluate(BASEMAP_DRAWN_JS, [options, LEVELS])
    assert drawn["paneZ"] == style.BASEMAP_Z_INDEX < drawn["tileZ"] == 200
    assert drawn["pointerEvents"] == "none"
    assert drawn["canvases"] == 1
    # Land, borders and coast, in the one copy of the world the view shows.
    assert drawn["paths"] == drawn["inPane"] == 3
    assert drawn["interactive"] == 0
    assert drawn["sea"] == rgb(style.BASEMAP["light"]["sea"])
    assert "Natural Earth" in drawn["attribution"]
    # A click on the land reaches the map itself, not the basemap's canvas.
    x, y = js.evaluate("""() => {
        window.clicked = null;
        window.map.once("click", (event) => { window.clicked = event.originalEvent.target; });
        const point = window.map.latLngToContainerPoint([10, -20]);
        const box = window.map.getContainer().getBoundingClientRect();
        return [point.x + box.left, point.y + box.top];
    }""")
    js.mouse.click(x, y)
    js.wait_for_function("window.clicked !== null")
    assert js.evaluate("window.clicked === window.map.getContainer()")


def test_a_basemap_on_a_map_with_tiles_credits_no_one_in_the_corner(js):
    drawn = js.evaluate(BASEMAP_DRAWN_JS, [basemap_options(None), LEVELS])
    assert "Natural Earth" not in drawn["attribution"]


URLS = {
    "world": "/app/static/storymap/basemap.json?v=1",
    "detail": "/app/static/storymap/basemap-detail.json?v=1",
}


def test_the_basemap_is_fetched_after_the_maps_first_paint_and_its_detail_when_zoomed_in(js):
    result = js.evaluate(
        """([options, levels]) => new Promise((resolve) => {
            const calls = [];
            let painted = false;
            window.requestAnimationFrame(() => { painted = true; });
            window.fetch = (url) => {
                calls.push({url: url, painted: painted});
                const name = Object.keys(options.urls).find((key) => options.urls[key] === url);
                return Promise.resolve(new Response(JSON.stringify(levels[name])));
            };
            const map = L.map("map").setView([0, 0], 2);
            const group = StoryMap.basemapLayer(map, options);
            const during = calls.length;
            const drawnLand = () => group.getLayers()
                .filter((path) => path instanceof L.Polygon)
                .map((path) => path.getBounds().getWest());
            const atZoom2 = () => {
                if (!group.getLayers().length) return setTimeout(atZoom2, 20);
                const world = {calls: calls.length, land: drawnLand()};
                map.setView([10.5, 10.5], 7, {animate: false});
                const atZoom7 = () => (calls.length < 2 || drawnLand()[0] !== 10
                    ? setTimeout(atZoom7, 20)
                    : resolve({during: during, world: world, calls: calls, detail: drawnLand()}));
                atZoom7();
            };
            atZoom2();
        })""",
        [basemap_options(URLS), LEVELS],
    )
    assert result["during"] == 0  # the map's script does not wait for it
    assert result["world"] == {"calls": 1, "land": [-40]}
    assert result["calls"] == [
        {"url": URLS["world"], "painted": True},  # after the map's first paint
        {"url": URLS["detail"], "painted": True},  # only once zoomed in to a place
    ]
    assert result["detail"] == [10]  # the detail, in place of the world


@pytest.mark.parametrize(
    ("west", "east", "copies"),
    [
        (-100, 100, [0]),
        (-200, 100, [-360, 0]),  # past the antimeridian in the west: the copy there too
        (150, 210, [0, 360]),
        (-540, 540, [-360, 0, 360]),  # the widest view, at zoom 1
        (185, 200, [360]),  # wholly in the copy east of the antimeridian
    ],
)
def test_the_world_is_drawn_in_the_copies_the_view_shows(js, west, east, copies):
    shown = js.evaluate(
        "([west, east]) => StoryMap.copiesIn(L.latLngBounds([[-10, west], [10, east]]))",
        [west, east],
    )
    assert shown == copies


@pytest.mark.parametrize(
    ("zoom", "level"), [(1, "world"), (5, "world"), (6, "detail"), (12, "detail")]
)
def test_the_detail_is_drawn_from_a_places_zoom(js, zoom, level):
    levels = basemap_options(None)["levels"]
    assert (
        js.evaluate("([levels, zoom]) => StoryMap.levelAt(levels, zoom)", [levels, zoom]) == level
    )


FRAME_RINGS = [
    # (ring, the coast drawn of it)
    ([[0, 0], [0, 1], [1, 1], [0, 0]], [[[0, 0], [0, 1], [1, 1], [0, 0]]]),
    (  # cut along the antimeridian: that edge is not coast
        [[170, 60], [180, 60], [180, 70], [170, 70], [170, 60]],
        [[[170, 60], [180, 60]], [[180, 70], [170, 70], [170, 60]]],
    ),
    (  # Antarctica, closed along the South Pole's parallel and cut at ±180
        [[-180, -80], [-180, -90], [180, -90], [180, -80], [0, -70], [-180, -80]],
        [[[180, -80], [0, -70], [-180, -80]]],
    ),
    (  # touching the antimeridian at one point only
        [[170, 0], [180, 5], [170, 10], [170, 0]],
        [[[170, 0], [180, 5], [170, 10], [170, 0]]],
    ),
]


@pytest.mark.parametrize(("ring", "coast"), FRAME_RINGS)
def test_the_coast_is_the_lands_outline_without_its_cuts(js, ring, coast):
    assert js.evaluate("ring => StoryMap.coastOf(ring)", ring) == coast


@pytest.mark.parametrize(
    ("background", "theme"),
    [
        ("#0e1117", "dark"),  # Streamlit's dark theme
        ("#ffffff", "light"),
        ("#fff", "light"),
        ("#262730", "dark"),
        ("", "light"),  # no theme given: the standalone export
        ("rgb(0, 0, 0)", "light"),  # not a colour Streamlit sends: as no theme
    ],
)
def test_the_basemaps_palette_follows_the_pages_theme(js, background, theme):
    found = js.evaluate(
        """background => {
            document.documentElement.style.setProperty("--background-color", background);
            return StoryMap.themeOf(document);
        }""",
        background,
    )
    assert found == theme
    assert set(style.BASEMAP) == {"light", "dark"}


@pytest.mark.parametrize(
    ("media", "expected"),
    [
        (
            {
                "kind": "image",
                "url": "https://example.org/a.png",
                "label": HOSTILE,
                "caption": "A harbour — " + HOSTILE,
                "width": 640,
                "height": 360,
            },
            {
                "tag": "FIGURE",
                "src": "https://example.org/a.png",
                "alt": HOSTILE,
                "loading": "lazy",
                "size": [640, 360],
                "text": "A harbour — " + HOSTILE,
                "link": None,
            },
        ),
        (
            {
                "kind": "link",
                "url": "https://youtu.be/a",
                "label": "Video on youtu.be",
                "caption": "",
            },
            {
                "tag": "P",
                "src": None,
                "alt": None,
                "loading": None,
                "size": None,
                "text": "Video on youtu.be",
                "link": ["https://youtu.be/a", "_blank", "noopener noreferrer"],
            },
        ),
        ({"kind": "link", "url": "javascript:alert(1)", "label": "x", "caption": ""}, None),
    ],
)
def test_a_popups_media_is_an_image_or_a_link_with_text_as_text(js, media, expected):
    js.route("https://example.org/**", lambda route: route.abort())  # nothing leaves
    shown = js.evaluate(
        """media => {
            const node = StoryMap.mediaFor(media);
            if (!node) return null;
            document.body.appendChild(node);
            const image = node.querySelector("img");
            const link = node.querySelector("a");
            return {
                tag: node.tagName,
                src: image && image.getAttribute("src"),
                alt: image && image.alt,
                loading: image && image.loading,
                size: image && [image.width, image.height],
                text: node.innerText,
                link: link && [link.getAttribute("href"), link.target, link.rel],
            };
        }""",
        media,
    )
    assert shown == expected
    assert js.evaluate("window.attacked === true") is False

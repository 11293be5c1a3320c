"""The basemap seen as a reader sees it: with the tiles blocked, with none, and in the
standalone export opened offline. Each test reads the pixels of a screenshot: land in
the land's colour, sea in the sea's, never the grey of a map with nothing under it."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from storymap import style
from storymap.export import write_standalone_html
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_tiles import map_credit
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(DEFAULT_DATA_FOLDER)
# Far from the story's markers and areas, from borders and from coasts, and in view
# when the map opens on every place.
LAND = {"Siberia": (62.0, 100.0), "Greenland": (72.0, -40.0)}
SEA = {"the Atlantic": (30.0, -40.0), "the Arabian Sea": (15.0, 63.0)}
LEAFLET_GREY = (221, 221, 221)  # what a map shows with no tiles and nothing under them

# True once the basemap has drawn a level of detail wholly, in every copy of the world
# in view (storylayer.js says which on the map's container).
BASEMAP_DRAWN_JS = "(map) => Boolean(map.getContainer().dataset.basemap)"


def colour(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def near(pixel: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 4 for a, b in zip(pixel[:3], expected, strict=True))


def pixels_at(page, points: dict[str, tuple[float, float]]) -> dict[str, tuple[int, ...]]:
    """The colour a screenshot of the page has at each of ``points`` (page coordinates)."""
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    scale = image.width / page.viewport_size["width"]
    return {
        name: image.getpixel((round(x * scale), round(y * scale)))
        for name, (x, y) in points.items()
    }


def wait_for_basemap_in_app(page) -> None:
    driver.wait_for_markers(page, len(STORY.places))
    page.wait_for_function(
        f"""(selector) => {{
            const frame = document.querySelector(selector)?.contentWindow;
            return Boolean(frame?.map) && ({BASEMAP_DRAWN_JS})(frame.map);
        }}""",
        arg=driver.MAP_FRAME,
        polling="raf",
    )
    driver.wait_for_map_at_rest(page)
    page.locator(driver.MAP_FRAME).scroll_into_view_if_needed()
    driver.wait_for_map_at_rest(page)


def app_pixels(page) -> dict[str, tuple[int, ...]]:
    places = {**LAND, **SEA}
    return pixels_at(page, {name: driver.point_of(page, *at) for name, at in places.items()})


def assert_land_and_sea(pixels: dict[str, tuple[int, ...]], theme: str) -> None:
    palette = style.BASEMAP[theme]
    for name in LAND:
        assert near(pixels[name], colour(palette["land"]["fillColor"])), (name, pixels[name])
    for name in SEA:
        assert near(pixels[name], colour(palette["sea"])), (name, pixels[name])
    assert not any(near(pixel, LEAFLET_GREY) for pixel in pixels.values())


def test_with_the_tiles_blocked_the_reader_sees_land_and_sea(page, app_url):
    # The page fixture refuses every tile request, as a network without them would.
    page.goto(app_url + "/")
    wait_for_basemap_in_app(page)
    assert any(driver.TILE_HOSTS[0] in url for url in page.requests)  # asked, refused
    assert_land_and_sea(app_pixels(page), "light")


def test_in_the_dark_theme_the_basemap_takes_its_dark_palette(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    driver.block_tiles(page)
    try:
        page.goto(app_url + "/")
        wait_for_basemap_in_app(page)
        assert_land_and_sea(app_pixels(page), "dark")
    finally:
        context.close()


def test_at_a_places_zoom_the_finer_coast_is_drawn(page, app_url):
    # Port Arthur in years with no Kwantung area over its peninsula and no arcs from it.
    page.goto(app_url + "/?place=port-arthur&from=2000&to=2022")
    wait_for_basemap_in_app(page)
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.map.getContainer().dataset.basemap === 'detail'")
    assert frame.evaluate("window.map.getZoom()") >= 6
    # Where the world's level, 0.16 degree coarse, has the coast on the wrong side.
    bay, headland = (39.1, 121.5), (39.1, 122.0)
    pixels = pixels_at(
        page, {"bay": driver.point_of(page, *bay), "headland": driver.point_of(page, *headland)}
    )
    light = style.BASEMAP["light"]
    assert near(pixels["bay"], colour(light["sea"])), pixels
    assert near(pixels["headland"], colour(light["land"]["fillColor"])), pixels


@pytest.fixture(scope="module")
def app_without_tiles():
    with driver.running_server("app.py", extra_environment={"STORYMAP_TILES": "none"}) as server:
        yield server.url


def test_with_no_tiles_none_are_asked_for_and_land_shows(page, app_without_tiles):
    page.goto(app_without_tiles + "/?place=kuril-islands")
    wait_for_basemap_in_app(page)
    assert not any(driver.TILE_HOSTS[0] in url for url in page.requests), page.requests
    frame = driver.map_frame(page)
    expect(frame.locator(".leaflet-tile")).to_have_count(0)
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    expect(frame.locator(".leaflet-control-attribution")).not_to_contain_text("OpenStreetMap")
    expect(frame.get_by_role("status")).to_have_count(0)  # no notice of failed tiles
    expect(page.get_by_text(map_credit(tiles=False), exact=False)).to_be_visible()
    # Framed on the Kuril Islands: Kamchatka at the chain's northern end, the Sea of
    # Okhotsk behind it.
    kamchatka, okhotsk = (52.0, 157.2), (47.0, 150.5)
    # The arcs' labels sit over the map wherever their arcs leave it: looked under.
    frame.locator(".leaflet-tooltip-pane").evaluate("pane => { pane.style.visibility = 'hidden'; }")
    pixels = pixels_at(
        page, {"land": driver.point_of(page, *kamchatka), "sea": driver.point_of(page, *okhotsk)}
    )
    light = style.BASEMAP["light"]
    assert near(pixels["land"], colour(light["land"]["fillColor"])), pixels
    assert near(pixels["sea"], colour(light["sea"])), pixels


# The map object folium names map_<hex>, found by what it is, not by its name.
EXPORT_MAP_JS = "Object.values(window).find(value => value instanceof L.Map)"


def test_the_export_opened_offline_shows_land_and_sea(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page = context.new_page()
    try:
        target = tmp_path / "story-map.html"
        write_standalone_html(STORY, "Russia and Japan have fought before", target)
        page.goto(target.as_uri())
        drawn = f"const map = {EXPORT_MAP_JS}; return Boolean(map) && ({BASEMAP_DRAWN_JS})(map);"
        page.wait_for_function(f"() => {{ {drawn} }}", polling="raf")
        points = page.evaluate(
            f"""(places) => {{ const map = {EXPORT_MAP_JS};
                const box = map.getContainer().getBoundingClientRect();
                return Object.fromEntries(Object.entries(places).map(([name, at]) => {{
                    const point = map.latLngToContainerPoint(at);
                    return [name, [point.x + box.left, point.y + box.top]];
                }})); }}""",
            {**LAND, **SEA},
        )
        assert_land_and_sea(pixels_at(page, points), "light")
    finally:
        context.close()


def test_a_story_of_one_place_with_no_tiles_opens_at_a_zoom_the_basemap_can_draw(browser, tmp_path):
    # Fitting one point with no tile layer to bound the zoom asked Leaflet for an
    # endless one: the map's bounds were NaN, and the basemap threw instead of drawing.
    import dataclasses

    from storymap.export import standalone_html
    from storymap.framing import MAX_FRAMED_ZOOM
    from storymap.model import Story

    event = STORY.events_by_place["kherson"][0]
    one_place = Story.build(
        {"kherson": STORY.places["kherson"]},
        [dataclasses.replace(event, happened_at="", details_source_id="")],
        STORY.sources,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        target = tmp_path / "one-place.html"
        target.write_text(standalone_html(one_place, "One place", tiles=False), encoding="utf-8")
        page.goto(target.as_uri())
        drawn = f"const map = {EXPORT_MAP_JS}; return Boolean(map) && ({BASEMAP_DRAWN_JS})(map);"
        page.wait_for_function(f"() => {{ {drawn} }}", polling="raf", timeout=15_000)
        zoom, centre = page.evaluate(
            f"() => {{ const map = {EXPORT_MAP_JS}; return [map.getZoom(), map.getCenter()]; }}"
        )
        assert zoom == MAX_FRAMED_ZOOM
        kherson = STORY.places["kherson"]
        assert abs(centre["lat"] - kherson.lat) < 0.01 and abs(centre["lng"] - kherson.lon) < 0.01
        assert errors == []
    finally:
        context.close()

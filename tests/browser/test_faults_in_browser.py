"""Faults a visitor may meet: no map tiles, no data folder, a server that restarts."""

from __future__ import annotations

import struct
import zlib

import pytest
from playwright.sync_api import expect

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_script import DATA_FAILURE_MESSAGE, TileNotice
from storymap.ui.server_start import WARM_START_VARIABLE
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(DEFAULT_DATA_FOLDER)


def grey_tile() -> bytes:
    """A 1×1 grey PNG, written here: a stand-in for a tile server's answer."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\xcc")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_without_tiles_the_places_still_draw_and_a_notice_says_why(page, app_url):
    # The page fixture blocks every tile request, as a network without them would.
    page.goto(app_url + "/?from=1946")  # years in which the southern Kurils area exists
    driver.wait_for_markers(page, len(STORY.places))
    assert driver.count_in_map(page, "area") >= 1
    notice = driver.map_frame(page).get_by_role("status")
    expect(notice).to_have_text(TileNotice.message)
    expect(notice).to_be_visible()


def test_with_tiles_there_is_no_notice(page, app_url):
    page.unroute("**/*")
    tile = grey_tile()
    tiles_served = []

    def serve(route):
        tiles_served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=tile)

    for host in driver.TILE_HOSTS:
        page.route(f"https://{host}/**", serve)
    page.goto(app_url + "/")
    driver.wait_for_markers(page, len(STORY.places))
    frame = driver.map_frame(page)
    frame.locator(".leaflet-tile-loaded").first.wait_for()
    assert tiles_served
    expect(frame.get_by_role("status")).to_have_count(0)


STORY_DATA = "**/app/static/stories/*.json"


def label_of(page, place_id: str) -> str:
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    return frame.evaluate(
        """id => { let label = null;
            window.map.eachLayer(l => { if (l.feature?.properties?.place_id === id
                                            && l.feature.properties.kind === "place")
                                          label = l.storyLabel; });
            return label; }""",
        place_id,
    )


def test_a_story_file_that_is_slow_to_come_never_freezes_the_page(page, app_url):
    held = []
    page.route(STORY_DATA, lambda route: held.append(route))  # answered when the test says
    with page.expect_request(STORY_DATA):
        page.goto(app_url + "/?place=kherson&from=2014")
    # The page around the map keeps drawing and answering while the places are on
    # their way: its panel shows, checked on animation frames, which a frozen page
    # has none of.
    driver.wait_for_panel(page, "Kherson")
    driver.wait_for_markers(page, 0)  # the map is set up and listens for clicks
    assert len(held) == 1
    assert driver.count_in_map(page, "place") == 0
    held[0].continue_()
    driver.wait_for_markers(page, len(STORY.places))
    # The view asked for before the places came is the one they are drawn in.
    assert label_of(page, "port-arthur") == "Port Arthur (no events in these years)"
    assert label_of(page, "kherson") == "Kherson"


def test_a_story_file_that_cannot_be_loaded_says_so_on_the_map(page, app_url):
    page.route(STORY_DATA, lambda route: route.fulfill(status=503, body="busy"))
    page.goto(app_url + "/?place=kherson")
    alert = driver.map_frame(page).get_by_role("alert")
    expect(alert).to_have_text(DATA_FAILURE_MESSAGE)
    expect(alert).to_be_visible()
    # The rest of the page still works.
    driver.wait_for_panel(page, "Kherson")


def test_a_missing_data_folder_says_what_is_wrong_and_how_to_fix_it(browser, tmp_path):
    page = browser.new_page()
    driver.block_tiles(page)
    with driver.running_app(tmp_path / "nowhere") as url:
        page.goto(url + "/")
        error = page.get_by_test_id("stAlertContentError")
        expect(error).to_contain_text("can't be shown: 1 problem.")
        expect(page.get_by_test_id("stCode")).to_contain_text(
            "the data folder does not exist; set STORYMAP_DATA to a folder holding places.csv"
        )
        expect(page.get_by_test_id("stException")).to_have_count(0)
        # The other pages still open and say the same.
        page.get_by_role("link", name="About").click()
        expect(page.get_by_role("heading", name="About this map")).to_be_visible()
    page.close()


def test_a_restarted_server_shows_the_same_view(browser):
    port = driver.free_port()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    driver.block_tiles(page)
    view = "/?place=kherson&from=2014&lang=uk"
    with driver.running_server(port=port) as server:
        page.goto(server.url + view)
        driver.wait_for_panel(page, "Kherson")
        driver.wait_for_app_idle(page)
        expect(page.get_by_role("button", name="Start the tour")).to_be_visible()
        events_before = page.locator(".place-panel h3, .place-panel h4").all_inner_texts()
    # The server is gone; a new one starts on the same address, knowing nothing of the
    # visitor. The address still holds the view, so the page (reloaded, as a visitor
    # does when the app says it lost its connection) shows it again.
    with driver.running_server(port=port) as server:
        page.reload()
        driver.wait_for_panel(page, "Kherson", timeout=60_000)
        driver.wait_for_app_idle(page)
        assert page.url == server.url + view
        assert page.locator(".place-panel h3, .place-panel h4").all_inner_texts() == (events_before)
        # A reader's first map: the controls come once it has drawn (storymap.ui.map_first).
        driver.wait_for_map_settled(page, timeout=60_000)
        expect(page.get_by_role("combobox", name="Names on the map")).to_have_value("Ukrainian")
        expect(page.get_by_role("slider", name="Years — start")).to_have_value("2014")
    page.close()


@pytest.mark.parametrize("first_link", ["/timeline?from=1940&to=1960", "/upload", "/about"])
def test_a_new_servers_first_visitor_on_a_deep_link_gets_the_apps_own_pages(browser, first_link):
    # After a start (or a wake-up on Community Cloud), Streamlit would run a pages/
    # folder the old way until someone opened the map: a menu of file names. The
    # server's own first run at its start opens the map (storymap.ui.server_start), so
    # this visitor is the first only where that run is off or could not be made.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    driver.block_tiles(page)
    with driver.running_server("app.py", extra_environment={WARM_START_VARIABLE: "0"}) as server:
        url = server.url
        page.goto(url + first_link)
        driver.wait_for_app_idle(page)
        menu = page.get_by_test_id("stTopNav")  # the pages are in the header (app.py)
        expect(menu).to_contain_text("Sources and data")
        expect(menu.get_by_role("link")).to_have_count(5)  # laid out once it has measured
        # Each link's text is its icon's name, then its title.
        titles = [text.split("\n")[-1] for text in menu.get_by_role("link").all_inner_texts()]
        assert titles == ["Map", "Timeline", "Sources and data", "Your story", "About"]
        expect(page.get_by_test_id("stSidebar")).to_contain_text("A map of the places in")
        assert page.url == url + first_link
        # A second visitor, on the map, gets the same menu.
        other = browser.new_page()
        other.goto(url + "/")
        expect(other.get_by_test_id("stTopNav")).to_contain_text("Your story")
        other.close()
    page.close()

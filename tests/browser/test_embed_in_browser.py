"""The dashboard inside another site's page, in an iframe with ``?embed=true``."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(DEFAULT_DATA_FOLDER)


@pytest.fixture
def host_page(browser, app_url, tmp_path):
    """A page of another site (another origin) that embeds the app at ?place=kherson."""
    (tmp_path / "school.html").write_text(
        "<!doctype html><html lang=en><title>A school's page</title><h1>Our lesson</h1>"
        f'<iframe id="story" title="Story map" src="{app_url}/?embed=true&place=kherson" '
        'width="1200" height="820"></iframe>',
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Chromium asks a person before a page may frame a server on this same machine;
    # on the internet, site and app are both public and nothing is asked.
    context.grant_permissions(["local-network-access"])
    page = context.new_page()
    driver.block_tiles(page)
    page.goto(f"http://localhost:{server.server_port}/school.html")
    yield page
    context.close()
    server.shutdown()


def app_frame(page):
    frame = page.locator("#story").element_handle().content_frame()
    frame.wait_for_function(
        "name => [...document.querySelectorAll('.place-panel h2')]"
        ".some(heading => heading.textContent === name)",
        arg="Kherson",
        polling="raf",
    )
    return frame


def test_the_embedded_app_opens_the_linked_view_and_follows_clicks(host_page):
    frame = app_frame(host_page)
    assert frame.evaluate("document.querySelector('[data-testid=stToolbar]')") is None
    frame.wait_for_function(
        driver.PLACES_DRAWN_JS, arg=[driver.MAP_FRAME, len(STORY.places)], polling="raf"
    )
    portsmouth = STORY.places["portsmouth"]
    map_frame = frame.locator(driver.MAP_FRAME).element_handle().content_frame()
    # As driver.zoom_to does on a page of its own: wait until the map stands still.
    frame.wait_for_function(driver.MAP_AT_REST_JS, arg=driver.MAP_FRAME, polling="raf")
    map_frame.evaluate(
        "([lat, lon]) => void window.map.setView([lat, lon], 12, {animate: false})",
        [portsmouth.lat, portsmouth.lon],
    )
    frame.wait_for_function(driver.MAP_AT_REST_JS, arg=driver.MAP_FRAME, polling="raf")
    x, y = map_frame.evaluate(
        "([lat, lon]) => { const point = "
        "window.map.latLngToContainerPoint([lat, lon]); "
        "return [point.x, point.y]; }",
        [portsmouth.lat, portsmouth.lon],
    )
    box = frame.locator(driver.MAP_FRAME).bounding_box()  # in the host page's coordinates
    host_page.mouse.click(box["x"] + x, box["y"] + y)
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.place-panel h2')]"
        ".some(heading => heading.textContent === 'Portsmouth')",
        polling="raf",
    )
    # The view is in the frame's address, and the frame stays embedded.
    frame.wait_for_function("() => location.search.includes('place=portsmouth')")
    assert "embed=true" in frame.evaluate("location.search")
    # The link to share is the app's own address for the view, not the embedded one.
    share = frame.locator(".share a")
    expect(share).to_have_attribute("href", re.compile(r"\?place=portsmouth$"))
    assert host_page.locator("h1").text_content() == "Our lesson"  # the host is untouched


def test_inside_another_sites_frame_the_upload_page_offers_its_own_tab(host_page, app_url):
    frame = app_frame(host_page)
    frame.goto(app_url + "/upload?embed=true")
    expect(frame.get_by_text("your browser may refuse to send files")).to_be_visible()
    link = frame.get_by_role("link", name="Open Your story in a new tab")
    expect(link).to_have_attribute("href", app_url + "/upload")
    expect(link).to_have_attribute("target", "_blank")

"""An event's image on a phone: described, lazy, in a box kept before it loads, never
wider than the screen; and the only request the page makes to another site.

The story (tests/fixtures/media-story) names its image at an https address of its
own; the browser's request for it is held here, and answered with a PNG made here, so
that nothing leaves the machine and the box can be measured before and after.
"""

from __future__ import annotations

import pytest

from storymap.load import load_story
from tests.browser import driver

FIXTURE = driver.PROJECT_ROOT / "tests" / "fixtures" / "media-story"
STORY = load_story(FIXTURE)
ATTACK = STORY.events_by_id["port-arthur-attack-1904"]
IMAGE_URL = ATTACK.media.url
PHONE_WIDTH = driver.PHONE["viewport"]["width"]


@pytest.fixture(scope="module")
def media_story_url():
    with driver.running_app(FIXTURE) as url:
        yield url


def test_an_events_image_is_described_lazy_and_fits_a_phone(phone_page, media_story_url):
    page = phone_page
    held = []  # the browser's request for the image, answered once the box is measured
    page.route(IMAGE_URL, lambda route: held.append(route))
    page.goto(f"{media_story_url}/?place=port-arthur")
    driver.wait_for_markers(page, len(STORY.places))
    driver.wait_for_panel(page, "Port Arthur")

    image = page.locator(".place-panel figure.event-media img")
    assert image.get_attribute("alt") == ATTACK.media.alt
    assert image.get_attribute("loading") == "lazy"
    caption = page.locator(".place-panel figure.event-media figcaption")
    assert caption.text_content() == f"{ATTACK.media.caption} — {ATTACK.media.credit}"

    image.scroll_into_view_if_needed()
    if IMAGE_URL not in page.requests:  # lazy: asked for once it nears the screen
        page.wait_for_event("request", lambda request: request.url == IMAGE_URL)
    before = image.bounding_box()
    # A tall image, the worst case for a box that must not grow when it arrives.
    held[0].fulfill(status=200, content_type="image/png", body=driver.png(60, 240))
    page.wait_for_function(
        "image => image.complete && image.naturalWidth === 60", arg=image.element_handle()
    )
    after = image.bounding_box()

    assert after == before, "the image's box moved or grew when the image arrived"
    assert after["x"] >= 0 and after["x"] + after["width"] <= PHONE_WIDTH
    assert 0 < after["height"] <= after["width"]  # its box's shape, not the image's
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    outside = [url for url in page.requests if not driver.is_allowed_request(url, (IMAGE_URL,))]
    assert outside == []

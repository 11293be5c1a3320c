"""The map goes to the chosen place, and frames it, however it was chosen.

Opening a link, the place list, a tour step, a related event and the timeline each
bring the place to the middle of the map at a zoom that shows it; a click on the map
leaves the reader's view as it was.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from storymap import style
from storymap.framing import ZOOM_BY_ROLE
from storymap.load import load_story
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(driver.PROJECT_ROOT / "data")
PLACES = len(STORY.places)
WORLD_ZOOM = 2  # what the map opens on with no place chosen: every place in view


def map_frame(page):
    return page.locator(driver.MAP_FRAME).element_handle().content_frame()


FRAMED_JS = """([lat, lon, closest]) => {
    const map = window.map;
    if (!map) return false;
    const point = map.latLngToContainerPoint([lat, lon]);
    const size = map.getSize();
    const across = point.x / size.x, down = point.y / size.y;
    return across >= 0.2 && across <= 0.8 && down >= 0.2 && down <= 0.8
        && map.getZoom() > closest;
}"""


def assert_framed(page, place_id: str) -> None:
    """The place comes to the middle 60% of the map, closer than the world's zoom.

    Waited for, not read once: the map flies there over most of a second.
    """
    place = STORY.places[place_id]
    map_frame(page).wait_for_function(
        FRAMED_JS, arg=[place.lat, place.lon, WORLD_ZOOM + 1], polling="raf", timeout=15_000
    )
    driver.wait_for_map_at_rest(page)


@pytest.mark.parametrize("place_id", ["kherson", "portsmouth", "kuril-islands", "mukden"])
def test_a_link_opens_on_its_place_framed(page, app_url, place_id):
    page.goto(f"{app_url}/?place={place_id}")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, place_id)


def test_a_place_with_its_own_zoom_opens_at_that_zoom(page, app_url):
    page.goto(f"{app_url}/?place=portsmouth")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "portsmouth")
    assert driver.map_zoom(page) == STORY.places["portsmouth"].zoom


def test_a_place_without_areas_or_zoom_opens_at_its_roles_zoom(page, app_url):
    page.goto(f"{app_url}/?place=kherson")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "kherson")
    assert driver.map_zoom(page) == ZOOM_BY_ROLE["featured"]


def test_a_place_with_areas_is_framed_with_them_whole(page, app_url):
    page.goto(f"{app_url}/?place=kuril-islands")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "kuril-islands")
    area = next(area for area in STORY.areas if area.geometry["type"] == "LineString")
    in_view = map_frame(page).evaluate(
        "(points) => points.every(([lon, lat]) => window.map.getBounds().contains([lat, lon]))",
        area.geometry["coordinates"],
    )
    assert in_view, "the whole chain is in view"


def test_choosing_from_the_list_flies_to_the_place(page, app_url):
    page.goto(f"{app_url}/?place=kherson")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "kherson")
    page.get_by_label("Place", exact=True).first.click()
    page.get_by_role("option", name="Port Arthur", exact=True).click()
    driver.wait_for_panel(page, "Port Arthur")
    assert_framed(page, "port-arthur")


def test_a_tour_step_flies_to_its_place(page, app_url):
    events = STORY.events
    index = next(i for i in range(len(events) - 1) if events[i].place_id != events[i + 1].place_id)
    page.goto(f"{app_url}/?event={events[index].id}")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, events[index].place_id)
    # The tour's panel, and its keys, come once the map has drawn (storymap.ui.map_first).
    page.get_by_text(f"Step {index + 1} of {len(events)}").wait_for()
    page.locator("body").press("ArrowRight")
    page.get_by_text(f"Step {index + 2} of {len(events)}").wait_for()
    assert_framed(page, events[index + 1].place_id)


def test_a_related_event_flies_to_the_other_end(page, app_url):
    page.goto(f"{app_url}/?place=port-arthur")
    driver.wait_for_markers(page, PLACES)
    page.get_by_role("button", name="Ended by: Treaty of Portsmouth signed").click()
    driver.wait_for_panel(page, "Portsmouth")
    assert_framed(page, "portsmouth")


def test_the_timeline_opens_the_map_on_its_place(page, app_url):
    event = STORY.events[0]
    page.goto(app_url + "/timeline")
    page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first.wait_for()
    driver.wait_for_app_idle(page)
    page.get_by_role("link", name="Show on the map").first.click()
    expect(driver.panel_heading(page, STORY.places[event.place_id].name)).to_be_visible()
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, event.place_id)


def test_a_click_on_the_map_leaves_the_readers_view_alone(page, app_url):
    page.goto(app_url + "/")
    driver.wait_for_markers(page, PLACES)
    driver.wait_for_map_at_rest(page)
    view = "[window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
    before = map_frame(page).evaluate(view)
    kherson = STORY.places["kherson"]
    driver.click_place(page, kherson.lat, kherson.lon)
    driver.wait_for_panel(page, "Kherson")
    driver.wait_for_map_at_rest(page)
    assert map_frame(page).evaluate(view) == pytest.approx(before)


def test_without_a_place_the_map_shows_every_place(page, app_url):
    page.goto(app_url + "/")
    driver.wait_for_markers(page, PLACES)
    driver.wait_for_map_at_rest(page)
    in_view = map_frame(page).evaluate(
        "(points) => points.every(([lat, lon]) => window.map.getBounds().contains([lat, lon]))",
        [[place.lat, place.lon] for place in STORY.places.values()],
    )
    assert in_view


LABELS_JS = """() => {
    const map = window.map.getContainer().getBoundingClientRect();
    const shown = [...document.querySelectorAll('.link-label')].filter(
        (label) => label.style.visibility !== 'hidden');
    return shown.map((label) => {
        const box = label.getBoundingClientRect();
        return {
            text: label.textContent,
            box: [box.left, box.top, box.right, box.bottom],
            inside: box.left >= map.left && box.right <= map.right
                && box.top >= map.top && box.bottom <= map.bottom,
        };
    });
}"""


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_the_arcs_of_a_framed_place_are_labelled_inside_the_map(request, app_url, device):
    page = request.getfixturevalue(device)
    page.goto(f"{app_url}/?place=port-arthur")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "port-arthur")
    frame = map_frame(page)
    # Portsmouth is half a world away: its arcs leave the view, labelled where they do.
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.link-label')].some("
        "(label) => label.textContent.includes('Portsmouth'))",
        polling="raf",
    )
    labels = frame.evaluate(LABELS_JS)
    assert labels
    assert all(label["inside"] for label in labels), labels
    # Every arc names the place at its other end; Portsmouth's where they leave the view.
    others = [place.name for place in STORY.places.values() if place.id != "port-arthur"]
    assert all(any(name in label["text"] for name in others) for label in labels), labels
    assert any(label["text"].endswith("\u2192 Portsmouth") for label in labels), labels
    # None over the selected place's marker and its ring.
    place = STORY.places["port-arthur"]
    x, y = frame.evaluate(
        """([lat, lon]) => {
            const point = window.map.latLngToContainerPoint([lat, lon]);
            const box = window.map.getContainer().getBoundingClientRect();
            return [point.x + box.left, point.y + box.top];
        }""",
        [place.lat, place.lon],
    )
    reach = style.selection_radius() + style.SELECTION["weight"]
    for label in labels:
        left, top, right, bottom = label["box"]
        assert right <= x - reach or left >= x + reach or bottom <= y - reach or top >= y + reach
    for index, one in enumerate(labels):  # stacked where the arcs leave, never overlaid
        for other in labels[index + 1 :]:
            (left, top, right, bottom), (left2, top2, right2, bottom2) = one["box"], other["box"]
            assert right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top


@pytest.mark.parametrize(("motion", "flies"), [("no-preference", True), ("reduce", False)])
def test_a_chosen_place_is_flown_to_unless_the_reader_asked_for_less_motion(
    page, app_url, motion, flies
):
    page.emulate_media(reduced_motion=motion)
    page.goto(f"{app_url}/?place=kherson")
    driver.wait_for_markers(page, PLACES)
    assert_framed(page, "kherson")
    # A flight passes through many zooms on its way; a jump sets one.
    map_frame(page).evaluate(
        "window.__zooms = 0; window.map.on('zoom', () => { window.__zooms += 1; })"
    )
    page.get_by_label("Place", exact=True).first.click()
    page.get_by_role("option", name="Port Arthur", exact=True).click()
    assert_framed(page, "port-arthur")
    zooms = map_frame(page).evaluate("window.__zooms")
    assert (zooms > 3) is flies, zooms

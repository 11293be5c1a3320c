"""Browsing an app as the benchmarks do: open a page, wait for its places, click one.

Shared by ``make bench`` and ``make profile``. Works for the product and for the naive
baseline, whose places are pin markers rather than one story layer.
"""

from __future__ import annotations

import contextlib
import csv
import time
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import driver

# How to tell, in the map's frame, that an app has drawn its places.
COUNT_PLACES = {
    "product": "layer.feature?.properties?.kind === 'place'",
    "baseline": "layer instanceof L.Marker",
}


def click_place_until_panel(
    page: Page, app: str, place: tuple[str, float, float], timeout: float
) -> float:
    """Click ``place`` on the map; milliseconds until the side panel names it."""
    name, lat, lon = place
    _bring_into_view(page, app, lat, lon, timeout)
    x, y = driver.point_of(page, lat, lon)
    if app == "baseline":
        y -= 20  # a pin icon stands above its point
    started = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_function(
        "name => [...document.querySelectorAll('h2')]"
        ".some(h => h.textContent.trim().startsWith(name))",
        arg=name,
        polling="raf",
        timeout=timeout,
    )
    return (time.perf_counter() - started) * 1000


def _bring_into_view(page: Page, app: str, lat: float, lon: float, timeout: float) -> None:
    """Zoom to the place, so that the click lands on it and not on a neighbour."""
    driver.wait_for_map_at_rest(page, timeout=timeout)
    frame = page.locator(driver.MAP_FRAME).element_handle().content_frame()
    frame.evaluate(f"void window.map.setView([{lat}, {lon}], 12, {{animate: false}})")
    if app == "baseline":
        # The baseline reruns on every pan, 250 ms after it: let that run finish first.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "() => document.querySelector('[data-testid=stApp]')"
                "?.getAttribute('data-test-script-state') === 'running'",
                timeout=2_000,
            )
    driver.wait_for_map_at_rest(page, timeout=timeout)


def wait_for_places(page: Page, app: str, count: int, timeout: float) -> None:
    page.wait_for_function(
        f"""([selector, count]) => {{
            const frame = document.querySelector(selector);
            const map = frame?.contentWindow?.map;
            const L = frame?.contentWindow?.L;
            if (!map?.listens?.("click")) return false;
            let places = 0;
            map.eachLayer(layer => {{ if ({COUNT_PLACES[app]}) places++; }});
            return places >= count;
        }}""",
        arg=[driver.MAP_FRAME, count],
        polling="raf",
        timeout=timeout,
    )


def new_page(browser) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    driver.block_tiles(page)
    return page


def places_of(folder: Path) -> list[tuple[str, float, float]]:
    """(name, lat, lon) of every place of a data folder, in file order."""
    with (folder / "places.csv").open(encoding="utf-8") as file:
        return [(row["name"], float(row["lat"]), float(row["lon"])) for row in csv.DictReader(file)]

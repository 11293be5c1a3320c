"""How fast the map page feels: page load to markers, and marker click to panel.

Run with ``make timings``. Starts the app on a free port, opens it in headless
Chromium (map tiles blocked, as on a machine without internet), and prints the
median and spread of each figure over repeated loads and clicks.
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver


def measure(loads: int, rounds: int) -> dict[str, list[float]]:
    story = load_story(DEFAULT_DATA_FOLDER)
    shapes = len(story.places)
    featured = [place for place in story.places.values() if place.featured]
    figures: dict[str, list[float]] = {"page load to markers": [], "click to panel": []}
    with driver.running_app() as url, sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright)
        for _ in range(loads + 1):  # the first load warms the server's caches; not counted
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            driver.block_tiles(page)
            page.goto(url + "/")
            driver.wait_for_markers(page, shapes)
            figures["page load to markers"].append(page.evaluate("performance.now()"))
            page.close()
        figures["page load to markers"].pop(0)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        driver.block_tiles(page)
        page.goto(url + "/")
        driver.wait_for_markers(page, shapes)
        for _ in range(rounds):
            for place in featured:
                driver.wait_for_map_at_rest(page)
                x, y = driver.point_of(page, place.lat, place.lon)
                started = time.perf_counter()
                page.mouse.click(x, y)
                driver.wait_for_panel(page, place.name)
                figures["click to panel"].append((time.perf_counter() - started) * 1000)
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5, help="clicks on each featured place")
    arguments = parser.parse_args()
    figures = measure(arguments.loads, arguments.rounds)
    print(f"{'figure':<22} {'n':>3} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'max ms':>8}")
    for name, values in figures.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{name:<22} {len(values):>3} {statistics.median(values):>10.0f} {p95:>8.0f} "
            f"{ordered[0]:>8.0f} {ordered[-1]:>8.0f}"
        )


if __name__ == "__main__":
    main()

"""What speaking another language costs a reader: the default story in each interface
language, on one server, in the same run, English as the baseline.

For each language: the first load of the story in it (the first reader of a language
makes its translated copy and its map data), then the first paint of later loads, and
clicks on the map to a panel that names the place in that language; and the server's own
time per run. Loads and clicks go round the languages in turn, so that a slower minute of
the machine falls on all of them alike.

    make bench-languages    # writes benchmarks/languages.md
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.browsing import click_place_until_panel, new_page, wait_for_places
from storymap.i18n import INTERFACE_LANGUAGES, SOURCE_LANGUAGE
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.runlog import RUN_LOG_VARIABLE, read_run_log
from storymap.translations import translated
from tests.browser import driver

REPORT = Path(__file__).resolve().parent / "languages.md"
LOAD_TIMEOUT_MS = 60_000
CLICK_TIMEOUT_MS = 30_000


@dataclass
class Figures:
    language: str
    first_load_ms: float = 0.0
    paint_ms: list[float] = field(default_factory=list)
    click_ms: list[float] = field(default_factory=list)
    run_ms: list[float] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=12)
    arguments = parser.parse_args()
    story = load_story(DEFAULT_DATA_FOLDER)
    figures = {code: Figures(code) for code in INTERFACE_LANGUAGES}
    run_log = Path(tempfile.mkdtemp(prefix="storymap-languages-")) / "runs.txt"
    with (
        driver.running_server(
            "app.py", DEFAULT_DATA_FOLDER, extra_environment={RUN_LOG_VARIABLE: str(run_log)}
        ) as server,
        sync_playwright() as playwright,
    ):
        browser = driver.launch_chromium(playwright)
        _load(browser, server.url, "en", story)  # the first English reader, not counted
        for code in INTERFACE_LANGUAGES:  # each language's first reader
            figures[code].first_load_ms = _load(browser, server.url, code, story)
        for _round in range(arguments.loads):
            for code in INTERFACE_LANGUAGES:
                figures[code].paint_ms.append(_load(browser, server.url, code, story))
        for code in INTERFACE_LANGUAGES:
            run_log.write_text("")
            figures[code].click_ms = _clicks(browser, server.url, code, story, arguments.clicks)
            figures[code].run_ms = read_run_log(str(run_log))
        browser.close()
    report = _report(list(figures.values()), arguments)
    REPORT.write_text(report, encoding="utf-8")
    print(report)


def _load(browser, url: str, code: str, story) -> float:
    """Milliseconds from opening ``/?ui=CODE`` to the story's places on the map."""
    page = new_page(browser)
    try:
        page.goto(f"{url}/?ui={code}", timeout=LOAD_TIMEOUT_MS)
        wait_for_places(page, "product", len(story.places), LOAD_TIMEOUT_MS)
        return page.evaluate("performance.now()")
    finally:
        page.close()


def _clicks(browser, url: str, code: str, story, count: int) -> list[float]:
    """Milliseconds from a click on a place to the panel naming it in ``code``."""
    names = translated(story, code).places
    places = [(names[place.id].name, place.lat, place.lon) for place in story.places.values()]
    order = random.Random(7).sample(places, len(places))
    page = new_page(browser)
    try:
        page.goto(f"{url}/?ui={code}", timeout=LOAD_TIMEOUT_MS)
        wait_for_places(page, "product", len(story.places), LOAD_TIMEOUT_MS)
        times = []
        for number in range(count):
            times.append(
                click_place_until_panel(
                    page, "product", order[number % len(order)], CLICK_TIMEOUT_MS
                )
            )
            driver.wait_for_map_at_rest(page, timeout=CLICK_TIMEOUT_MS)
        return times
    finally:
        page.close()


def _report(results: list[Figures], arguments) -> str:
    english = next(figures for figures in results if figures.language == SOURCE_LANGUAGE)
    rows = [
        "| interface | first load in it, ms | first paint p50, ms | click p50, ms | "
        "click p95, ms | server run p50, ms | first paint / English | click / English |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for figures in results:
        paint, click = _median(figures.paint_ms), _median(figures.click_ms)
        rows.append(
            f"| {figures.language} ({INTERFACE_LANGUAGES[figures.language]}) "
            f"| {figures.first_load_ms:,.0f} | {paint:,.0f} | {click:,.0f} "
            f"| {_percentile(figures.click_ms, 95):,.0f} | {_median(figures.run_ms):,.0f} "
            f"| {paint / _median(english.paint_ms):.2f}× "
            f"| {click / _median(english.click_ms):.2f}× |"
        )
    return "\n".join(
        [
            "# The default story in each interface language",
            "",
            f"`make bench-languages`, {time.strftime('%Y-%m-%d')}: one server, Chromium at "
            f"1400×1000 with the map's tiles blocked; {arguments.loads} loads and "
            f"{arguments.clicks} clicks a language, English the baseline in the same run. "
            "*First load in it* is the first reader of the language since the server "
            "started (it makes the language's copy of the story and its map data).",
            "",
            *rows,
            "",
        ]
    )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()

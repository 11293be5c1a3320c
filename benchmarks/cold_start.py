"""``make bench-cold``: the first reader after the server starts, against the readers after.

A server checks its story when the first reader asks for it, so that reader waits for
the check and everyone after does not. For each size, in headless Chromium:

- *cold*: the first load of a fresh server with an empty cache folder
  (STORYMAP_CACHE_DIR): the story read and checked from its files, as after a
  Community Cloud wake-up on a new container;
- *warm*: the loads after it on the same server (median), what ``make bench`` calls
  first paint;
- *restart*: the first load of a second fresh server on the same cache folder: the
  story checked by the first server, and its map's rendered parts, read back from its
  disk cache (storymap.story_cache, storymap.map_parts), as after a restart on the same
  machine;
- *primed*: the first load of a fresh server with an empty cache that has run the app
  once through Streamlit's script health check before its first reader, as each copy
  of ``make cluster`` does before nginx sends it readers (deploy.cluster.warm).

First paint is navigation start to the map showing every place, as in ``make bench``,
which records the same columns once at each of its sizes. This runs them alone, several
times, at 10,000 places unless told (``make bench-cold PLACES="1000 10000" RUNS=3``), in
about a minute a size; it prints and writes the "Cold start" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from benchmarks.browsing import new_page, places_of, wait_for_places
from benchmarks.loadtest import REPORT, replace_section
from deploy.cluster import WARM_ENVIRONMENT, warm
from storymap.story_cache import CACHE_ENVIRONMENT_VARIABLE, WRITE_AFTER_S
from storymap.synth import write_synthetic_story
from tests.browser import driver

LOAD_TIMEOUT_MS = 90_000
ENTRY_TIMEOUT_S = 120  # for the server to write the story it checked, once it starts to
SECTION = "## Cold start"
SECTION_FILE = Path(__file__).with_name("cold_start.md")  # kept for make bench's report


@dataclass
class ColdStart:
    """The first paints of one size, in milliseconds."""

    places: int
    cold_ms: list[float] = field(default_factory=list)  # one per fresh server, no cache
    warm_ms: list[float] = field(default_factory=list)  # the loads after each cold one
    restart_ms: list[float] = field(default_factory=list)  # one per fresh server, cache kept
    primed_ms: list[float] = field(default_factory=list)  # fresh, no cache, primed: run once first

    def summary(self) -> dict:
        cold, after, restart, primed = (
            _median(self.cold_ms),
            _median(self.warm_ms),
            _median(self.restart_ms),
            _median(self.primed_ms),
        )
        return {
            "cold ms": cold,
            "warm ms": after,
            "restart ms": restart,
            "primed ms": primed,
            "cold / warm": _ratio(cold, after),
            "restart / warm": _ratio(restart, after),
            "primed / warm": _ratio(primed, after),
        }


def first_paint(browser, url: str, places: int) -> float:
    """Navigation start to the map showing ``places`` places, in ms; inf on a timeout."""
    page = new_page(browser)
    try:
        page.goto(url + "/", timeout=LOAD_TIMEOUT_MS)
        wait_for_places(page, "product", places, LOAD_TIMEOUT_MS)
        return page.evaluate("performance.now()")
    except PlaywrightTimeout:
        return float("inf")
    finally:
        page.close()


def server_environment(cache_folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a benchmarked server: its story cache in ``cache_folder``."""
    return {CACHE_ENVIRONMENT_VARIABLE: str(cache_folder), **(extra or {})}


def restart_paint(browser, folder: Path, places: int, cache_folder: Path) -> float:
    """The first paint of a fresh server whose cache folder an earlier server filled."""
    with driver.running_server(
        "app.py", folder, timeout=120, extra_environment=server_environment(cache_folder)
    ) as server:
        return first_paint(browser, server.url, places)


def primed_paint(browser, folder: Path, places: int) -> float:
    """The first paint of a fresh server with an empty cache, primed before its reader."""
    with (
        tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache,
        driver.running_server(
            "app.py",
            folder,
            timeout=120,
            extra_environment=server_environment(Path(cache), WARM_ENVIRONMENT),
        ) as server,
    ):
        said = warm(server.url)
        if said != "ok":
            raise RuntimeError(f"the server did not run the app once: {said}")
        return first_paint(browser, server.url, places)


def measure(browser, folder: Path, runs: int, warm_loads: int) -> ColdStart:
    """``runs`` times: a cold server's first load and ``warm_loads`` more, then a restart's."""
    count = len(places_of(folder))
    figures = ColdStart(count)
    for _run in range(runs):
        with tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache:
            cache_folder = Path(cache)
            with driver.running_server(
                "app.py", folder, timeout=120, extra_environment=server_environment(cache_folder)
            ) as server:
                figures.cold_ms.append(first_paint(browser, server.url, count))
                figures.warm_ms += [
                    first_paint(browser, server.url, count) for _ in range(warm_loads)
                ]
                wait_for_kept_story(cache_folder)  # written WRITE_AFTER_S after the check
            figures.restart_ms.append(restart_paint(browser, folder, count, cache_folder))
        figures.primed_ms.append(primed_paint(browser, folder, count))
        print(_row(figures), flush=True)
    return figures


def wait_for_kept_story(cache_folder: Path) -> None:
    """Until the server has written the story it checked into ``cache_folder``."""
    deadline = time.monotonic() + WRITE_AFTER_S + ENTRY_TIMEOUT_S
    while not any(cache_folder.glob("*.story")):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no story was kept in {cache_folder}")
        time.sleep(0.2)  # polled: the server writes it from a thread of its own


def _row(figures: ColdStart) -> str:
    return f"{figures.places:,} places: " + "  ".join(
        f"{key}={value}" for key, value in figures.summary().items()
    )


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values)) if values else None


def _ratio(value: float | None, warm: float | None) -> float | None:
    return round(value / warm, 2) if value and warm else None


def report(results: list[ColdStart], runs: int, warm_loads: int) -> str:
    """The "Cold start" section of BENCHMARKS.md."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        SECTION,
        "",
        f"Made by `make bench-cold` (benchmarks/cold_start.py), {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load} "
        f"at the end: {runs} fresh servers at each size, each one's first load (*cold*: "
        "its story cache empty, the story read and checked) and "
        f"{warm_loads} loads after it (*warm*, their median), then a second fresh server "
        "on the cache the first one filled (*restart*: the checked story and its map's "
        "rendered parts read back from disk), then a third fresh server with an empty "
        "cache that ran the app once "
        "through Streamlit's script health check before its first reader (*primed*, as "
        "each copy of `make cluster` does before nginx sends it readers). First paint, "
        "navigation start to the map showing every place; medians.",
        "",
        "| places × 5 events | cold ms | warm ms | restart ms | primed ms | cold ÷ warm "
        "| restart ÷ warm | primed ÷ warm | cold, each run | restart, each run "
        "| primed, each run |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for figures in results:
        summary = figures.summary()
        lines.append(
            f"| {figures.places:,} | {summary['cold ms']:,} | {summary['warm ms']:,} "
            f"| {summary['restart ms']:,} | {summary['primed ms']:,} "
            f"| {summary['cold / warm']:.2f}× | {summary['restart / warm']:.2f}× "
            f"| {summary['primed / warm']:.2f}× | {_each(figures.cold_ms)} "
            f"| {_each(figures.restart_ms)} | {_each(figures.primed_ms)} |"
        )
    return "\n".join(lines) + "\n"


def _each(values: list[float]) -> str:
    return ", ".join(f"{value:,.0f}" for value in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=3, help="fresh servers per size")
    parser.add_argument("--warm", type=int, default=3, help="warm loads after each cold one")
    arguments = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="storymap-cold-") as workspace, sync_playwright() as pw:
        browser = driver.launch_chromium(pw)
        for count in arguments.places:
            folder = Path(workspace) / f"p{count}"
            write_synthetic_story(folder, count, 5, seed=1)
            results.append(measure(browser, folder, arguments.runs, arguments.warm))
        browser.close()
    section = report(results, arguments.runs, arguments.warm)
    SECTION_FILE.write_text(section, encoding="utf-8")
    replace_section(REPORT, SECTION, section)
    print(section)


if __name__ == "__main__":
    main()

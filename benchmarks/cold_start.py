"""``make bench-cold``: the first reader after the server starts, against the readers after.

A server runs the app once as it starts, before it takes readers
(storymap/ui/server_start.py), so that its first reader does not wait for the story's
check and the map's first rendering; the server answers later instead. For each size,
in headless Chromium:

- *cold*: the first load of a fresh server with an empty cache folder
  (STORYMAP_CACHE_DIR), as after a Community Cloud wake-up on a new container, and
  *start*: how long that server took to answer (process start to /_stcore/health);
- *warm*: the loads after it on the same server (median), what ``make bench`` calls
  first paint;
- *restart*: the first load of a second fresh server on the same cache folder: the
  story checked by the first server, and its map's rendered parts, read back from its
  disk cache (storymap.story_cache, storymap.map_parts), as after a restart on the same
  machine;
- *at once*, the baseline: a third fresh server with an empty cache that takes readers
  as soon as it answers (STORYMAP_WARM_START=0), its first reader running the app
  first: how every server started before. Its start and first load, as for *cold*.

*Start + cold* is what a reader who asked for the page as the server started waits in
all. First paint is navigation start to the map showing every place, as in
``make bench``, which records the cold and restart columns once at each of its sizes.
This runs them alone, several times, at 10,000 places unless told
(``make bench-cold PLACES="1000 10000" RUNS=3``), in about a minute a size; it prints
and writes the "Cold start" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
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
from storymap.story_cache import CACHE_ENVIRONMENT_VARIABLE, WRITE_AFTER_S
from storymap.synth import write_synthetic_story
from storymap.ui.server_start import WARM_START_VARIABLE
from tests.browser import driver

LOAD_TIMEOUT_MS = 90_000
ENTRY_TIMEOUT_S = 120  # for the server to write the story it checked, once it starts to
SECTION = "## Cold start"
SECTION_FILE = Path(__file__).with_name("cold_start.md")  # kept for make bench's report


@dataclass
class ColdStart:
    """The first paints of one size, and the starts before them, in milliseconds."""

    places: int
    cold_ms: list[float] = field(default_factory=list)  # one per fresh server, no cache
    start_ms: list[float] = field(default_factory=list)  # each of those servers' start
    warm_ms: list[float] = field(default_factory=list)  # the loads after each cold one
    restart_ms: list[float] = field(default_factory=list)  # one per fresh server, cache kept
    at_once_ms: list[float] = field(default_factory=list)  # fresh, no cache, no run at start
    at_once_start_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        cold, start, after, restart, at_once, at_once_start = (
            _median(values)
            for values in (
                self.cold_ms,
                self.start_ms,
                self.warm_ms,
                self.restart_ms,
                self.at_once_ms,
                self.at_once_start_ms,
            )
        )
        return {
            "start ms": start,
            "cold ms": cold,
            "warm ms": after,
            "restart ms": restart,
            "cold / warm": _ratio(cold, after),
            "restart / warm": _ratio(restart, after),
            "start + cold ms": _sum(self.start_ms, self.cold_ms),
            "at once: start ms": at_once_start,
            "at once: cold ms": at_once,
            "at once: cold / warm": _ratio(at_once, after),
            "at once: start + cold ms": _sum(self.at_once_start_ms, self.at_once_ms),
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


@contextlib.contextmanager
def started_server(folder: Path, cache_folder: Path, extra: dict[str, str] | None = None):
    """A fresh server on ``folder``; yields it and how long it took to answer, in ms."""
    started = time.perf_counter()
    with driver.running_server(
        "app.py", folder, timeout=120, extra_environment=server_environment(cache_folder, extra)
    ) as server:
        yield server, (time.perf_counter() - started) * 1000


def restart_paint(browser, folder: Path, places: int, cache_folder: Path) -> float:
    """The first paint of a fresh server whose cache folder an earlier server filled."""
    with started_server(folder, cache_folder) as (server, _start_ms):
        return first_paint(browser, server.url, places)


def measure(browser, folder: Path, runs: int, warm_loads: int) -> ColdStart:
    """``runs`` times: a cold server's first load and ``warm_loads`` more, then a
    restart's, then the first load of a server that takes readers at once."""
    count = len(places_of(folder))
    figures = ColdStart(count)
    for _run in range(runs):
        with tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache:
            cache_folder = Path(cache)
            with started_server(folder, cache_folder) as (server, start_ms):
                figures.start_ms.append(start_ms)
                figures.cold_ms.append(first_paint(browser, server.url, count))
                figures.warm_ms += [
                    first_paint(browser, server.url, count) for _ in range(warm_loads)
                ]
                wait_for_kept_story(cache_folder)  # written WRITE_AFTER_S after the check
            figures.restart_ms.append(restart_paint(browser, folder, count, cache_folder))
        with (
            tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache,
            started_server(folder, Path(cache), {WARM_START_VARIABLE: "0"}) as (server, start),
        ):
            figures.at_once_start_ms.append(start)
            figures.at_once_ms.append(first_paint(browser, server.url, count))
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


def _sum(starts: list[float], paints: list[float]) -> float | None:
    """The median of each run's start and first paint added."""
    return _median([start + paint for start, paint in zip(starts, paints, strict=True)])


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
        f"at the end: {runs} fresh servers at each size, each with an empty story cache. "
        "*Start*: process start to the server answering; a server runs the app once "
        "before it answers (storymap/ui/server_start.py). *Cold*: its first load; *warm*: "
        f"the median of the {warm_loads} loads after it; *restart*: the first load of a "
        "second fresh server on the cache the first one filled (the checked story and "
        "its map's rendered parts read back from disk). *At once*, the baseline in the "
        "same run: a third fresh server with an empty cache that takes readers as soon "
        "as it answers (`STORYMAP_WARM_START=0`, as every server did before), its first "
        "reader running the app first. *Start + cold*: what a reader who asked as the "
        "server started waits in all (each run's two added). First paint, navigation "
        "start to the map showing every place; medians.",
        "",
        "| places × 5 events | start ms | cold ms | warm ms | restart ms | cold ÷ warm "
        "| restart ÷ warm | start + cold ms | at once: start ms | at once: cold ms "
        "| at once: cold ÷ warm | at once: start + cold ms | cold, each run "
        "| at once: cold, each run |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- | --- |",
    ]
    for figures in results:
        s = figures.summary()
        lines.append(
            f"| {figures.places:,} | {s['start ms']:,} | {s['cold ms']:,} "
            f"| {s['warm ms']:,} | {s['restart ms']:,} | {s['cold / warm']:.2f}× "
            f"| {s['restart / warm']:.2f}× | {s['start + cold ms']:,} "
            f"| {s['at once: start ms']:,} | {s['at once: cold ms']:,} "
            f"| {s['at once: cold / warm']:.2f}× | {s['at once: start + cold ms']:,} "
            f"| {_each(figures.cold_ms)} | {_each(figures.at_once_ms)} |"
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

"""``make bench-cold``: the first reader after the server starts, against the readers after.

A server runs the app once as it starts, and its health check says it is ready only
after that run (storymap/ui/server_start.py): whatever waits for its health (a host
waking the app, nginx's supervisor, Docker) sends the first reader to a server that
has checked its story and rendered its map. For each size, in headless Chromium, each
server on an empty story cache (STORYMAP_CACHE_DIR), as after a Community Cloud
wake-up in a new container:

- *cold*: the first load once the server is healthy, and *start*: process start to
  healthy;
- *warm*: the loads after it on the same server (median), what ``make bench`` calls
  first paint;
- *restart*: a second fresh server on the cache the first one filled: the story and
  its map's rendered parts read back from disk (storymap.story_cache,
  storymap.map_parts), its start and first load;
- *off*, the baseline in the same run: a server started with STORYMAP_WARM_START=0,
  healthy at once, its first reader running the app first; its start and first load;
- *reader at start*: a reader who asks for the page as soon as the server answers
  anything (its health or not), as one does who is already waiting, from process start
  to the map showing every place; with the first run and without it (*off*).

First paint is navigation start to the map showing every place, as in ``make bench``,
which records the cold and restart columns once at each of its sizes. Each run takes
the servers with and without the first run in turn, one first and then the other.
This runs them alone, several times, at 10,000 places unless told
(``make bench-cold PLACES="1000 10000" RUNS=3``), in about 2.5 minutes a size at
RUNS=3; it prints
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

OFF = {WARM_START_VARIABLE: "0"}

LOAD_TIMEOUT_MS = 90_000
ENTRY_TIMEOUT_S = 120  # for the server to write the story it checked, once it starts to
SECTION = "## Cold start"
SECTION_FILE = Path(__file__).with_name("cold_start.md")  # kept for make bench's report


@dataclass
class ColdStart:
    """The first paints of one size, and the starts before them, in milliseconds."""

    places: int
    start_ms: list[float] = field(default_factory=list)  # process start to healthy
    cold_ms: list[float] = field(default_factory=list)  # its first load, empty cache
    warm_ms: list[float] = field(default_factory=list)  # the loads after each cold one
    restart_start_ms: list[float] = field(default_factory=list)
    restart_ms: list[float] = field(default_factory=list)  # fresh, on the cache kept
    off_start_ms: list[float] = field(default_factory=list)  # no first run at start
    off_ms: list[float] = field(default_factory=list)
    at_start_ms: list[float] = field(default_factory=list)  # process start to the map
    off_at_start_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        after = _median(self.warm_ms)
        cold, restart, off = (_median(v) for v in (self.cold_ms, self.restart_ms, self.off_ms))
        return {
            "start ms": _median(self.start_ms),
            "cold ms": cold,
            "warm ms": after,
            "cold / warm": _ratio(cold, after),
            "restart: start ms": _median(self.restart_start_ms),
            "restart ms": restart,
            "restart / warm": _ratio(restart, after),
            "off: start ms": _median(self.off_start_ms),
            "off: cold ms": off,
            "off: cold / warm": _ratio(off, after),
            "reader at start ms": _median(self.at_start_ms),
            "off: reader at start ms": _median(self.off_at_start_ms),
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
    """A fresh server on ``folder``; yields it and how long it took to be healthy, in ms."""
    started = time.perf_counter()
    with driver.running_server(
        "app.py", folder, timeout=120, extra_environment=server_environment(cache_folder, extra)
    ) as server:
        yield server, (time.perf_counter() - started) * 1000


def restart_paint(browser, folder: Path, places: int, cache_folder: Path) -> float:
    """The first paint of a fresh server whose cache folder an earlier server filled."""
    with started_server(folder, cache_folder) as (server, _start_ms):
        return first_paint(browser, server.url, places)


def reader_at_start(browser, folder: Path, places: int, extra: dict[str, str] | None) -> float:
    """Process start to the map showing ``places``, for a reader who asks for the page
    as soon as the server answers it (not its health check), in ms; inf on a timeout."""
    with tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache:
        started = time.perf_counter()
        with driver.running_server(
            "app.py",
            folder,
            timeout=120,
            extra_environment=server_environment(Path(cache), extra),
            ready_path="/",
            poll_s=0.02,
        ) as server:
            page = new_page(browser)
            try:
                page.goto(server.url + "/", timeout=LOAD_TIMEOUT_MS)
                wait_for_places(page, "product", places, LOAD_TIMEOUT_MS)
                return (time.perf_counter() - started) * 1000
            except PlaywrightTimeout:
                return float("inf")
            finally:
                page.close()


def measure(browser, folder: Path, runs: int, warm_loads: int) -> ColdStart:
    """``runs`` times: a cold server's first load and ``warm_loads`` more, then a
    restart's; a server without the first run's first load; and a reader at the start
    of each kind of server. The two kinds in turn, one first and then the other."""
    count = len(places_of(folder))
    figures = ColdStart(count)
    for run in range(runs):
        kinds = [_with_first_run, _without_first_run]
        for kind in kinds if run % 2 == 0 else reversed(kinds):
            kind(browser, folder, count, warm_loads, figures)
        print(_row(figures), flush=True)
    return figures


def _with_first_run(browser, folder: Path, count: int, warm_loads: int, figures: ColdStart):
    with tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache:
        cache_folder = Path(cache)
        with started_server(folder, cache_folder) as (server, start_ms):
            figures.start_ms.append(start_ms)
            figures.cold_ms.append(first_paint(browser, server.url, count))
            figures.warm_ms += [first_paint(browser, server.url, count) for _ in range(warm_loads)]
            wait_for_kept_story(cache_folder)  # written WRITE_AFTER_S after the check
        with started_server(folder, cache_folder) as (server, start_ms):
            figures.restart_start_ms.append(start_ms)
            figures.restart_ms.append(first_paint(browser, server.url, count))
    figures.at_start_ms.append(reader_at_start(browser, folder, count, None))


def _without_first_run(browser, folder: Path, count: int, _warm_loads: int, figures: ColdStart):
    with (
        tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache,
        started_server(folder, Path(cache), OFF) as (server, start_ms),
    ):
        figures.off_start_ms.append(start_ms)
        figures.off_ms.append(first_paint(browser, server.url, count))
    figures.off_at_start_ms.append(reader_at_start(browser, folder, count, OFF))


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
    if not values:
        return None
    middle = statistics.median(values)
    return middle if middle == float("inf") else round(middle)


def _ratio(value: float | None, warm: float | None) -> float | None:
    if not value or not warm or float("inf") in (value, warm):
        return None
    return round(value / warm, 2)


def report(results: list[ColdStart], runs: int, warm_loads: int) -> str:
    """The "Cold start" section of BENCHMARKS.md."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        SECTION,
        "",
        f"Made by `make bench-cold` (benchmarks/cold_start.py), {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load} "
        f"at the end; {runs} runs at each size, medians. Every server but the restart "
        "starts on an empty story cache, and runs the app once before its health check "
        "says it is ready "
        "(storymap/ui/server_start.py). *Start*: process start to healthy. *Cold*: its "
        f"first load; *warm*: the median of the {warm_loads} loads after it (every ÷ warm "
        "divides by it). *Restart*: a "
        "second server on the cache the first one filled (the checked story and its "
        "map's rendered parts read back from disk). *Off*, the baseline in the same run: "
        "a server started with `STORYMAP_WARM_START=0`, healthy at once, its first "
        "reader running the app first. *Reader at start*: process start to the map, for "
        "a reader who asks for the page as soon as the server answers it (not its "
        "health), as one already waiting does; with the first run and *off*. Loads: "
        "navigation start to the map showing every place. The servers with and without "
        "the first run are taken in turn.",
        "",
        "| places × 5 events | start ms | cold ms | warm ms | cold ÷ warm "
        "| restart: start ms | restart ms | restart ÷ warm | off: start ms | off: cold ms "
        "| off: cold ÷ warm | reader at start ms | off: reader at start ms "
        "| cold, each run | off: cold, each run | reader at start, each run "
        "| off: reader at start, each run |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- | --- | --- | --- |",
    ]
    for figures in results:
        s = figures.summary()
        lines.append(
            f"| {figures.places:,} | {_ms(s['start ms'])} | {_ms(s['cold ms'])} "
            f"| {_ms(s['warm ms'])} | {_times(s['cold / warm'])} "
            f"| {_ms(s['restart: start ms'])} | {_ms(s['restart ms'])} "
            f"| {_times(s['restart / warm'])} | {_ms(s['off: start ms'])} "
            f"| {_ms(s['off: cold ms'])} | {_times(s['off: cold / warm'])} "
            f"| {_ms(s['reader at start ms'])} | {_ms(s['off: reader at start ms'])} "
            f"| {_each(figures.cold_ms)} | {_each(figures.off_ms)} "
            f"| {_each(figures.at_start_ms)} | {_each(figures.off_at_start_ms)} |"
        )
    return "\n".join(lines) + "\n"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return "timeout" if value == float("inf") else f"{value:,.0f}"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _each(values: list[float]) -> str:
    return ", ".join(_ms(value) for value in values)


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

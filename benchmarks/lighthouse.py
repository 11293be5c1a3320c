"""``make lighthouse``: the map page's first load, beside the plain tutorial app and a
one-line Streamlit page, measured in the same run.

Lighthouse (the npm package that package.json pins) drives the Chromium of the browser
tests (``CHROME_PATH``) with its default settings, the mobile ones: a mid-range phone's
screen, a slow 4G network and a CPU four times slower, simulated. Each app runs on a
free port and is warmed by one run that is not counted; then the apps take turns, and
the medians of their runs are printed: the performance score, cumulative layout shift
(CLS), total blocking time (TBT), first and largest contentful paint (FCP, LCP).

Then the same pages in Chromium through Playwright, without throttling: CLS as the
browser's PerformanceObserver reports it on a 1440 x 900 desktop and a 390 x 844 phone,
once the page has drawn (the map its places, the panel its place), with FCP and LCP.

Map tiles are blocked, as on a machine without internet. Writes benchmarks/lighthouse.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, sync_playwright

from benchmarks.browsing import wait_for_places
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

LIGHTHOUSE = driver.PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
REPORT = driver.PROJECT_ROOT / "benchmarks" / "lighthouse.md"
PLACE = "kherson"
AUDITS = {
    "CLS": "cumulative-layout-shift",
    "TBT ms": "total-blocking-time",
    "FCP ms": "first-contentful-paint",
    "LCP ms": "largest-contentful-paint",
}
SCREENS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "phone": driver.PHONE,
}
LOAD_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class App:
    name: str
    script: str
    path: str
    wait: Callable[[Page], None]  # until the page has drawn what a reader came for


def _map_page_drawn(page: Page) -> None:
    story = load_story(DEFAULT_DATA_FOLDER)
    driver.wait_for_markers(page, len(story.places), LOAD_TIMEOUT_MS)
    driver.wait_for_panel(page, story.places[PLACE].name, LOAD_TIMEOUT_MS)
    driver.wait_for_map_settled(page, LOAD_TIMEOUT_MS)


def _baseline_drawn(page: Page) -> None:
    places = len(load_story(DEFAULT_DATA_FOLDER).places)
    wait_for_places(page, "baseline", places, LOAD_TIMEOUT_MS)
    driver.wait_for_app_idle(page, LOAD_TIMEOUT_MS)


def _page_drawn(page: Page) -> None:
    driver.wait_for_app_idle(page, LOAD_TIMEOUT_MS)


APPS = [
    App(f"map page (/?place={PLACE})", "app.py", f"/?place={PLACE}", _map_page_drawn),
    App("plain tutorial app", "benchmarks/baseline_app.py", "/", _baseline_drawn),
    App("one-line Streamlit page", "benchmarks/one_line_app.py", "/", _page_drawn),
]

# Layout shifts and paints from the page's start (buffered observers).
OBSERVE_JS = """
window.__shifts = [];
window.__lcp = null;
window.__shiftObserver = new PerformanceObserver(
    list => window.__shifts.push(...list.getEntries()));
window.__shiftObserver.observe({type: "layout-shift", buffered: true});
window.__lcpObserver = new PerformanceObserver(list => {
    const entries = list.getEntries();
    if (entries.length) window.__lcp = entries[entries.length - 1].startTime;
});
window.__lcpObserver.observe({type: "largest-contentful-paint", buffered: true});
"""
READ_JS = """() => {
    const shifts = window.__shifts.concat(window.__shiftObserver.takeRecords());
    const lcp = window.__lcpObserver.takeRecords();
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
        cls: shifts.filter(s => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0),
        fcp: fcp ? fcp.startTime : null,
        lcp: lcp.length ? lcp[lcp.length - 1].startTime : window.__lcp,
    };
}"""


def chrome_path() -> str:
    """The Chromium of the browser tests: the system's, else Playwright's own."""
    path = driver.chromium_path()
    if path:
        return path
    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def lighthouse(url: str) -> dict[str, float]:
    """One Lighthouse run of ``url`` with its default (mobile) settings: the figures."""
    flags = " ".join(
        ["--headless=new", *(arg for arg in driver.CHROMIUM_ARGS if arg != "--headless")]
    )
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--only-categories=performance",
            f"--chrome-flags={flags}",
            *(f"--blocked-url-patterns=*{host}*" for host in driver.TILE_HOSTS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "CHROME_PATH": chrome_path()},
    )
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not measure {url}: {report['runtimeError']}")
    figures = {"performance": report["categories"]["performance"]["score"] * 100}
    for label, audit in AUDITS.items():
        figures[label] = report["audits"][audit]["numericValue"]
    return figures


@contextlib.contextmanager
def running_apps() -> Iterator[dict[str, str]]:
    """Every app on a free port: its URL to measure, by name."""
    with contextlib.ExitStack() as stack:
        urls = {}
        for app in APPS:
            server = stack.enter_context(driver.running_server(app.script, timeout=120))
            urls[app.name] = server.url + app.path
        yield urls


def browser_figures(urls: dict[str, str], loads: int) -> dict[str, dict[str, float | None]]:
    """CLS on each screen, and FCP and LCP on the desktop, through Playwright: medians."""
    figures: dict[str, dict[str, list[float | None]]] = {app.name: {} for app in APPS}
    with sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright)
        for _ in range(loads):
            for app in APPS:
                for screen, options in SCREENS.items():
                    context = browser.new_context(**options)
                    page = context.new_page()
                    driver.block_tiles(page)
                    page.add_init_script(OBSERVE_JS)
                    page.goto(urls[app.name], timeout=LOAD_TIMEOUT_MS)
                    app.wait(page)
                    read = page.evaluate(READ_JS)
                    context.close()
                    runs = figures[app.name]
                    runs.setdefault(f"CLS {screen}", []).append(read["cls"])
                    if screen == "desktop":
                        runs.setdefault("FCP ms", []).append(read["fcp"])
                        runs.setdefault("LCP ms", []).append(read["lcp"])
        browser.close()
    return {
        name: {label: _median(values) for label, values in runs.items()}
        for name, runs in figures.items()
    }


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def table(figures: dict[str, dict[str, float | None]]) -> str:
    labels = list(next(iter(figures.values())))
    lines = [
        "| app | " + " | ".join(labels) + " |",
        "| --- |" + " --- |" * len(labels),
    ]
    for name, values in figures.items():
        cells = [
            "n/a"
            if values[label] is None
            else f"{values[label]:.3f}"
            if label.startswith("CLS")
            else f"{values[label]:,.0f}"
            for label in labels
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs of each app")
    parser.add_argument("--loads", type=int, default=3, help="Playwright loads of each app")
    arguments = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` (make lighthouse does).")
    started = time.strftime("%Y-%m-%d")
    with running_apps() as urls:
        for url in urls.values():  # warms each server: its first visitor is not counted
            lighthouse(url)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
        for _ in range(arguments.runs):
            for name, url in urls.items():
                runs[name].append(lighthouse(url))
        measured: dict[str, dict[str, float | None]] = {
            name: {label: _median([run[label] for run in results]) for label in results[0]}
            for name, results in runs.items()
        }
        # Lighthouse's simulated figures vary from run to run (TBT the most): each score.
        scores = "\n".join(
            f"- {name}: " + ", ".join(f"{run['performance']:.0f}" for run in results)
            for name, results in runs.items()
        )
        lighthouse_table = table(measured)
        print("Lighthouse 12, mobile (simulated slow 4G, 4x CPU), medians of", arguments.runs)
        print(lighthouse_table, end="\n\n")
        print("Performance score of each run:", scores, sep="\n", end="\n\n", flush=True)
        browser_table = table(browser_figures(urls, arguments.loads))
    print("Chromium through Playwright, no throttling, medians of", arguments.loads)
    print(browser_table)
    REPORT.write_text(
        "# First load: Lighthouse\n\n"
        f"Made by `make lighthouse` (benchmarks/lighthouse.py) on {started}: python "
        f"{platform.python_version()}, {os.cpu_count()} cores. Map tiles blocked.\n\n"
        f"## Lighthouse 12, mobile settings (medians of {arguments.runs} runs)\n\n"
        f"{lighthouse_table}\n\n"
        f"The performance score of each run:\n\n{scores}\n\n"
        f"## Chromium through Playwright, unthrottled (medians of {arguments.loads} loads)\n\n"
        "CLS from the browser's own PerformanceObserver, once the page has drawn; FCP and "
        "LCP on the desktop.\n\n"
        f"{browser_table}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

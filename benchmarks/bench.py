"""``make bench``: the product against the naive baseline, in headless Chromium.

For each app and data set: first paint (navigation start to the map showing its
places, median of loads after one warm-up), cold first paint (that warm-up: the
first load of a fresh server, with an empty story cache, which ran the app once before
it answered: storymap/ui/server_start.py), restart first paint (the
product alone: the first load of a second fresh server on the story cache the first
one filled, benchmarks.cold_start), click to panel (a marker click to the
side panel naming that place, p50 and p95 over clicks on different places), server
time per rerun (the script's own run, logged by the app through STORYMAP_RUN_LOG,
median over the runs the clicks cause, pans included for the baseline) and peak
server memory (VmHWM) with five sessions open. Then the product alone at growing sizes.
Prints tables and writes benchmarks/results.json and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from benchmarks import cold_start, hostile_bench, load_curve, loadtest, upload_bench
from benchmarks.browsing import click_place_until_panel, new_page, places_of, wait_for_places
from benchmarks.cold_start import restart_paint, server_environment, wait_for_kept_story
from benchmarks.profile_rerun import PROFILE, profile_rerun
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.runlog import RUN_LOG_VARIABLE, read_run_log
from storymap.synth import write_synthetic_story
from tests.browser import driver

RESULTS = driver.PROJECT_ROOT / "benchmarks" / "results.json"
REPORT = driver.PROJECT_ROOT / "BENCHMARKS.md"
LOAD_TIMEOUT_MS = 90_000
CLICK_TIMEOUT_MS = 60_000
CLICK_BUDGET_S = 150  # a slow app gets fewer clicks rather than an endless run


@dataclass
class Figures:
    app: str
    dataset: str
    places: int
    first_paint_ms: list[float] = field(default_factory=list)
    cold_paint_ms: float | None = None  # the first load after the server started
    restart_paint_ms: float | None = None  # the same, the story read from the disk cache
    click_ms: list[float] = field(default_factory=list)
    rerun_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        warm = _median(self.first_paint_ms)
        return {
            "first paint ms": warm,
            "cold first paint ms": _rounded(self.cold_paint_ms),
            "restart first paint ms": _rounded(self.restart_paint_ms),
            "cold ÷ warm": _times(self.cold_paint_ms, warm),
            "restart ÷ warm": _times(self.restart_paint_ms, warm),
            "click p50 ms": _median(self.click_ms),
            "click p95 ms": _percentile(self.click_ms, 95),
            "rerun ms": _median(self.rerun_ms),
            "peak RSS MB": self.peak_rss_mb,
            "clicks": len(self.click_ms),
        }


def measure(
    app: str,
    dataset: str,
    folder: Path,
    places: list[tuple[str, float, float]],
    loads: int,
    clicks: int,
    browser,
) -> Figures:
    script = "app.py" if app == "product" else "benchmarks/baseline_app.py"
    figures = Figures(app, dataset, len(places))
    run_log = Path(tempfile.mkdtemp(prefix="storymap-runs-")) / "runs.txt"
    # An empty story cache: the first load is the truly cold one, the story checked.
    with tempfile.TemporaryDirectory(prefix="storymap-cache-") as cache:
        environment = server_environment(Path(cache), {RUN_LOG_VARIABLE: str(run_log)})
        with driver.running_server(
            script, folder, timeout=120, extra_environment=environment
        ) as server:
            for number in range(loads + 1):  # the first load is the cold one: apart
                page = new_page(browser)
                started = time.perf_counter()
                try:
                    page.goto(server.url + "/", timeout=LOAD_TIMEOUT_MS)
                    wait_for_places(page, app, len(places), LOAD_TIMEOUT_MS)
                    paint = page.evaluate("performance.now()")
                    if number:
                        figures.first_paint_ms.append(paint)
                    else:
                        figures.cold_paint_ms = paint
                except PlaywrightTimeout:
                    figures.notes.append(
                        f"load {number} timed out after {time.perf_counter() - started:.0f} s"
                    )
                    page.close()
                    if number:
                        figures.first_paint_ms.append(float("inf"))
                        break
                    figures.cold_paint_ms = float("inf")
                    continue
                page.close()
            run_log.write_text("")  # count only the runs of the clicks
            _click_through(server, app, places, clicks, browser, figures)
            figures.rerun_ms = read_run_log(str(run_log))
            figures.peak_rss_mb = _peak_rss_with_sessions(server, app, len(places), browser)
            if app == "product":  # the baseline keeps no story between starts
                wait_for_kept_story(Path(cache))
        if app == "product":
            figures.restart_paint_ms = restart_paint(browser, folder, len(places), Path(cache))
    return figures


def _click_through(server, app, places, clicks, browser, figures: Figures) -> None:
    page = new_page(browser)
    try:
        page.goto(server.url + "/", timeout=LOAD_TIMEOUT_MS)
        wait_for_places(page, app, len(places), LOAD_TIMEOUT_MS)
    except PlaywrightTimeout:
        figures.notes.append("no clicks: the page did not load")
        page.close()
        return
    # Different places each time; a story smaller than the click count goes round again,
    # never clicking the same place twice in a row.
    order = random.Random(7).sample(places, len(places))
    chosen = [order[number % len(order)] for number in range(clicks)]
    began = time.perf_counter()
    for name, lat, lon in chosen:
        if time.perf_counter() - began > CLICK_BUDGET_S:
            figures.notes.append(
                f"stopped after {len(figures.click_ms)} clicks ({CLICK_BUDGET_S} s budget)"
            )
            break
        try:
            figures.click_ms.append(
                click_place_until_panel(page, app, (name, lat, lon), CLICK_TIMEOUT_MS)
            )
            driver.wait_for_map_at_rest(page, timeout=CLICK_TIMEOUT_MS)
        except PlaywrightTimeout:
            figures.click_ms.append(float("inf"))
            figures.notes.append(f"a click timed out after {CLICK_TIMEOUT_MS / 1000:.0f} s")
            break
    page.close()


def _peak_rss_with_sessions(server, app: str, places: int, browser, sessions: int = 5):
    pages = [new_page(browser) for _ in range(sessions)]
    for page in pages:
        page.goto(server.url + "/", wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    try:
        for page in pages:
            wait_for_places(page, app, places, LOAD_TIMEOUT_MS)
    except PlaywrightTimeout:
        pass
    peak = _vm_hwm_mb(server.pid)
    for page in pages:
        page.close()
    return peak


def _vm_hwm_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    if not status.is_file():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _median(values):
    return round(statistics.median(values), 1) if values else None


def _rounded(value):
    return None if value is None else round(value, 1)


def _times(value, warm):
    """``value`` as a multiple of the warm first paint ``warm``."""
    return round(value / warm, 2) if value and warm else None


def _percentile(values, percent):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="small data sets only")
    arguments = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="storymap-bench-"))
    sizes = {"default": None, "1,000 × 5": 1_000, "10,000 × 5": 10_000}
    scaling = [100, 1_000, 10_000, 50_000]
    if arguments.quick:
        sizes, scaling = {"default": None, "1,000 × 5": 1_000}, [100, 1_000]
    folders = {}
    for label, count in sizes.items():
        folders[label] = DEFAULT_DATA_FOLDER if count is None else workspace / f"p{count}"
    for count in scaling:
        folders.setdefault(f"{count:,} × 5", workspace / f"p{count}")
    for label, folder in folders.items():
        if folder != DEFAULT_DATA_FOLDER and not folder.exists():
            count = int(label.split(" ")[0].replace(",", ""))
            write_synthetic_story(folder, count, 5, seed=1)

    results: list[Figures] = []
    with sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright)
        for label in sizes:
            for app in ("product", "baseline"):
                figures = measure(
                    app,
                    label,
                    folders[label],
                    places_of(folders[label]),
                    arguments.loads,
                    arguments.clicks,
                    browser,
                )
                results.append(figures)
                print(_row(figures), flush=True)
        for count in scaling:
            label = f"{count:,} × 5"
            if any(f.app == "product" and f.dataset == label for f in results):
                continue
            figures = measure(
                "product",
                label,
                folders[label],
                places_of(folders[label]),
                arguments.loads,
                arguments.clicks,
                browser,
            )
            results.append(figures)
            print(_row(figures), flush=True)
        browser.close()
    if not arguments.quick:
        profile_rerun(10_000, PROFILE)
    machine = _machine()
    RESULTS.write_text(
        json.dumps(
            {
                "machine": machine,
                "results": [{**asdict(f), "summary": f.summary()} for f in results],
            },
            indent=2,
            default=str,
        )
    )
    report = _report(results, sizes, scaling, machine)
    REPORT.write_text(report, encoding="utf-8")
    print()
    print(report)


def _row(figures: Figures) -> str:
    summary = figures.summary()
    return f"{figures.app:9} {figures.dataset:12} " + "  ".join(
        f"{key}={value}" for key, value in summary.items()
    )


def _machine() -> dict:
    import os

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cores": os.cpu_count(),
        "memory GB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "date": time.strftime("%Y-%m-%d"),
    }


def _fmt(value, unit="") -> str:
    if value is None:
        return "–"
    if value == float("inf"):
        return "timeout"
    return f"{value:,.0f}{unit}"


def _times_text(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _ratio(baseline, product) -> str:
    if not baseline or not product:
        return "–"
    if baseline == float("inf"):
        return "baseline timed out"
    return f"{baseline / product:,.1f}×"


def _report(results: list[Figures], sizes, scaling, machine) -> str:
    by_key = {(f.app, f.dataset): f.summary() for f in results}
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (benchmarks/bench.py): each app started on a free port and "
        "driven in headless Chromium with map tiles blocked. Medians over repeated runs; "
        "ratios are baseline ÷ product, measured in the same run.",
        "",
        "*First paint* is navigation start to the map showing every place, for a reader "
        "who comes once the server has shown the story before: the median of the loads "
        "after the first. *Cold* is that first load, on a server just started with an "
        "empty story cache (STORYMAP_CACHE_DIR), as after a Community Cloud wake-up on "
        "a new container. The product's server runs the app once as it starts and is "
        "healthy only after that run (storymap/ui/server_start.py): the story read and "
        "checked, the map rendered; the plain app's first reader does its first run. So "
        "the **baseline ÷ product** rows leave cold first paint out: the two are not the "
        "same wait. `make bench-cold` shows how much later the product's server is "
        "healthy, and what a reader waits from its start, against the same server "
        "without that run. *Restart* is the first load of a "
        "second server started on the cache the first one filled: the checked story "
        "and its map's rendered parts read back from disk (storymap.story_cache), as "
        "after a restart on the same machine. The ratios ÷ warm divide each by the first "
        "paint of the same server.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()),
        "",
        "## Product against the naive baseline",
        "",
        "| data | app | first paint ms | cold first paint ms | click p50 ms | click p95 ms "
        "| rerun ms | peak RSS MB (5 sessions) | clicks |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label in sizes:
        for app in ("product", "baseline"):
            s = by_key[(app, label)]
            lines.append(
                f"| {label} | {app} | {_fmt(s['first paint ms'])} | "
                f"{_fmt(s['cold first paint ms'])} | "
                f"{_fmt(s['click p50 ms'])} | {_fmt(s['click p95 ms'])} | "
                f"{_fmt(s['rerun ms'])} | {_fmt(s['peak RSS MB'])} | {s['clicks']} |"
            )
        p, b = by_key[("product", label)], by_key[("baseline", label)]
        lines.append(
            f"| {label} | **baseline ÷ product** | "
            f"{_ratio(b['first paint ms'], p['first paint ms'])} | "
            "– | "  # not the same wait: see the text above
            f"{_ratio(b['click p50 ms'], p['click p50 ms'])} | "
            f"{_ratio(b['click p95 ms'], p['click p95 ms'])} | "
            f"{_ratio(b['rerun ms'], p['rerun ms'])} | "
            f"{_ratio(b['peak RSS MB'], p['peak RSS MB'])} | |"
        )
    lines += [
        "",
        "## The product as the story grows",
        "",
        "| places × events | first paint ms | cold first paint ms | cold ÷ warm "
        "| restart first paint ms | restart ÷ warm | click p50 ms | click p95 ms | rerun ms "
        "| peak RSS MB (5 sessions) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for count in scaling:
        s = by_key[("product", f"{count:,} × 5")]
        lines.append(
            f"| {count:,} × 5 | {_fmt(s['first paint ms'])} | "
            f"{_fmt(s['cold first paint ms'])} | {_times_text(s['cold ÷ warm'])} | "
            f"{_fmt(s['restart first paint ms'])} | {_times_text(s['restart ÷ warm'])} | "
            f"{_fmt(s['click p50 ms'])} | {_fmt(s['click p95 ms'])} | "
            f"{_fmt(s['rerun ms'])} | {_fmt(s['peak RSS MB'])} |"
        )
    notes = [f"- {f.app}, {f.dataset}: {note}" for f in results for note in f.notes]
    if notes:
        lines += ["", "## Notes from the run", "", *notes]
    if PROFILE.is_file():
        lines += [
            "",
            "## Profile of one rerun at 10,000 places",
            "",
            "Made by `make profile` (benchmarks/profile_rerun.py): the run of the map "
            "page that a click on a place causes, sampled by pyinstrument every 0.5 ms "
            "(sampling slows the run; the shares are what count).",
            "",
            "```",
            PROFILE.read_text(encoding="utf-8").strip("\n"),
            "```",
        ]
    for section_file in (
        load_curve.SECTION_FILE,
        load_curve.COPIES_SECTION_FILE,
        cold_start.SECTION_FILE,
        loadtest.SECTION_FILE,
        upload_bench.SECTION_FILE,
        hostile_bench.SECTION_FILE,
    ):
        if section_file.is_file():  # written by make bench-cold, loadtest, bench-upload…
            lines += ["", section_file.read_text(encoding="utf-8").rstrip()]
    analysis = Path(__file__).with_name("analysis.md")
    if analysis.is_file():  # what the figures mean, kept by hand beside the generated tables
        lines += ["", analysis.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

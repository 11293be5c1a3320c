"""``make loadtest-browser``: many visitors at once on one server, and the memory they leave behind.

Starts the app on a free port with the default story, then opens SESSIONS browser
sessions at once (each its own context in one headless Chromium). Each clicks through
the four featured places ROUNDS times, waiting each time for the panel to name the place.
Reports failures (a click whose panel never came, or named another place), click to
panel p50 and p95 over every click of every session, and the server's memory (RSS)
before, at its peak during, and after the sessions close and the server lets their
state go. Writes benchmarks/loadtest_browser.json, and the "Load test in browsers" section
of BENCHMARKS.md (also kept in benchmarks/loadtest_browser.md, which ``make bench``
includes when it rewrites it). ``make loadtest`` is the server's own curve, without
browsers (benchmarks/load_curve.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

RESULTS = Path(__file__).with_name("loadtest_browser.json")
SECTION_FILE = Path(__file__).with_name("loadtest_browser.md")  # kept for make bench's report
REPORT = driver.PROJECT_ROOT / "BENCHMARKS.md"
SECTION = "## Load test in browsers"
# A closed session's state is let go this long after its connection ends (Streamlit's
# default is 120 s; shortened here so the run does not wait two minutes).
SESSION_TTL_S = 10
SETTLE_TIMEOUT_S = SESSION_TTL_S + 60
CLICK_TIMEOUT_MS = 60_000


@dataclass
class LoadFigures:
    sessions: int
    rounds: int
    clicks: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_mb: float = 0.0
    rss_after_later_waves_mb: list[float] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu_seconds: float = 0.0

    def summary(self) -> dict:
        ordered = sorted(self.clicks)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else None
        return {
            "sessions": self.sessions,
            "clicks": len(self.clicks),
            "failures": len(self.failures),
            "click p50 ms": round(statistics.median(ordered), 1) if ordered else None,
            "click p95 ms": round(p95, 1) if p95 is not None else None,
            "RSS before MB": self.rss_before_mb,
            "RSS peak MB": self.rss_peak_mb,
            "RSS after MB": self.rss_after_mb,
            "RSS after later waves MB": self.rss_after_later_waves_mb,
        }


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no {field_name} for process {pid}")


async def visit(browser, url: str, places, rounds: int, figures: LoadFigures, markers: int) -> None:
    """One visitor: open the map (``markers`` places) and click each place, round after round."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    for host in driver.TILE_HOSTS:
        await page.route(f"https://{host}/**", lambda route: route.abort())
    try:
        await page.goto(url + "/", timeout=CLICK_TIMEOUT_MS)
        await _wait_for_map(page, markers)
        for _ in range(rounds):
            for place in places:
                await _wait_for_rest(page)
                x, y = await _point_of(page, place.lat, place.lon)
                started = time.perf_counter()
                await page.mouse.click(x, y)
                try:
                    await page.wait_for_function(
                        "name => document.querySelector('.place-panel h2')?.textContent === name",
                        arg=place.name,
                        polling="raf",
                        timeout=CLICK_TIMEOUT_MS,
                    )
                    figures.clicks.append((time.perf_counter() - started) * 1000)
                except PlaywrightTimeout:
                    figures.failures.append(
                        f"{place.name}: no panel within {CLICK_TIMEOUT_MS / 1000:.0f} s"
                    )
    except PlaywrightTimeout as error:
        figures.failures.append(f"the page did not load: {error}")
    finally:
        await context.close()


async def _wait_for_map(page, places: int) -> None:
    await page.wait_for_function(
        driver.PLACES_DRAWN_JS,
        arg=[driver.MAP_FRAME, places],
        polling="raf",
        timeout=CLICK_TIMEOUT_MS,
    )


async def _wait_for_rest(page) -> None:
    await page.wait_for_function(
        driver.MAP_AT_REST_JS, arg=driver.MAP_FRAME, polling="raf", timeout=CLICK_TIMEOUT_MS
    )


async def _point_of(page, lat: float, lon: float) -> tuple[float, float]:
    frame_box = await page.locator(driver.MAP_FRAME).bounding_box()
    frame = await (await page.locator(driver.MAP_FRAME).element_handle()).content_frame()
    point = await frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    return frame_box["x"] + point[0], frame_box["y"] + point[1]


async def sample_peak(pid: int, figures: LoadFigures, stop: asyncio.Event) -> None:
    while not stop.is_set():
        figures.rss_peak_mb = max(figures.rss_peak_mb, rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.25)  # the sampling interval


async def settled_rss(pid: int) -> float:
    """RSS once it has stopped falling: sessions let go, their memory returned."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    readings = [rss_mb(pid)]
    while time.monotonic() < deadline:
        await asyncio.sleep(1)  # the polling interval, not a wait for an event
        readings.append(rss_mb(pid))
        past_ttl = len(readings) > SESSION_TTL_S + 5
        if past_ttl and max(readings[-5:]) - min(readings[-5:]) < 1:
            break
    return readings[-1]


async def wave(browser, url, places, sessions, rounds, figures, pid, markers) -> None:
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_peak(pid, figures, stop))
    await asyncio.gather(
        *(visit(browser, url, places, rounds, figures, markers) for _ in range(sessions))
    )
    stop.set()
    await sampler


async def run(sessions: int, rounds: int, waves: int) -> LoadFigures:
    story = load_story(DEFAULT_DATA_FOLDER)
    places = [place for place in story.places.values() if place.featured]
    figures = LoadFigures(sessions, rounds)
    environment = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
    with driver.running_server(
        "app.py", DEFAULT_DATA_FOLDER, timeout=120, extra_environment=environment
    ) as server:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=driver.chromium_path(), args=driver.CHROMIUM_ARGS
            )
            # One visitor first, so that "before" includes the story, loaded once per server.
            markers = len(story.places)
            await visit(browser, server.url, places[:1], 1, LoadFigures(1, 1), markers)
            figures.rss_before_mb = await settled_rss(server.pid)
            started, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
            await wave(browser, server.url, places, sessions, rounds, figures, server.pid, markers)
            figures.seconds = round(time.perf_counter() - started, 1)
            figures.server_cpu_seconds = round(cpu_seconds(server.pid) - cpu_before, 1)
            figures.rss_after_mb = await settled_rss(server.pid)
            # Later waves as big as the first must not leave more and more behind: what
            # a session holds is let go with it, not kept and added to.
            for _ in range(waves - 1):
                later = LoadFigures(sessions, 1)
                await wave(browser, server.url, places, sessions, 1, later, server.pid, markers)
                figures.failures += later.failures
                figures.rss_peak_mb = max(figures.rss_peak_mb, later.rss_peak_mb)
                figures.rss_after_later_waves_mb.append(await settled_rss(server.pid))
            await browser.close()
    return figures


def report(figures: LoadFigures) -> str:
    s = figures.summary()
    return (
        "\n".join(
            [
                SECTION,
                "",
                "Made by `make loadtest-browser` (benchmarks/loadtest.py): "
                f"{figures.sessions} browser sessions at once on one server with the default "
                f"story, each clicking the four featured places {figures.rounds} times "
                f"({s['clicks']} clicks in "
                f"{figures.seconds:.0f} s); closed sessions let go after {SESSION_TTL_S} s. The "
                f"server used {figures.server_cpu_seconds:.0f} s of CPU in those "
                f"{figures.seconds:.0f} s "
                f"({figures.server_cpu_seconds / figures.seconds:.0%} of one "
                f"of the machine's {os.cpu_count()} cores); Chromium, drawing "
                f"{figures.sessions} pages at once on the same machine, had the rest.",
                "",
                "| sessions | clicks | failures | click p50 ms | click p95 ms | RSS before MB "
                "| RSS peak MB | RSS after MB | RSS after each later wave MB |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                f"| {s['sessions']} | {s['clicks']} | {s['failures']} | {_ms(s['click p50 ms'])} | "
                f"{_ms(s['click p95 ms'])} | {s['RSS before MB']:,.0f} | {s['RSS peak MB']:,.0f} | "
                f"{s['RSS after MB']:,.0f} | "
                + ", ".join(f"{value:,.0f}" for value in s["RSS after later waves MB"])
                + " |",
                "",
                f"Each later wave is {figures.sessions} more sessions clicking each place once. "
                "Memory that stays level from wave to wave is memory the server keeps once (code, "
                "caches of the story); memory that grew with each wave would be sessions' state "
                "kept after they close.",
                *(
                    [""] + [f"- failure: {failure}" for failure in figures.failures]
                    if figures.failures
                    else []
                ),
            ]
        )
        + "\n"
    )


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"  # no clicks at all: every one failed


def replace_section(path: Path, heading: str, section: str) -> None:
    """Put ``section`` in the markdown file at ``path``, in place of the one it replaces."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    start = text.find(heading + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        rest = text[end + 1 :] if end != -1 else ""
        # A blank line between the section and the next heading, as markdown wants it.
        text = text[:start] + section.rstrip("\n") + ("\n\n" + rest if rest else "\n")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--waves",
        type=int,
        default=4,
        help="the first wave and more, to show that closed sessions do not leave memory behind",
    )
    arguments = parser.parse_args()
    figures = asyncio.run(run(arguments.sessions, arguments.rounds, arguments.waves))
    RESULTS.write_text(
        json.dumps({**asdict(figures), "summary": figures.summary()}, indent=2), encoding="utf-8"
    )
    section = report(figures)
    SECTION_FILE.write_text(section, encoding="utf-8")
    replace_section(REPORT, SECTION, section)
    print(section)
    if figures.failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

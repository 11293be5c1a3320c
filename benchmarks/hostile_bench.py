"""``make bench-hostile``: hostile uploads, and what a second visitor meanwhile notices.

Starts the app with the default story. A second visitor, in its own Chromium, clicks
the map's places one after another and times each click to its panel: first on a quiet
server, then while an attacker, in another Chromium, uploads the hostile cases of
benchmarks/hostile_cases.py one after another on the Your story page. For each case:
how long from pressing *Check and show my story* to an answer (a report, any message,
or the map), what the answer was, and the server's peak memory above its level on the
quiet server, sampled every 50 ms: the server's RSS, and each checking worker's private
memory (a worker is a fork of the server: the pages they share count once). Then each
case family at N and 4N, to show how a check's time and memory grow with its input.

A case without an answer within the cap is reported as such, and the server is then
restarted on the same port (the visitor reopens the map), so that the next case does
not meet a server still busy with it; clicks that a restart cut short are not counted.

Goal: the visitor's p95 during the attacks within 1.5× of the quiet p95, and no click
without a panel. Prints the tables and writes the "Hostile uploads" section of
BENCHMARKS.md (also kept in benchmarks/hostile.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from benchmarks.browsing import click_place_until_panel, new_page, places_of
from benchmarks.hostile_cases import CASES
from benchmarks.hostile_growth import growth_rows, growth_table, private_mb
from benchmarks.loadtest import REPORT, replace_section, rss_mb
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.panel import PLACELESS_ID
from tests.browser import driver

SECTION = "## Hostile uploads"
SECTION_FILE = Path(__file__).with_name("hostile.md")
SAMPLE_S = 0.05  # how often the server's memory is read
CLICK_TIMEOUT_MS = 15_000  # a click with no panel by then counts as a click without one
SETUP_TIMEOUT_MS = 60_000  # for the attacker's page to open and its files to reach the server
WARM_UP_CLICKS = 3  # the first clicks load code in the browser: not counted
RUN_LIMIT_S = 1_800  # no loop of this script runs longer, whatever the server does
P95_GOAL = 1.5
BUTTON = "Check and show my story"

# After pressing the button: a new message (error, warning, note) or the map page with
# places drawn, whichever comes first. Any clear message counts as an answer.
ANSWER_JS = f"""([selector, alertsBefore]) => {{
    const drawn = ({driver.PLACES_DRAWN_JS})([selector, 1]);
    // A story of events without a place has no marker to draw: its list is the answer.
    const listed = document.getElementById("{PLACELESS_ID}");
    if (!location.pathname.endsWith("/upload") && (drawn || listed)) return "map";
    const alerts = document.querySelectorAll(
        '[data-testid^=stAlertContent], [data-testid=stException]');
    return alerts.length > alertsBefore ? "message" : null;
}}"""
# Once the chosen files are sent: the button can be pressed, or the uploader refused them.
UPLOADED_JS = f"""() => {{
    const refused = document.querySelector("[data-testid=stFileChipIconError]");
    if (refused) return "refused";
    const button = [...document.querySelectorAll("button")]
        .find(b => b.innerText.includes("{BUTTON}"));
    return button && !button.disabled ? "ready" : null;
}}"""
ALERTS_JS = (
    "() => document.querySelectorAll("
    "'[data-testid^=stAlertContent], [data-testid=stException]').length"
)
# The message an answer gave: the last alert, and the upload's report below it if any.
MESSAGE_JS = """() => {
    const alert = [...document.querySelectorAll(
        '[data-testid^=stAlertContent], [data-testid=stException]')].at(-1);
    // The message's words, without its icon's name ("error")
    const words = alert?.querySelector('[data-testid=stMarkdownContainer]') ?? alert;
    const report = alert && [...document.querySelectorAll('[data-testid=stCode]')].find(
        code => alert.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING);
    const chip = document.querySelector('[data-testid=stFileChips]');
    return {alert: words?.innerText ?? "", report: report?.innerText ?? "",
            chip: chip?.innerText ?? "", title: document.querySelector("h1")?.innerText ?? ""};
}"""
# The message, once a report of problems has its lines below it.
MESSAGE_COMPLETE_JS = f"""() => {{
    const shown = ({MESSAGE_JS})();
    return !/problem/.test(shown.alert) || shown.report.trim() ? shown : null;
}}"""


class AppUnderTest:
    """The app with the default story on one port, restarted there when asked."""

    def __init__(self) -> None:
        self.port = driver.free_port()
        self.restarts: list[tuple[float, float]] = []  # (started, done), monotonic seconds
        self.up = threading.Event()
        self._stack = contextlib.ExitStack()
        self.server = self._start()

    def _start(self) -> driver.Server:
        server = self._stack.enter_context(
            driver.running_server("app.py", timeout=120, port=self.port)
        )
        self.up.set()
        return server

    @property
    def url(self) -> str:
        return self.server.url

    def restart(self) -> None:
        started = time.monotonic()
        self.up.clear()
        self._stack.close()
        self._stack = contextlib.ExitStack()
        self.server = self._start()
        self.restarts.append((started, time.monotonic()))

    def restarted_between(self, start: float, end: float) -> bool:
        return not self.up.is_set() or any(
            began <= end and done >= start for began, done in self.restarts
        )

    def close(self) -> None:
        self._stack.close()


def tree_memory_mb(pid: int) -> float:
    """The server's RSS, plus the memory of its own of each process under it.

    A checking worker is a fork of the server: its RSS counts the pages it shares with
    the server, which take no more memory. What it adds is its private memory
    (Private_Clean + Private_Dirty in /proc/PID/smaps_rollup).
    """
    total, pending, seen = 0.0, [pid], set()
    while pending and len(seen) < 10_000:
        process = pending.pop()
        if process in seen:
            continue
        seen.add(process)
        with contextlib.suppress(OSError, RuntimeError, ValueError):  # it may just have ended
            total += rss_mb(process) if process == pid else private_mb(process)
            for task in Path(f"/proc/{process}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
    return total


class MemorySampler(threading.Thread):
    """Reads the server's memory every SAMPLE_S seconds, until stopped."""

    def __init__(self, app: AppUnderTest) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.samples: list[tuple[float, float]] = []  # (monotonic seconds, MB)
        self.stop = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + RUN_LIMIT_S
        while not self.stop.wait(SAMPLE_S) and time.monotonic() < deadline:
            if self.app.up.is_set():
                self.samples.append((time.monotonic(), tree_memory_mb(self.app.server.pid)))

    def between(self, start: float, end: float) -> list[float]:
        return [mb for seconds, mb in self.samples if start <= seconds <= end]


@dataclass
class Click:
    started: float
    ended: float
    ms: float | None  # None: no panel within CLICK_TIMEOUT_MS


class Visitor(threading.Thread):
    """The second visitor: clicks the map's places one after another, timing each panel."""

    def __init__(self, app: AppUnderTest, quiet_clicks: int) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.quiet_clicks = quiet_clicks
        self.quiet: list[Click] = []
        self.attacked: list[Click] = []
        self.quiet_done = threading.Event()
        self.attack_started = threading.Event()
        self.finished = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            with sync_playwright() as playwright:
                browser = driver.launch_chromium(playwright)
                self._click_until_finished(new_page(browser))
                browser.close()
        except BaseException as error:  # reported by the main thread
            self.failure = error
            self.quiet_done.set()

    def _click_until_finished(self, page) -> None:
        places = places_of(DEFAULT_DATA_FOLDER)
        self._open(page, len(places))
        deadline = time.monotonic() + RUN_LIMIT_S
        for number in range(1_000_000):
            if self.finished.is_set() or time.monotonic() > deadline:
                return
            quiet = not self.attack_started.is_set()
            if quiet and len(self.quiet) >= self.quiet_clicks:
                self.quiet_done.set()
                self.attack_started.wait(timeout=RUN_LIMIT_S)
                continue
            started = time.monotonic()
            try:
                ms = click_place_until_panel(
                    page, "product", places[number % len(places)], CLICK_TIMEOUT_MS
                )
            except PlaywrightError:  # no panel in time, or the page was busy throughout
                ms = None
            click = Click(started, time.monotonic(), ms)
            if self.app.restarted_between(click.started, click.ended):
                self.app.up.wait(timeout=180)
                self._open(page, len(places))  # the server was restarted: not counted
            elif number >= WARM_UP_CLICKS:
                (self.quiet if quiet else self.attacked).append(click)

    def wait_until_clicking(self, since: float) -> None:
        """Wait until a click started after ``since`` has ended: the visitor is back."""
        deadline = time.monotonic() + 3 * CLICK_TIMEOUT_MS / 1000 + 120
        while (
            time.monotonic() < deadline
            and not self.failure
            and not any(click.started > since for click in self.attacked[-3:])
        ):
            time.sleep(0.1)  # polling interval, not a wait for something to happen

    def _open(self, page, places: int) -> None:
        page.goto(self.app.url + "/", timeout=60_000)
        driver.wait_for_markers(page, places, timeout=60_000)


@dataclass
class CaseResult:
    label: str
    upload_bytes: int
    started: float
    ended: float
    answer: str
    answer_s: float | None = None  # None: no answer within the cap
    peak_mb: float = 0.0
    clicks: list[Click] = field(default_factory=list)


def attack(browser, app: AppUnderTest, label: str, upload, cap_s: float) -> CaseResult:
    """Upload one case in a fresh session; time the answer, capped at ``cap_s``."""
    result = CaseResult(
        label,
        sum(len(data) for _, data in upload),
        time.monotonic(),
        0.0,
        f"the page and the upload took over {SETUP_TIMEOUT_MS / 1000:.0f} s",
    )
    deadline = result.started + SETUP_TIMEOUT_MS / 1000

    def left_ms() -> float:
        return max(1.0, (deadline - time.monotonic()) * 1000)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    driver.block_tiles(page)
    try:
        page.goto(app.url + "/upload", timeout=left_ms())
        driver.wait_for_app_idle(page, timeout=left_ms())
        alerts_before = page.evaluate(ALERTS_JS)
        sent = time.monotonic()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            [
                {"name": name, "mimeType": "application/octet-stream", "buffer": data}
                for name, data in upload
            ],
            timeout=left_ms(),
        )
        kind = page.wait_for_function(UPLOADED_JS, polling="raf", timeout=left_ms()).json_value()
        if kind == "refused":
            result.answer_s = time.monotonic() - sent
        else:
            driver.wait_for_app_idle(page, timeout=left_ms())
            pressed = time.monotonic()
            result.answer, deadline = f"no answer within {cap_s:.0f} s", pressed + cap_s
            page.get_by_role("button", name=BUTTON).click(timeout=left_ms())
            kind = page.wait_for_function(
                ANSWER_JS, arg=[driver.MAP_FRAME, alerts_before], polling="raf", timeout=left_ms()
            ).json_value()
            result.answer_s = time.monotonic() - pressed
        with contextlib.suppress(PlaywrightError):  # the report follows its heading
            page.wait_for_function(MESSAGE_COMPLETE_JS, polling="raf", timeout=10_000)
        result.answer = summary(kind, page.evaluate(MESSAGE_JS))
    except PlaywrightError:
        pass  # out of time: the answer says which wait it was
    finally:
        context.close()
        result.ended = time.monotonic()
    return result


def summary(kind: str, shown: dict) -> str:
    """The answer in one short line: the map, the report's first problem, or the message."""
    if kind == "map":
        return shorten(f"shown on the map: “{shown['title']}”")
    if kind == "refused":
        return shorten("refused by the uploader: " + shown["chip"])
    problems = re.search(r"(\d[\d,]*) problem", shown["alert"])
    if problems and shown["report"]:
        first = re.sub(r"(:-)?: -: ", ": ", shown["report"].splitlines()[0])  # no line, column
        return shorten(f"{problems[1]} problem(s): {first}")
    return shorten(shown["alert"].splitlines()[0] if shown["alert"] else "an empty message")


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Run:
    cases: list[CaseResult]
    quiet: list[Click]
    attacked: list[Click]
    quiet_mb: float
    peak_mb: float
    restarts: int
    cap_s: float
    seconds: float


def run(quiet_clicks: int, cap_s: float, only: list[str] | None) -> Run:
    cases = [
        (label, build)
        for label, build in CASES
        if not only or any(word.lower() in label.lower() for word in only)
    ]
    uploads = [(label, build()) for label, build in cases]  # built before the clock starts
    started = time.monotonic()
    app = AppUnderTest()
    sampler = MemorySampler(app)
    visitor = Visitor(app, quiet_clicks)
    try:
        sampler.start()
        visitor.start()
        visitor.quiet_done.wait(timeout=RUN_LIMIT_S)
        if visitor.failure:
            raise visitor.failure
        quiet_mb = statistics.median(sampler.between(visitor.quiet[0].started, time.monotonic()))
        results = []
        with sync_playwright() as playwright:
            browser = driver.launch_chromium(playwright)
            visitor.attack_started.set()
            for label, upload in uploads:
                result = attack(browser, app, label, upload, cap_s)
                print(f"{label}: {result.answer}", flush=True)
                if result.answer_s is None:
                    app.restart()  # it may still be busy with the case
                    visitor.wait_until_clicking(since=time.monotonic())
                results.append(result)
            browser.close()
        visitor.finished.set()
        visitor.join(timeout=3 * CLICK_TIMEOUT_MS / 1000 + 60)
        if visitor.failure:
            raise visitor.failure
    finally:
        sampler.stop.set()
        sampler.join(timeout=5)
        app.close()
    # Each case's window runs until the next one starts: memory let go late is its own.
    ends = [result.started for result in results[1:]] + [results[-1].ended + 2]
    for result, end in zip(results, ends, strict=True):
        result.peak_mb = max(sampler.between(result.started, end), default=quiet_mb)
        result.clicks = [
            click
            for click in visitor.attacked
            if click.started < end and click.ended > result.started
        ]
    return Run(
        results,
        visitor.quiet,
        visitor.attacked,
        quiet_mb,
        max(result.peak_mb for result in results),
        len(app.restarts),
        cap_s,
        time.monotonic() - started,
    )


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 100 * 1024 else f"{size / 1024:.0f} KB"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _clicks(clicks: list[Click]) -> str:
    if not clicks:
        return "–"
    missing = sum(click.ms is None for click in clicks)
    slowest = max((click.ms for click in clicks if click.ms is not None), default=None)
    return f"{len(clicks)}, {_ms(slowest)}" + (f", {missing} without panel" if missing else "")


def report(figures: Run) -> str:
    quiet = [click.ms for click in figures.quiet if click.ms is not None]
    attacked = [click.ms for click in figures.attacked if click.ms is not None]
    quiet_missing = len(figures.quiet) - len(quiet)
    attacked_missing = len(figures.attacked) - len(attacked)
    quiet_p95, attacked_p95 = percentile(quiet, 0.95), percentile(attacked, 0.95)
    ratio = attacked_p95 / quiet_p95 if quiet_p95 and attacked_p95 else None
    peak_case = max(figures.cases, key=lambda result: result.peak_mb)
    lines = [
        SECTION,
        "",
        f"Made by `make bench-hostile` (benchmarks/hostile_bench.py) on "
        f"{datetime.date.today().isoformat()}, in {figures.seconds / 60:.1f} minutes. The "
        "app serves the default story; an attacker uploads each case of "
        "benchmarks/hostile_cases.py in turn on the Your story page, in a fresh session, "
        "while a second visitor, in another Chromium, clicks the map's places one after "
        "another. *Answer* is from pressing *Check and show my story* to the first "
        "message or the drawn map (a case the uploader refuses: from choosing the file); "
        f"a case is given {figures.cap_s:.0f} s from the press (and "
        f"{SETUP_TIMEOUT_MS / 1000:.0f} s before it), and the server is restarted after one "
        "that got no answer. *Peak* is the highest memory of the server (its RSS) and of "
        "its checking workers (each one's private memory: a worker is a fork of the "
        "server, and the pages they share count once), sampled every "
        f"{SAMPLE_S * 1000:.0f} ms from the case's start "
        f"to the next case's, above the {figures.quiet_mb:,.0f} MB of the quiet server. "
        "*Second visitor* is the clicks that overlapped the case: how many, the slowest "
        "in ms, and those without a panel.",
        "",
        "| case | upload | answer s | answer | peak MB above quiet | second visitor |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for result in figures.cases:
        answer_s = "–" if result.answer_s is None else f"{result.answer_s:,.1f}"
        lines.append(
            f"| {result.label} | {_size(result.upload_bytes)} | {answer_s} | "
            f"{result.answer} | {result.peak_mb - figures.quiet_mb:,.0f} | "
            f"{_clicks(result.clicks)} |"
        )
    met_p95 = ratio is not None and ratio <= P95_GOAL
    met_panels = attacked_missing == 0 and quiet_missing == 0
    lines += [
        "",
        "| second visitor, click to panel | clicks | p50 ms | p95 ms | without panel |",
        "| --- | --- | --- | --- | --- |",
        f"| quiet server | {len(figures.quiet)} | {_ms(percentile(quiet, 0.5))} | "
        f"{_ms(quiet_p95)} | {quiet_missing} |",
        f"| during the hostile uploads | {len(figures.attacked)} | "
        f"{_ms(percentile(attacked, 0.5))} | {_ms(attacked_p95)} | {attacked_missing} |",
        "",
        f"p95 during the uploads against quiet: "
        f"{'–' if ratio is None else f'{ratio:.2f}×'} (goal: at most {P95_GOAL}×, "
        f"{'met' if met_p95 else 'not met'}); clicks without a panel within "
        f"{CLICK_TIMEOUT_MS / 1000:.0f} s: {quiet_missing + attacked_missing} (goal: none, "
        f"{'met' if met_panels else 'not met'}). Server memory: {figures.quiet_mb:,.0f} MB "
        f"quiet, {figures.peak_mb:,.0f} MB at its peak (during “{peak_case.label}”). "
        f"Server restarts after a case with no answer: {figures.restarts}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiet-clicks", type=int, default=30)
    parser.add_argument("--cap", type=float, default=120, help="seconds each case may take")
    parser.add_argument("--only", nargs="+", help="run the cases whose label has these words")
    arguments = parser.parse_args()
    growth = [] if arguments.only else growth_rows()  # before the server starts: alone
    figures = run(arguments.quiet_clicks, arguments.cap, arguments.only)
    section = report(figures)
    if growth:
        section += (
            "\nHow a check grows with its input: each case at N and 4N, each in a "
            "fresh process through the app's worker (benchmarks/hostile_growth.py). "
            "A linear check takes about 4× at 4N; one that stops at a limit takes "
            "about the same.\n\n" + growth_table(growth) + "\n"
        )
    if not arguments.only:  # a part of the cases is a check, not the figures
        SECTION_FILE.write_text(section, encoding="utf-8")
        replace_section(REPORT, SECTION, section)
    print(section)


if __name__ == "__main__":
    main()

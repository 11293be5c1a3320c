"""``make loadtest``: how many readers one server holds, as a curve.

Starts the app with the default story and drives it with readers that speak Streamlit's
own protocol (benchmarks/protocol_load.py), each clicking a random place every
``--every`` seconds, in steps of more and more readers, until two steps in a row have a
click p95 over 1 s (or the last step given). Each step's row: readers held, clicks
served per second, click p50 and p95, errors, and the server's CPU (share of one core)
and resident memory.
Before the curve, the memory an idle reader costs: the server's RSS before and after
opening ``--idle`` readers that only open the map.

With ``--profile`` (needs py-spy, a development dependency), each step's server is
sampled while it holds the GIL, and the report says where the time goes at the knee.

Writes benchmarks/loadtest.json, benchmarks/loadtest.md, the plot benchmarks/loadtest.svg
(drawn with altair, as the app's own chart), and the "Load test" section of BENCHMARKS.md.

    python -m benchmarks.load_curve --readers 100 200 400 600 800 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.cpu_cap import capped
from benchmarks.load_plot import save_curve_plot
from benchmarks.loadtest import replace_section
from benchmarks.protocol_load import idle_memory, step
from deploy.cluster import running_cluster
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "loadtest.json"
SECTION_FILE = HERE / "loadtest.md"
PLOT = HERE / "loadtest.svg"
REPORT = driver.PROJECT_ROOT / "BENCHMARKS.md"
SECTION = "## Load test"
COPIES_RESULTS = HERE / "loadtest_copies.json"
COPIES_SECTION_FILE = HERE / "loadtest_copies.md"
COPIES_SECTION = "## Several copies behind nginx"
GOAL_P95_MS = 1000
DEFAULT_READERS = [100, 200, 400, 600, 800, 1000, 1200]


def main() -> None:
    # Stopped with SIGTERM (timeout, kill), it unwinds as on Ctrl-C: the servers, nginx
    # and the CPU caps' cgroups are taken down, not left behind.
    signal.signal(signal.SIGTERM, lambda _number, _frame: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, nargs="+", default=DEFAULT_READERS)
    parser.add_argument("--seconds", type=float, default=60, help="length of each step")
    parser.add_argument("--every", type=float, default=10, help="seconds between a reader's clicks")
    parser.add_argument("--idle", type=int, default=200, help="idle readers for memory")
    parser.add_argument("--profile", action="store_true", help="sample the server (py-spy)")
    parser.add_argument(
        "--copies",
        type=int,
        nargs="+",
        help="instead: a curve for each number of copies behind nginx (make cluster), "
        "in one run, and the readers each holds against one copy's",
    )
    parser.add_argument(
        "--cpu-per-copy",
        type=float,
        help="cap each server at this share of a core (cgroups, needs root), the same "
        "for every number of copies (benchmarks/cpu_cap.py)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    arguments = parser.parse_args()
    if arguments.copies:
        curves = {copies: curve(arguments, copies) for copies in arguments.copies}
        section = copies_report(curves, arguments)
        results, section_file, heading = COPIES_RESULTS, COPIES_SECTION_FILE, COPIES_SECTION
        written = {"curves": {str(copies): rows for copies, rows in curves.items()}}
    else:
        idle = served(lambda port, pids: idle_memory(port, pids[0], arguments.idle))
        print(_idle_line(idle), flush=True)
        rows = curve(arguments)
        section = report(rows, idle, arguments)
        results, section_file, heading = RESULTS, SECTION_FILE, SECTION
        written = {"idle": idle, "steps": rows}
    print()
    print(section)
    if arguments.no_write:
        return
    written["every_s"] = arguments.every
    results.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
    if not arguments.copies:
        save_curve_plot(rows, PLOT)
    section_file.write_text(section, encoding="utf-8")
    replace_section(REPORT, heading, section)


@contextlib.contextmanager
def serving(copies: int | None) -> Iterator[tuple[int, list[int], bool]]:
    """(port, the servers' pids, whether behind a balancer): one server of the default
    story, or ``copies`` copies behind nginx."""
    if copies is None:
        with driver.running_server("app.py", DEFAULT_DATA_FOLDER) as server:
            yield int(server.url.rsplit(":", 1)[1]), [server.pid], False
    else:
        with running_cluster(copies, data_folder=DEFAULT_DATA_FOLDER, restart=False) as cluster:
            yield cluster.port, [copy.pid for copy in cluster.copies], True


def served(measure):
    with serving(None) as (port, pids, _balanced):
        return asyncio.run(measure(port, pids))


def curve(arguments: argparse.Namespace, copies: int | None = None) -> list[dict]:
    """Steps of more readers until one's click p95 passes the goal: one server, or
    ``copies`` behind nginx (each step on fresh servers, so that none inherits the last
    step's sessions)."""
    story = load_story(DEFAULT_DATA_FOLDER)
    places = [(place.id, place.name) for place in story.places.values()]
    rows: list[dict] = []
    print(f"copies behind nginx: {copies}" if copies else "one server", flush=True)
    print(HEADER, flush=True)
    for readers in arguments.readers:
        with (
            serving(copies) as (port, pids, balanced),
            _capped(pids, arguments.cpu_per_copy),
            _Sampled(pids[0], arguments.profile) as profile,
        ):
            row = asyncio.run(
                step(port, pids, places, readers, arguments.seconds, arguments.every, balanced)
            )
        row["profile"] = profile.top() if arguments.profile else []
        rows.append(row)
        print(_line(row), flush=True)
        # Past the knee once two steps in a row miss the goal: one slow step on a
        # shared machine is not the server's limit, and after two the next would only queue.
        if len(rows) >= 2 and all(last["p95"] > GOAL_P95_MS for last in rows[-2:]):
            break
    return rows


def _capped(pids: list[int], share: float | None) -> contextlib.AbstractContextManager:
    return capped(pids, share) if share else contextlib.nullcontext()


HEADER = (
    "| readers | opened | clicks served/s | click p50 ms | click p95 ms | errors "
    "| server CPU | RSS MB |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def _line(row: dict) -> str:
    return (
        f"| {row['readers']} | {row['opened']} | {row['clicks/s']:.1f} | {row['p50']:,.0f} "
        f"| {row['p95']:,.0f} | {row['errors']} | {row['cpu']:.0f}% | {row['rss']:,.0f} |"
    )


def _idle_line(idle: dict) -> str:
    return (
        f"{idle['sessions']} idle readers: RSS {idle['before_mb']:,.0f} → "
        f"{idle['after_mb']:,.0f} MB, {idle['per_session_kb']:,.0f} KB each"
    )


def held(rows: list[dict]) -> int:
    """The most readers of a step whose click p95 stayed within the goal, with no errors."""
    good = [row["readers"] for row in rows if row["p95"] <= GOAL_P95_MS and not row["errors"]]
    return max(good, default=0)


def report(rows: list[dict], idle: dict, arguments: argparse.Namespace) -> str:
    lines = [
        SECTION,
        "",
        "Made by `make loadtest` (benchmarks/load_curve.py): one server with the default "
        "story, and readers that speak Streamlit's own WebSocket protocol from one process "
        "(benchmarks/protocol_load.py), no browser. Each reader opens the map as a browser "
        "does (its address, then the map's first report, which brings the controls in a "
        "run of the whole app), then every "
        f"{arguments.every:g} s (give or take a fifth) clicks a random place as the map "
        "component reports a click, and is timed until the run that carries that place's "
        "panel; a run without it is an error. Readers arrive over a step's first "
        f"{arguments.every:g} s; each step lasts {arguments.seconds:g} s; the curve stops "
        f"once two steps in a row have a p95 over {GOAL_P95_MS:,} ms. Server CPU is the "
        "share of one core "
        f"(the machine has {os.cpu_count()}); the load generator runs on the same machine.",
        "",
        HEADER,
        *(_line(row) for row in rows),
        "",
        f"**Held: {held(rows):,} readers** at click p95 under {GOAL_P95_MS:,} ms with no errors.",
        "",
        f"An idle reader (the map opened, no clicks) costs the server "
        f"{idle['per_session_kb']:,.0f} KB: {idle['sessions']} of them took its RSS from "
        f"{idle['before_mb']:,.0f} to {idle['after_mb']:,.0f} MB.",
        "",
        f"![Readers against click latency, clicks served and server CPU](benchmarks/{PLOT.name})",
    ]
    knee = rows[-1] if rows else None
    if knee and knee.get("profile"):
        lines += [
            "",
            f"Where the server's time goes at {knee['readers']:,} readers (py-spy, samples "
            "taken while a thread holds the GIL, each put down to the innermost function of "
            "the app's own code it was in, with the Streamlit calls that function made):",
            "",
            "| share | where |",
            "| ---: | --- |",
            *(f"| {share:.0%} | `{name}` |" for name, share in knee["profile"]),
        ]
    return "\n".join(lines) + "\n"


class _Profile:
    """py-spy's samples of the server over one step, each put down to the innermost
    function of the app's own code it was in (with whatever that function called), or
    else to Streamlit's own work around the page or in its server."""

    def __init__(self) -> None:
        self.samples = ""  # py-spy's raw output: a stack and its count on each line

    def top(self, count: int = 12) -> list[tuple[str, float]]:
        where: dict[str, int] = {}
        total = 0
        for line in self.samples.splitlines():
            stack, _space, samples = line.rpartition(" ")
            if not samples.isdigit():
                continue
            total += int(samples)
            name = _innermost_own_function(stack.split(";"))
            where[name] = where.get(name, 0) + int(samples)
        ranked = sorted(where.items(), key=lambda item: -item[1])[:count]
        return [(name, samples / max(total, 1)) for name, samples in ranked]


# py-spy names a frame "function (path:line)", the path short: "storymap/panel.py", and a
# file of the app's top folder or pages/ by its name alone ("app.py", "map.py"), as it
# does the standard library's ("copy.py").
OWN_FILES = {"app.py", *(page.name for page in (driver.PROJECT_ROOT / "pages").glob("*.py"))}


def _innermost_own_function(frames: list[str]) -> str:
    for frame in reversed(frames):
        function, _space, place = frame.rpartition(" (")
        path = place.split(":")[0]
        if path.startswith("storymap/") or path in OWN_FILES:
            return f"{function} ({path})"
    if any("scriptrunner" in frame for frame in frames):
        return "Streamlit's script runner, around the page"
    return "Streamlit's server: event loop, sessions, sending"


class _Sampled:
    """Sample ``pid`` with py-spy for as long as the block runs, if asked."""

    def __init__(self, pid: int, asked: bool):
        self.pid, self.asked = pid, asked
        self.process: subprocess.Popen | None = None
        self.profile = _Profile()
        self.folder: Path | None = None

    def __enter__(self) -> _Profile:
        if not self.asked:
            return self.profile
        spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        self.folder = Path(tempfile.mkdtemp(prefix="storymap-profile-"))
        self.process = subprocess.Popen(
            [spy, "record", "--pid", str(self.pid), "--gil", "--rate", "50", "--format", "raw"]
            + ["--output", str(self.folder / "samples.txt"), "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self.profile

    def __exit__(self, *_exc) -> None:
        if self.process is None or self.folder is None:
            return
        self.process.send_signal(2)  # py-spy writes its samples when interrupted
        self.process.wait(timeout=60)
        samples = self.folder / "samples.txt"
        if samples.is_file():
            self.profile.samples = samples.read_text(encoding="utf-8")
        shutil.rmtree(self.folder, ignore_errors=True)


def copies_report(curves: dict[int, list[dict]], arguments: argparse.Namespace) -> str:
    lines = [
        COPIES_SECTION,
        "",
        "Made by `make loadtest-copies` (benchmarks/load_curve.py --copies): the same "
        "readers as `make loadtest`, through nginx (`make cluster`: cookie-sticky, "
        "health-checked) to one copy and then to several, in one run, each step on fresh "
        f"copies; a step lasts {arguments.seconds:g} s, each reader clicks every "
        f"{arguments.every:g} s. Server CPU is the copies' together, as a share of one core "
        f"(the machine has {os.cpu_count()}, which the load generator and nginx share).",
    ]
    if arguments.cpu_per_copy:
        lines += [
            "",
            f"Each copy was capped at {arguments.cpu_per_copy:g} of a core "
            "(benchmarks/cpu_cap.py, a cgroup of its own), with one copy as with several: "
            "the load generator and nginx on the same machine would otherwise take the "
            "cores that a second copy needs, and the curves would show the machine's "
            "limit rather than the copies'.",
        ]
    for copies, rows in curves.items():
        lines += ["", f"{copies} {'copy' if copies == 1 else 'copies'}:", "", HEADER]
        lines += [_line(row) for row in rows]
    one = held(curves.get(1, []))
    lines += ["", "| copies | readers held at click p95 under 1 s | against one copy |"]
    lines += ["| ---: | ---: | ---: |"]
    for copies, rows in curves.items():
        against = f"{held(rows) / one:.2f}×" if one else "–"
        lines.append(f"| {copies} | {held(rows):,} | {against} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

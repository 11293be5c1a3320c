"""How a check's time and memory grow with its input: each case at n and at 4n.

Each measurement runs in a fresh Python process, through the app's own worker
(``storymap.upload_check.check_upload``): the seconds from the call to the answer, the
worker's peak private memory (what it adds to the process it was forked from, sampled
every 5 ms), and the growth of the parent's peak RSS, which stands for the server's.
Linear work takes about 4x at 4n; work that stops at a limit takes the same.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.hostile_cases import GROWTH


def measure(label: str, size: int) -> dict:
    """One case at one size, in this process: run as ``-m benchmarks.hostile_growth``."""
    from storymap.report import DataError
    from storymap.upload_check import check_upload

    build = next(builder for name, builder, _ in GROWTH if name == label)
    upload = build(size)
    parent_peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sampler = WorkerSampler()
    sampler.start()
    started = time.perf_counter()
    result = check_upload(upload)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join(timeout=5)
    parent_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer = (
        f"{result.total:,} problem(s)"
        if isinstance(result, DataError)
        else f"a story of {len(result.story.places):,} places"
    )
    return {
        "seconds": seconds,
        "worker_mb": sampler.peak_mb,
        "server_mb": max(0, parent_peak_kb - parent_peak_before) / 1024,
        "answer": answer,
        "upload_bytes": sum(len(data) for _, data in upload),
    }


def private_mb(pid: int) -> float:
    """The memory a process has of its own: what a fork adds to the process it came from."""
    kilobytes = sum(
        int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        if line.startswith(("Private_Clean:", "Private_Dirty:"))
    )
    return kilobytes / 1024


class WorkerSampler(threading.Thread):
    """The peak private memory of this process's children, until ``done`` is set."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.done = threading.Event()
        self.peak_mb = 0.0

    def run(self) -> None:
        deadline = time.monotonic() + 300
        while not self.done.wait(0.005) and time.monotonic() < deadline:
            children = [
                int(pid)
                for task in Path("/proc/self/task").iterdir()
                for pid in (task / "children").read_text().split()
            ]
            total = 0.0
            for pid in children:
                with contextlib.suppress(OSError):  # it may have just ended
                    total += private_mb(pid)
            self.peak_mb = max(self.peak_mb, total)


def growth_rows() -> list[tuple[str, int, dict]]:
    """(label, size, figures) for every case at n and 4n, each in a fresh process."""
    rows = []
    for label, _, n in GROWTH:
        for size in (n, 4 * n):
            output = subprocess.run(
                [sys.executable, "-m", "benchmarks.hostile_growth", label, str(size)],
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            ).stdout
            rows.append((label, size, json.loads(output.splitlines()[-1])))
    return rows


def growth_table(rows: list[tuple[str, int, dict]]) -> str:
    lines = [
        "| case | N | upload | check s | worker peak MB | server growth MB | answer |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, size, figures in rows:
        lines.append(
            f"| {label} | {size:,} | {figures['upload_bytes'] / 2**20:.2f} MB | "
            f"{figures['seconds']:.2f} | {figures['worker_mb']:,.0f} | "
            f"{figures['server_mb']:,.0f} | {figures['answer']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))

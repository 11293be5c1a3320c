"""How long each run of the app's script takes, for the benchmarks.

Set STORYMAP_RUN_LOG to a file and every run appends its duration in milliseconds;
unset, nothing is measured or written.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

RUN_LOG_VARIABLE = "STORYMAP_RUN_LOG"


@contextlib.contextmanager
def timed_run() -> Iterator[None]:
    path = os.environ.get(RUN_LOG_VARIABLE)
    if not path:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:  # a run that ends in st.stop() or st.rerun() is timed too
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{(time.perf_counter() - started) * 1000:.1f}\n")


def read_run_log(path: str) -> list[float]:
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as log:
        return [float(line) for line in log if line.strip()]
    return []

"""How long each run of the app's script takes, and where its time goes, for the benchmarks.

Set STORYMAP_RUN_LOG to a file and every run appends its duration in milliseconds.
Set STORYMAP_PROFILE to a file and every run writes a pyinstrument profile of itself
there (the last run's stays); pyinstrument is a development dependency. Unset, nothing
is measured or written.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import time
from collections.abc import Iterator

RUN_LOG_VARIABLE = "STORYMAP_RUN_LOG"
PROFILE_VARIABLE = "STORYMAP_PROFILE"

# Whether this thread's run is being timed: the map page's body is timed on its own,
# as a click reruns it alone, and inside a whole run it is part of that run's time.
_TIMING = contextvars.ContextVar("storymap_timing", default=False)


@contextlib.contextmanager
def timed_run() -> Iterator[None]:
    log_path = os.environ.get(RUN_LOG_VARIABLE)
    profile_path = os.environ.get(PROFILE_VARIABLE)
    if (not log_path and not profile_path) or _TIMING.get():
        yield
        return
    profiler = _started_profiler(profile_path) if profile_path else None
    started = time.perf_counter()
    timing = _TIMING.set(True)
    try:
        yield
    finally:  # a run that ends in st.stop() or st.rerun() is measured too
        _TIMING.reset(timing)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if log_path:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{elapsed_ms:.1f}\n")
        if profiler is not None and profile_path:
            profiler.stop()
            with open(profile_path, "w", encoding="utf-8") as profile:
                profile.write(profiler.output_text(unicode=True, color=False))


NO_PROFILER = (
    "No profile: pyinstrument is not installed. It is a development "
    "dependency: install requirements-dev.txt (make test does) to profile runs.\n"
)


def _started_profiler(profile_path: str):
    # Started inside the run, so it samples the thread that runs the script, which is
    # not the server's main thread.
    try:
        from pyinstrument import Profiler
    except ImportError:  # the run goes on unprofiled; the profile file says why
        with open(profile_path, "w", encoding="utf-8") as profile:
            profile.write(NO_PROFILER)
        return None
    profiler = Profiler(interval=0.0005)
    profiler.start()
    return profiler


def read_run_log(path: str) -> list[float]:
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as log:
        return [float(line) for line in log if line.strip()]
    return []

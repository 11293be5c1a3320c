"""A server runs the app once as it starts, before it takes its first reader.

A server started on an empty disk (a Community Cloud app woken up in a new container,
a fresh copy) has checked no story and rendered no map: at 10,000 places that first run
takes about 2 s more than the next (the story checked, folium imported, the map
rendered). Whoever came first waited for all of it. So `streamlit run app.py` serves the
app through its ``st.App`` (app.py), whose start runs the app once, as a reader with no
address of their own would see it, and only then takes readers: the first of them finds
the story checked and the map rendered, as every later one does. The host shows its own
page meanwhile (Community Cloud's "waking up"; nginx keeps to the copies that answer).

The run is Streamlit's own script health check (the one `make cluster` asks each copy
for), in a session of its own. It is bounded: after FIRST_RUN_LIMIT_S the server takes
readers anyway, and the run goes on beside them. A run that fails, or cannot be made,
is logged, and the server starts all the same: its readers then see what that run saw,
as they would have without it.

STORYMAP_WARM_START=0 starts a server that takes readers at once, its first reader
running the app first (for the benchmarks' baseline, or a developer in a hurry).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator
from typing import Any

WARM_START_VARIABLE = "STORYMAP_WARM_START"
# Longer than any story a server should hold takes to check (50,000 places: about 8 s
# on 2 cores), shorter than a host waits for a server to answer before it gives up.
FIRST_RUN_LIMIT_S = 45.0

_LOGGER = logging.getLogger(__name__)
# The runs still going on after the limit: held so that they are not collected mid-run.
_RUNS_LEFT_GOING: set[asyncio.Task[Any]] = set()


def warm_start_wanted(environment: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether a starting server runs the app once before readers (the default)."""
    return environment.get(WARM_START_VARIABLE, "1").strip() != "0"


@contextlib.asynccontextmanager
async def run_once_before_readers(_app: object) -> AsyncIterator[None]:
    """The st.App's lifespan: the app run once (within FIRST_RUN_LIMIT_S), then readers."""
    if warm_start_wanted():
        try:
            await _run_once(FIRST_RUN_LIMIT_S)
        except Exception:  # the server starts all the same: readers run the app themselves
            _LOGGER.exception("The app could not be run once before readers.")
    yield


async def _run_once(limit_s: float) -> None:
    from streamlit import runtime

    started = time.perf_counter()
    run = asyncio.ensure_future(runtime.get_instance().does_script_run_without_error())
    done, _pending = await asyncio.wait({run}, timeout=limit_s)
    if not done:
        _RUNS_LEFT_GOING.add(run)
        run.add_done_callback(_RUNS_LEFT_GOING.discard)
        _LOGGER.warning(
            "The app's first run took more than %.0f s; taking readers meanwhile.", limit_s
        )
        return
    ok, said = run.result()
    seconds = time.perf_counter() - started
    if ok:
        _LOGGER.info("The app ran once before readers, in %.2f s.", seconds)
    else:  # the readers' runs will show what went wrong, as messages
        _LOGGER.warning("The app's first run ended in %s after %.2f s.", said, seconds)

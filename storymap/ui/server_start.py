"""A server runs the app once as it starts, and says it is healthy only after that run.

A server started on an empty disk (a Community Cloud app woken up in a new container,
a fresh copy behind a load balancer) has checked no story and rendered no map: at
10,000 places its first run takes about 2 s more than the next (the story checked,
folium imported, the map rendered), and whoever came first waited for all of it. The
wait does not go away, it moves: to the start, before the server says it is healthy,
where whatever sends readers only to healthy servers keeps them from it. So
`streamlit run app.py` serves the app through the ``st.App`` in app.py, whose start
(``run_once_at_start``) runs the app once, in a session without a browser: the default
page, in English, with no address of its own. Readers of another language or of a
linked view still have their own part rendered on their first run; the story is
checked for all of them.

The server answers every request from the start (a reader's page, its scripts), but
its health check (``/_stcore/health``) says "not ready" (503) until
that run is over (``HealthAfterFirstRun``). Whatever waits for the server's health
waits for the run too: the supervisor of `make cluster` before it sends a copy readers,
Docker's health check, a host that wakes the app. So does a reader's page, which asks
for the health check before it opens its session. A probe's ask is held up to
HEALTH_HOLD_S, within its own timeout; a page's (a browser's: see _from_a_page) up to
PAGE_HOLD_S, within the page's. Streamlit's page waits longer and longer between asks
that fail, and shows an error after six: held, it is answered the moment the run is
over, and never refused six times before FIRST_RUN_LIMIT_S. Its session then starts on
a server that has done the slow part. At most MAX_HELD asks are held at once; the
others are answered "not ready" at once. At the server's end the run is stopped and
every ask held is let go.

Where no lifespan starts a run (the App mounted in another ASGI app without its
lifespan), the health check is never held: the server is healthy, as without this.

The run is Streamlit's own script check (storymap.ui.streamlit_internals.run_app_once).
After FIRST_RUN_LIMIT_S the server says it is healthy anyway, and the run goes on (until
Streamlit's own limit, 60 s, stops it); its end is logged either way. A run that fails
or cannot be made is logged, and the server serves all the same: its readers then see
what that run saw, as they would have without it.

STORYMAP_WARM_START=0 (or "false", "off", "no") starts a server that is healthy at
once, its first reader running the app first.

The map's parts rendered by then are kept on disk with the story 20 s after that run's
check (storymap.story_cache.keep_in_background), as after any first run.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from streamlit.logger import get_logger

from storymap.ui.streamlit_internals import run_app_once

WARM_START_VARIABLE = "STORYMAP_WARM_START"
_OFF = frozenset({"0", "false", "off", "no"})
# Longer than any story a server should hold takes to check (50,000 places: about 8 s
# on 2 cores) and within Streamlit's own limit on the run (60 s).
FIRST_RUN_LIMIT_S = 45.0
# How long a health check waits for the run before it says "not ready": a probe's,
# shorter than the probes wait for an answer (2 s for make cluster's and the
# Dockerfile's); a page's, shorter than Streamlit's page waits for it (15 s), and six
# of them longer than FIRST_RUN_LIMIT_S (tests/test_streamlit_internals.py checks the
# page's figures).
HEALTH_HOLD_S = 1.5
PAGE_HOLD_S = 12.0
# Held asks are a few objects each; a client that sends thousands gets "not ready".
MAX_HELD = 256
HEALTH_PATH_END = "/_stcore/health"

_LOGGER = get_logger(__name__)  # Streamlit's handler and level: its log, not a silent one

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class FirstRun:
    """Whether this server's first run is over (or was never wanted)."""

    def __init__(self, over: bool = False) -> None:
        self.over = asyncio.Event()
        if over:
            self.over.set()
        self.task: asyncio.Task[None] | None = None
        self.held = 0  # health checks waiting for the run now

    async def wait(self, timeout_s: float) -> bool:
        """Whether the run is over, waiting for it up to ``timeout_s``."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.over.wait(), timeout_s)
        return self.over.is_set()


# This process's: one st.App serves one process. Made anew by each start (tests start
# more than one in a process, each in its own event loop); over until one starts a run.
_first_run = FirstRun(over=True)


def warm_start_wanted(environment: Mapping[str, str]) -> bool:
    """Whether a starting server runs the app once first (the default)."""
    return environment.get(WARM_START_VARIABLE, "1").strip().lower() not in _OFF


def run_once_at_start(
    environment: Mapping[str, str], limit_s: float = FIRST_RUN_LIMIT_S
) -> Callable[[object], contextlib.AbstractAsyncContextManager[None]]:
    """The st.App's lifespan: the first run started, then the server serves."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        global _first_run
        _first_run = FirstRun()
        if warm_start_wanted(environment):
            _first_run.task = asyncio.ensure_future(_run_once(_first_run, limit_s))
        else:
            _first_run.over.set()
        try:
            yield
        finally:  # the server's end: the run stopped, and no health check held
            first_run = _first_run
            if first_run.task is not None and not first_run.task.done():
                first_run.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await first_run.task
            first_run.over.set()

    return lifespan


async def _run_once(first_run: FirstRun, limit_s: float) -> None:
    started = time.perf_counter()
    run = asyncio.ensure_future(run_app_once())
    try:
        done, _pending = await asyncio.wait({run}, timeout=limit_s)
        if not done:
            _LOGGER.warning(
                "The app's first run took more than %.0f s: healthy meanwhile.", limit_s
            )
            first_run.over.set()
            await asyncio.wait({run})
        _log_end(run, started)
    finally:
        run.cancel()  # when this is cancelled (the server's end); else a no-op, it is done
        first_run.over.set()


def _log_end(run: asyncio.Future[tuple[bool, str]], started: float) -> None:
    seconds = time.perf_counter() - started
    failure = run.exception()
    if failure is not None:  # the server serves all the same: readers run the app themselves
        _LOGGER.error("The app's first run could not be made.", exc_info=failure)
        return
    ok, said = run.result()
    if ok:
        _LOGGER.info("The app ran once at the start, in %.2f s.", seconds)
    else:  # the readers' runs will show what went wrong, as messages
        _LOGGER.warning("The app's first run ended in %s after %.2f s.", said, seconds)


class HealthAfterFirstRun:
    """ASGI middleware: the health check holds, then says 503, until the first run ends."""

    def __init__(
        self, app: ASGIApp, hold_s: float = HEALTH_HOLD_S, page_hold_s: float = PAGE_HOLD_S
    ) -> None:
        self.app = app
        self.hold_s = hold_s
        self.page_hold_s = page_hold_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].endswith(HEALTH_PATH_END)
            and not await self._held_until_ready(scope)
        ):
            await _not_ready(send)
            return
        await self.app(scope, receive, send)

    async def _held_until_ready(self, scope: Scope) -> bool:
        first_run = _first_run
        if first_run.over.is_set():
            return True
        if first_run.held >= MAX_HELD:
            return False
        first_run.held += 1
        try:
            return await first_run.wait(self.page_hold_s if _from_a_page(scope) else self.hold_s)
        finally:
            first_run.held -= 1


def _from_a_page(scope: Scope) -> bool:
    """Whether a request comes from a browser's page: browsers send Sec-Fetch-Mode (to
    secure origins and localhost only) and a User-Agent that begins "Mozilla/"; curl,
    urllib, Docker's and Kubernetes' probes send neither."""
    for name, value in scope.get("headers", ()):
        if name == b"sec-fetch-mode" or (name == b"user-agent" and value.startswith(b"Mozilla/")):
            return True
    return False


async def _not_ready(send: Send) -> None:
    body = b"not ready: the app's first run is under way"
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-cache"),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""A server runs the app once as it starts, and is healthy only after that run
(storymap/ui/server_start.py)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from storymap.load import DEFAULT_DATA_FOLDER
from storymap.runlog import RUN_LOG_VARIABLE
from storymap.ui import server_start
from tests.browser import driver
from tests.conftest import PROJECT_ROOT


def test_streamlit_run_serves_the_app_through_its_st_app():
    found = discover_asgi_app(PROJECT_ROOT / "app.py")

    assert found.is_asgi_app
    assert found.import_string == "app:app"


@pytest.mark.parametrize(
    ("setting", "runs_before_healthy"),
    [(None, 1), ("0", 0)],
    ids=["by default", "turned off"],
)
def test_a_server_has_run_the_app_once_by_the_time_it_is_healthy(
    setting, runs_before_healthy, tmp_path
):
    run_log = tmp_path / "runs.txt"
    environment = {RUN_LOG_VARIABLE: str(run_log), "STORYMAP_CACHE_DIR": str(tmp_path)}
    if setting is not None:
        environment[server_start.WARM_START_VARIABLE] = setting

    # running_server returns once /_stcore/health first answers 200
    with driver.running_server("app.py", DEFAULT_DATA_FOLDER, extra_environment=environment):
        runs = run_log.read_text().split() if run_log.exists() else []

    assert len(runs) == runs_before_healthy


@pytest.mark.parametrize(
    ("value", "wanted"),
    [(None, True), ("1", True), ("", True), (" 0 ", False), ("false", False), ("Off", False)],
)
def test_the_setting_turns_the_first_run_off(value, wanted):
    environment = {} if value is None else {server_start.WARM_START_VARIABLE: value}

    assert server_start.warm_start_wanted(environment) is wanted


# The middleware, on its own: a health check, or any other request, to a stand-in app.


class _StandIn:
    """An ASGI app that answers 200 and counts what it was asked."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _status(app, path: str, headers: tuple = ()) -> int:
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    await app({"type": "http", "path": path, "headers": list(headers)}, receive, send)
    return sent[0]["status"]


A_PAGES_ASK = ((b"sec-fetch-mode", b"cors"), (b"accept", b"*/*"))
# A page on plain HTTP from another machine: browsers send no Sec-Fetch-Mode there.
A_PAGES_ASK_OVER_HTTP = ((b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"),)
A_PROBES_ASK = ((b"user-agent", b"Python-urllib/3.11"),)


@pytest.fixture
def first_run_under_way(monkeypatch):
    """This process's first run, started and not over (made in the test's own loop)."""

    def make() -> server_start.FirstRun:
        first_run = server_start.FirstRun()
        monkeypatch.setattr(server_start, "_first_run", first_run)
        return first_run

    return make


def test_health_says_not_ready_while_the_first_run_is_under_way(first_run_under_way):
    async def scenario() -> tuple[int, list[str]]:
        first_run_under_way()
        stand_in = _StandIn()
        status = await _status(
            server_start.HealthAfterFirstRun(stand_in, hold_s=0.01), "/_stcore/health"
        )
        return status, stand_in.paths

    assert asyncio.run(scenario()) == (503, [])


def test_health_held_is_answered_as_soon_as_the_first_run_ends(first_run_under_way):
    async def scenario() -> tuple[int, list[str]]:
        first_run = first_run_under_way()
        stand_in = _StandIn()
        middleware = server_start.HealthAfterFirstRun(stand_in, hold_s=3600)
        asyncio.get_running_loop().call_soon(first_run.over.set)
        status = await asyncio.wait_for(_status(middleware, "/base/_stcore/health"), 10)
        return status, stand_in.paths

    assert asyncio.run(scenario()) == (200, ["/base/_stcore/health"])


@pytest.mark.parametrize("page_headers", [A_PAGES_ASK, A_PAGES_ASK_OVER_HTTP])
def test_a_pages_ask_is_held_longer_than_a_probes(page_headers, first_run_under_way):
    """The page's ask is still waiting when the run ends, where a probe's is answered."""

    async def scenario() -> tuple[int, int]:
        first_run = first_run_under_way()
        middleware = server_start.HealthAfterFirstRun(_StandIn(), hold_s=0, page_hold_s=3600)
        probe = await _status(middleware, "/_stcore/health", A_PROBES_ASK)
        asyncio.get_running_loop().call_later(0.05, first_run.over.set)
        page = await asyncio.wait_for(_status(middleware, "/_stcore/health", page_headers), 10)
        return probe, page

    assert asyncio.run(scenario()) == (503, 200)


def test_asks_beyond_the_most_held_are_answered_not_ready_at_once(first_run_under_way, monkeypatch):
    monkeypatch.setattr(server_start, "MAX_HELD", 1)

    async def scenario() -> tuple[int, int]:
        first_run = first_run_under_way()
        middleware = server_start.HealthAfterFirstRun(_StandIn(), page_hold_s=3600)
        held = asyncio.ensure_future(_status(middleware, "/_stcore/health", A_PAGES_ASK))
        while first_run.held == 0:  # until the first ask is held
            await asyncio.sleep(0)
        beyond = await asyncio.wait_for(_status(middleware, "/_stcore/health", A_PAGES_ASK), 10)
        first_run.over.set()
        return beyond, await held

    assert asyncio.run(scenario()) == (503, 200)


@pytest.mark.parametrize("path", ["/", "/_stcore/host-config", "/app/static/x.js", "/timeline"])
def test_every_other_request_is_served_at_once_during_the_first_run(path, first_run_under_way):
    async def scenario() -> tuple[int, list[str]]:
        first_run_under_way()
        stand_in = _StandIn()
        middleware = server_start.HealthAfterFirstRun(stand_in, hold_s=3600)
        # Bounded: a request held as the health check is would time out here.
        status = await asyncio.wait_for(_status(middleware, path), 10)
        return status, stand_in.paths

    assert asyncio.run(scenario()) == (200, [path])


# The lifespan, with the run made by a stand-in for Streamlit's.


@pytest.fixture(autouse=True)
def _this_process_first_run_kept(monkeypatch):
    """Each test's starts make their own first run; the module's is put back after."""
    monkeypatch.setattr(server_start, "_first_run", server_start._first_run)


@pytest.fixture
def logged(caplog):
    """What storymap.ui.server_start logs (Streamlit's logger, which does not propagate)."""
    server_start._LOGGER.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=server_start.__name__)
    yield caplog
    server_start._LOGGER.removeHandler(caplog.handler)


class _Run:
    """Streamlit's run of the app, as far as the start needs it: it ends when told."""

    def __init__(self, monkeypatch, answer: tuple[bool, str] | Exception) -> None:
        self.answer = answer
        self.may_end = asyncio.Event()
        self.runs = 0
        self.cancelled = False
        monkeypatch.setattr(server_start, "run_app_once", self)

    async def __call__(self) -> tuple[bool, str]:
        self.runs += 1
        try:
            await self.may_end.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_the_server_is_healthy_once_the_first_run_has_ended(monkeypatch, logged):
    async def scenario() -> list[bool]:
        run = _Run(monkeypatch, (True, "ok"))
        seen = []
        async with server_start.run_once_at_start({})(object()):
            seen.append(await server_start._first_run.wait(0))  # under way
            run.may_end.set()
            seen.append(await server_start._first_run.wait(3600))
            seen.append(run.runs == 1)
        return seen

    assert asyncio.run(scenario()) == [False, True, True]
    assert "ran once at the start" in logged.text


def test_a_first_run_past_the_limit_leaves_the_server_healthy_and_is_logged_when_it_ends(
    monkeypatch, logged
):
    async def scenario() -> tuple[bool, str, str]:
        run = _Run(monkeypatch, (False, "timeout"))
        async with server_start.run_once_at_start({}, limit_s=0.01)(object()):
            healthy = await server_start._first_run.wait(3600)  # the limit, not the run
            while_running = logged.text
            run.may_end.set()
            await server_start._first_run.task
        return healthy, while_running, logged.text

    healthy, while_running, at_the_end = asyncio.run(scenario())
    assert healthy
    assert "healthy meanwhile" in while_running
    assert "ended in timeout" not in while_running
    assert "ended in timeout" in at_the_end


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ((False, "error"), "first run ended in error"),
        (RuntimeError("no runtime"), "could not be made"),
    ],
    ids=["a run that fails", "a run that cannot be made"],
)
def test_a_first_run_that_fails_is_logged_and_the_server_serves(answer, said, monkeypatch, logged):
    async def scenario() -> bool:
        run = _Run(monkeypatch, answer)
        run.may_end.set()
        async with server_start.run_once_at_start({})(object()):
            return await server_start._first_run.wait(3600)

    assert asyncio.run(scenario())
    assert said in logged.text


def test_turned_off_the_server_is_healthy_at_once_and_runs_nothing(monkeypatch):
    async def scenario() -> tuple[bool, int]:
        run = _Run(monkeypatch, (True, "ok"))
        async with server_start.run_once_at_start({server_start.WARM_START_VARIABLE: "0"})(
            object()
        ):
            return await server_start._first_run.wait(0), run.runs

    assert asyncio.run(scenario()) == (True, 0)


def test_the_servers_end_stops_the_run_and_lets_every_held_ask_go(monkeypatch):
    async def scenario() -> tuple[bool, int, bool]:
        run = _Run(monkeypatch, (True, "ok"))  # never told to end
        middleware = server_start.HealthAfterFirstRun(_StandIn(), page_hold_s=3600)
        async with server_start.run_once_at_start({})(object()):
            first_run = server_start._first_run
            held = asyncio.ensure_future(_status(middleware, "/_stcore/health", A_PAGES_ASK))
            while first_run.held == 0:
                await asyncio.sleep(0)
        # the server's end: the lifespan has exited
        status = await asyncio.wait_for(held, 10)
        return run.cancelled, status, first_run.task.cancelled()

    assert asyncio.run(scenario()) == (True, 200, True)

"""A server runs the app once before it takes readers (storymap/ui/server_start.py)."""

from __future__ import annotations

import asyncio
import logging
import urllib.request
from pathlib import Path

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
    ("setting", "runs_before_answering"),
    [(None, 1), ("0", 0)],
    ids=["by default", "turned off"],
)
def test_a_server_has_run_the_app_once_by_the_time_it_answers(
    setting, runs_before_answering, tmp_path
):
    run_log = tmp_path / "runs.txt"
    environment = {RUN_LOG_VARIABLE: str(run_log), "STORYMAP_CACHE_DIR": str(tmp_path)}
    if setting is not None:
        environment[server_start.WARM_START_VARIABLE] = setting

    with driver.running_server("app.py", DEFAULT_DATA_FOLDER, extra_environment=environment):
        runs = _runs_in(run_log)  # read as soon as the server first answered

    assert len(runs) == runs_before_answering


def test_the_first_reader_of_a_warm_started_server_runs_only_the_page(tmp_path):
    """The run before readers did the slow part: the next run is a warm one."""
    run_log = tmp_path / "runs.txt"
    environment = {RUN_LOG_VARIABLE: str(run_log), "STORYMAP_CACHE_DIR": str(tmp_path)}
    with driver.running_server(
        "app.py",
        DEFAULT_DATA_FOLDER,
        extra_environment={**environment, "STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"},
    ) as server:
        with urllib.request.urlopen(f"{server.url}/_stcore/script-health-check") as answer:
            said = answer.read().decode()
        first, second = _runs_in(run_log)

    assert said == "ok"
    assert second < first / 2


def _runs_in(run_log: Path) -> list[float]:
    if not run_log.exists():
        return []
    return [float(line) for line in run_log.read_text().split()]


@pytest.mark.parametrize(
    ("value", "wanted"),
    [(None, True), ("1", True), ("", True), (" 0 ", False), ("0", False)],
)
def test_the_setting_turns_the_first_run_off_only_when_zero(value, wanted):
    environment = {} if value is None else {server_start.WARM_START_VARIABLE: value}

    assert server_start.warm_start_wanted(environment) is wanted


class _Runtime:
    """Streamlit's runtime, as far as a first run needs it: a run that ends when told."""

    def __init__(self, answer: tuple[bool, str]) -> None:
        self.answer = answer
        self.may_end = asyncio.Event()
        self.runs = 0

    async def does_script_run_without_error(self) -> tuple[bool, str]:
        self.runs += 1
        await self.may_end.wait()
        return self.answer


@pytest.fixture
def fake_runtime(monkeypatch):
    def make(answer: tuple[bool, str]) -> _Runtime:
        fake = _Runtime(answer)
        monkeypatch.setattr("streamlit.runtime.get_instance", lambda: fake)
        return fake

    return make


def test_a_first_run_that_passes_the_limit_goes_on_beside_the_readers(fake_runtime, caplog):
    async def scenario() -> tuple[int, int, int]:
        runtime = fake_runtime((True, "ok"))
        await server_start._run_once(limit_s=0.01)  # returns though the run has not ended
        held_while_running = len(server_start._RUNS_LEFT_GOING)
        runtime.may_end.set()
        await asyncio.gather(*server_start._RUNS_LEFT_GOING)
        await asyncio.sleep(0)  # the done callback runs on the next turn of the loop
        return runtime.runs, held_while_running, len(server_start._RUNS_LEFT_GOING)

    with caplog.at_level(logging.WARNING, logger=server_start.__name__):
        runs, held_while_running, held_after = asyncio.run(scenario())

    assert (runs, held_while_running, held_after) == (1, 1, 0)
    assert "taking readers meanwhile" in caplog.text


def test_a_first_run_that_fails_is_logged_and_the_server_starts(fake_runtime, caplog):
    async def scenario() -> None:
        runtime = fake_runtime((False, "error"))
        runtime.may_end.set()
        async with server_start.run_once_before_readers(object()):
            pass

    with caplog.at_level(logging.WARNING, logger=server_start.__name__):
        asyncio.run(scenario())

    assert "first run ended in error" in caplog.text


def test_a_first_run_that_cannot_be_made_is_logged_and_the_server_starts(monkeypatch, caplog):
    def no_runtime():
        raise RuntimeError("Runtime hasn't been created!")

    monkeypatch.setattr("streamlit.runtime.get_instance", no_runtime)
    started = []

    async def scenario() -> None:
        async with server_start.run_once_before_readers(object()):
            started.append(True)

    with caplog.at_level(logging.WARNING, logger=server_start.__name__):
        asyncio.run(scenario())

    assert started == [True]
    assert "could not be run once" in caplog.text

"""The load test's reader, which speaks Streamlit's protocol, against a real server: its
clicks are the map's, each reruns the map page's body alone, and a wrong panel is caught."""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect

from benchmarks.protocol_load import Reader, Tally, idle_memory, step
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from tests.browser import driver


@pytest.fixture(scope="module")
def server():
    with driver.running_server("app.py", DEFAULT_DATA_FOLDER) as running:
        yield running


@pytest.fixture(scope="module")
def places():
    return [(place.id, place.name) for place in load_story(DEFAULT_DATA_FOLDER).places.values()]


def port_of(server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_a_click_shows_its_place_and_reruns_only_the_page_body(server, places):
    names = dict(places)

    async def visit() -> list:
        reader = Reader(port_of(server), places, Tally(counted_from=0), seed=1)
        async with connect(reader.url, subprotocols=["streamlit"], origin=reader.origin) as socket:
            opened = await reader._rerun(socket, None)
            first_run, first_years = list(reader.last_run), reader.run_years
            # The map's report once it has drawn, as a browser's sends it.
            await reader._rerun(socket, None, report={"last_object_clicked_count": 0})
            report_run, report_years = list(reader.last_run), reader.run_years
            shown = await reader._rerun(socket, "port-arthur", names["port-arthur"])
            click_run, address = list(reader.last_run), reader.query
            # The panel that comes must be the one clicked: another place's name is not it.
            wrong = await reader._rerun(socket, "portsmouth", names["port-arthur"])
            runs = [first_run, first_years, report_run, report_years, click_run]
            return [opened, shown, wrong, runs, address, reader]

    opened, shown, wrong, runs, address, reader = asyncio.run(visit())
    first_run, first_years, report_run, report_years, click_run = runs
    assert opened and shown and not wrong
    assert reader.map_id and reader.fragment_id
    assert "place=port-arthur" in address  # the app wrote the view into the address
    # A reader's first map leaves the controls (the years slider among them) out; the
    # map's report brings them, in a whole run of the app (storymap.ui.map_first).
    assert not first_years and report_years
    # A whole run sends the page's navigation; a click's run is the page body's alone.
    assert "navigation" in first_run and "navigation" in report_run
    assert "navigation" not in click_run
    assert click_run[-1] == "script_finished"


def test_a_step_counts_served_clicks_and_no_errors(server, places):
    row = asyncio.run(step(port_of(server), [server.pid], places, 4, seconds=5, every=1))
    assert row["opened"] == 4 and row["errors"] == 0
    assert row["clicks/s"] > 0 and 0 < row["p50"] <= row["p95"]
    assert row["rss"] > 50 and row["cpu"] > 0


def test_idle_readers_are_counted_and_measured(server):
    idle = asyncio.run(idle_memory(port_of(server), server.pid, 5))
    assert idle["sessions"] == 5 and idle["before_mb"] > 50
    assert idle["per_session_kb"] == pytest.approx((idle["after_mb"] - idle["before_mb"]) * 200)

"""Three copies of the app behind nginx, readers speaking Streamlit's protocol through
it, and one copy killed in the middle: its readers get their view back on another copy
from their address, nobody else notices, and the copy is started again and put back."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass

import pytest

from benchmarks.protocol_load import Reader, Tally, balanced_reader
from deploy.cluster import COPY_COOKIE, COPY_HEADER, WARM_PATH, Cluster
from storymap.load import DEFAULT_DATA_FOLDER, load_story

READERS = 60
EVERY_S = 2.0  # between a reader's clicks
# The readers' run: long enough for every reader to open the map and click, then for
# the killed copy's readers to come back and click on their new copy.
SECONDS = 30
AFTER_KILL_S = 10  # at least this long left after the kill, or the test says so


@dataclass
class Kill:
    at: float  # time.monotonic()
    address: str  # of the copy killed, as nginx names it
    pid: int
    readers: list[Reader]  # those it served


def get(url: str, cookie: str = "") -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"{COPY_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), {name.lower(): value for name, value in response.headers.items()}


def copy_answering(cluster: Cluster, cookie: str) -> str:
    """The copy that answers a browser with ``cookie``, as nginx names it."""
    return get(cluster.url + "/_stcore/health", cookie)[1][COPY_HEADER.lower()]


def copy_cookie(headers: dict[str, str]) -> str:
    # urllib joins repeated headers; ours is the one named storymap_copy.
    for part in headers.get("set-cookie", "").replace(",", ";").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COPY_COOKIE:
            return value
    return ""


def test_each_copy_ran_the_app_once_before_nginx_sent_it_readers(cluster: Cluster):
    assert [copy.warm_answer for copy in cluster.copies] == ["ok"] * len(cluster.copies)
    # Visitors cannot make a copy run it: nginx does not pass the path on.
    for path in (WARM_PATH, WARM_PATH + "/", "/app" + WARM_PATH):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(cluster.url + path)
        assert refused.value.code == 404
    body, _headers = get(cluster.copies[0].url + WARM_PATH)  # the copy itself answers
    assert body == b"ok"


def test_a_browsers_cookie_pins_it_to_one_copy(cluster: Cluster):
    _, first = get(cluster.url + "/")
    cookie = copy_cookie(first)
    assert cookie, "nginx gave no cookie to a browser without one"
    answered = {get(cluster.url + path, cookie)[1][COPY_HEADER.lower()] for path in ("/", "/map")}
    answered |= {get(cluster.url + "/_stcore/health", cookie)[1][COPY_HEADER.lower()]}
    assert answered == {first[COPY_HEADER.lower()]}
    _, again = get(cluster.url + "/", cookie)
    assert copy_cookie(again) == "", "a browser with a cookie was given another"
    # Many browsers, each with its own cookie, are spread over the copies.
    spread = {get(cluster.url + "/_stcore/health")[1][COPY_HEADER.lower()] for _ in range(30)}
    assert len(spread) > 1


def test_a_killed_copys_readers_get_their_view_back_and_nobody_else_notices(cluster: Cluster):
    story = load_story(DEFAULT_DATA_FOLDER)
    tally = Tally(counted_from=time.monotonic())
    readers = [balanced_reader(cluster.port, story, tally, seed) for seed in range(READERS)]
    kill = asyncio.run(_drive_and_kill(cluster, readers, tally))
    victim, moved = kill.address, kill.readers
    stayed = [reader for reader in readers if reader not in moved]
    assert moved, "no reader was on the killed copy"

    # The killed copy's readers: each came back once, with its view, on another copy or
    # on the killed one started again (a new process: see below), whichever answered
    # when it tried; a fast machine can restart the copy before a reader tries again.
    for reader in moved:
        assert reader.reconnects == 1, reader.copies
        assert reader.copies[-1] != "", reader.copies
        assert (reader.views_restored, reader.views_not_restored) == (1, 0), reader.query
        assert reader.errors == 0
    # Everyone else: one socket, to one copy, all the time; no click went unanswered.
    for reader in stayed:
        assert (reader.reconnects, reader.clicks_lost, reader.errors) == (0, 0, 0)
        assert len(reader.copies) == 1 and reader.copies[0] != victim
    # Only clicks in flight on the killed copy are lost: at most one a reader.
    assert sum(reader.clicks_lost for reader in readers) <= len(moved)
    assert all(reader.clicks_served > 0 for reader in readers)

    # The health checker saw the copy go within seconds and took it out of nginx's
    # upstream; the copy was started again, and put back once it answered.
    (marked_down, *_) = [at for at, address, state in cluster.checker.events if address == victim]
    assert marked_down - kill.at < 5
    deadline = time.monotonic() + 60
    while victim in cluster.checker.marked_down:
        assert time.monotonic() < deadline, "the killed copy was not put back"
        time.sleep(0.1)  # polling interval
    states = [state for _at, address, state in cluster.checker.events if address == victim]
    assert states == ["down", "up"]
    assert " down;" not in cluster.nginx.site.read_text()
    assert cluster.copy_at(victim).pid != kill.pid
    # The new process ran the app once before it was put back: its readers do not wait
    # for a fresh process's first run.
    assert cluster.copy_at(victim).warm_answer == "ok"
    cookies = map(str, range(100))
    assert any(copy_answering(cluster, cookie) == victim for cookie in cookies), (
        "no browser reaches the copy put back"
    )

    # The story's map data the page names (one file a language: the places' names
    # differ) is served through nginx, and by every copy, the same bytes: any copy
    # can serve it.
    data_urls = {reader.data_url for reader in readers}
    assert "" not in data_urls
    for data_url in data_urls:
        through_nginx, _ = get(cluster.url + data_url)
        assert json.loads(through_nginx)["type"] == "FeatureCollection"
        for copy in cluster.copies:
            assert get(copy.url + data_url)[0] == through_nginx


async def _drive_and_kill(cluster: Cluster, readers: list[Reader], tally: Tally) -> Kill:
    """Run the readers; once all have opened the map and clicked as many times as
    there are readers, SIGKILL the copy with the most of them, at a moment when one of
    its readers waits for a click's panel."""
    until = time.monotonic() + SECONDS

    def ready() -> bool:
        served = sum(reader.clicks_served for reader in readers)
        return tally.opened == len(readers) and served >= len(readers)

    def waiting_on(copy: str) -> bool:
        return any(reader.click_in_flight for reader in readers if reader.copies[-1] == copy)

    tasks = [asyncio.create_task(reader.run(EVERY_S, until)) for reader in readers]
    while True:
        if ready():
            victim = Counter(reader.copies[-1] for reader in readers).most_common(1)[0][0]
            if waiting_on(victim):
                break
        assert time.monotonic() < until - AFTER_KILL_S, (
            f"{tally.opened} of {len(readers)} readers opened the map and "
            f"{sum(reader.clicks_served for reader in readers)} clicks were served: "
            "too late to kill a copy"
        )
        await asyncio.sleep(0.01)  # polling interval, short: a click waits ~0.1 s
    kill = Kill(
        at=time.monotonic(),
        address=victim,
        pid=cluster.copy_at(victim).pid,
        readers=[reader for reader in readers if reader.copies[-1] == victim],
    )
    os.kill(kill.pid, signal.SIGKILL)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [result for result in results if isinstance(result, BaseException)]
    assert not failures, failures[:3]
    return kill

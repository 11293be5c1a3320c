"""Readers without browsers: many sessions of the map, each speaking Streamlit's own
WebSocket protocol (``/_stcore/stream``, the protobuf messages of the ``streamlit``
package) from one asyncio process, so that the server, not the browsers, is measured.

Each reader opens the map as a browser does (a ``rerun_script`` BackMsg with the page's
address in its context), learns the map component's widget id (and the fragment it is
drawn in) from the page it is sent, sends the report the map component sends once it has
drawn (which brings the controls a reader's first map leaves out, in a run of the whole
app: storymap.ui.map_first), then every ``every`` seconds (give or take a fifth, so that
readers do not click in step) clicks a random place: it sends the value the map
component sends on a click (the clicked feature as ``last_active_drawing``) and times
the run until a ForwardMsg carries the panel that names that place. A click whose run
ends without that panel counts as an error.

A step (``step``) opens its readers afresh, spread over its first ``every`` seconds as
readers of a shared link arrive, and counts the clicks that start after that; the
servers' CPU and resident memory are read from /proc over it. ``make loadtest``
(benchmarks/load_curve.py) runs steps of more and more readers; the failover test
(tests/cluster/) runs readers behind nginx.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import statistics
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin, Subprotocol

from deploy.cluster import COPY_COOKIE, COPY_HEADER
from storymap.i18n import INTERFACE_LANGUAGES
from storymap.model import Story
from storymap.translations import translated
from storymap.view import FROM_PARAMETER, INTERFACE_PARAMETER, PLACE_PARAMETER, TO_PARAMETER

RUN_TIMEOUT_S = 60
# What a reader's address holds of its view, which must come back after a failover.
VIEW_PARAMETERS = (PLACE_PARAMETER, FROM_PARAMETER, TO_PARAMETER, INTERFACE_PARAMETER)
RECONNECT_PAUSE_S = 0.5  # between attempts to reconnect, as Streamlit's own page pauses
STORY_DATA_URL = re.compile(r"/app/static/stories/[0-9a-f]+\.json")


@dataclass
class Tally:
    counted_from: float  # clicks that start before this (monotonic) time are not counted
    click_ms: list[float] = field(default_factory=list)
    errors: int = 0
    opened: int = 0


class Reader:
    """One session of the map page, as a browser would hold it.

    Behind a load balancer (``balanced``), it first loads the page over HTTP, for the
    balancer's cookie, and sends that with its WebSocket as a browser does. When its
    socket is closed under it (its copy is gone), it connects again, reopens the page at
    the address it last had, and checks that the view came back: the place's panel, the
    years and the language.
    """

    def __init__(
        self,
        port: int,
        places: list[tuple[str, str]],
        tally: Tally,
        seed: int,
        query: str = "",
        balanced: bool = False,
    ):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.origin = f"http://127.0.0.1:{port}"
        self.places = places  # (id, name) of every place, the name in the reader's language
        self.tally = tally
        self.random = random.Random(seed)
        self.map_id: str | None = None
        self.fragment_id = ""  # the fragment the map is drawn in, whose run a click asks for
        self.last_run: list[str] = []  # the kinds of message the last run was sent
        self.query = query  # the page's address, as the app last wrote it (the view)
        self.clicks = 0  # the map counts its clicks: each click is a new value
        self.balanced = balanced
        self.cookie = ""  # the balancer's, which pins this reader to a copy
        self.copies: list[str] = []  # the copy behind each socket, as the balancer names it
        self.data_url = ""  # the story's map data, as the page names it
        self.run_html: list[str] = []  # the HTML the last run sent
        self.run_years: tuple[int, ...] = ()  # the year slider's value in the last run
        self.click_in_flight = False  # sent, its run not finished
        self.lost_view: dict[str, str] | None = None  # a lost socket's, until shown again
        self.reconnects = 0
        self.views_restored = 0
        self.views_not_restored = 0
        self.clicks_served = 0
        self.clicks_lost = 0  # sent, and their run never finished: the socket closed
        self.errors = 0  # runs that finished without the clicked place's panel

    async def run(self, every: float, until: float) -> None:
        await asyncio.sleep(self.random.uniform(0, every))  # readers arrive over a while
        while True:
            try:
                async with await self._connect() as socket:
                    await self._read(socket, every, until)
                    return
            except (WebSocketException, OSError):
                # Its copy is gone (the socket closed) or none answered yet (the
                # handshake failed): a browser tries again, and so does this reader.
                if self.click_in_flight:
                    self.clicks_lost += 1
                    self.click_in_flight = False
                if not self.balanced or time.monotonic() >= until:
                    raise
                if self.lost_view is None:
                    self.reconnects += 1
                    self.lost_view = view_parameters(self.query)
                await asyncio.sleep(RECONNECT_PAUSE_S)

    async def _connect(self) -> ClientConnection:
        headers = {}
        if self.balanced:
            self.cookie = await asyncio.to_thread(self._page_cookie)
            headers["Cookie"] = f"{COPY_COOKIE}={self.cookie}"
        socket = await connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            origin=Origin(self.origin),
            max_size=None,
            additional_headers=headers,
        )
        if socket.response is not None:
            self.copies.append(socket.response.headers.get(COPY_HEADER, ""))
        return socket

    def _page_cookie(self) -> str:
        """Load the page, as a browser does first; the balancer's cookie it now holds."""
        request = urllib.request.Request(self.origin + "/")
        if self.cookie:
            request.add_header("Cookie", f"{COPY_COOKIE}={self.cookie}")
        with urllib.request.urlopen(request, timeout=RUN_TIMEOUT_S) as response:
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, value = header.split(";", 1)[0].partition("=")
                if name.strip() == COPY_COOKIE:
                    return value.strip()
        return self.cookie

    async def _open(self, socket: ClientConnection) -> None:
        """The page's first run, then the run the map's first report causes, as a
        browser's map sends it once it has drawn; what either showed counts as shown."""
        await self._rerun(socket, None)
        if self.map_id is None:
            return
        first_html, first_years = self.run_html, self.run_years
        await self._rerun(socket, None, report={"last_object_clicked_count": 0})
        self.run_html = first_html + self.run_html
        self.run_years = self.run_years or first_years

    async def _read(self, socket: ClientConnection, every: float, until: float) -> None:
        """Open the page on ``socket``, then click places until ``until``."""
        await self._open(socket)
        if self.lost_view is None:
            self.tally.opened += 1
        else:
            if self._shows(self.lost_view):
                self.views_restored += 1
            else:
                self.views_not_restored += 1
            self.lost_view = None
        while time.monotonic() < until and self.map_id:
            await asyncio.sleep(every * self.random.uniform(0.8, 1.2))
            place_id, name = self.random.choice(self.places)
            counted = time.monotonic() >= self.tally.counted_from
            started = time.perf_counter()
            shown = await self._rerun(socket, place_id, name)
            if shown:
                self.clicks_served += 1
            else:
                self.errors += 1
            if counted and shown:
                self.tally.click_ms.append((time.perf_counter() - started) * 1000)
            elif counted:
                self.tally.errors += 1

    def _shows(self, asked: dict[str, str]) -> bool:
        """Whether the last run showed the view ``asked`` (view_parameters): the place's
        panel, the years on the slider, the page in the language, and the address."""
        names = dict(self.places)
        place = asked.get(PLACE_PARAMETER)
        heading = f"<h2>{html.escape(names.get(place, ''))}</h2>" if place else ""
        language = asked.get(INTERFACE_PARAMETER)
        mark = f"document.documentElement.lang = {json.dumps(language)};" if language else ""
        years = tuple(int(asked[name]) for name in (FROM_PARAMETER, TO_PARAMETER) if name in asked)
        return (
            (not heading or any(heading in body for body in self.run_html))
            and (not mark or any(mark in body for body in self.run_html))
            and (len(years) < 2 or self.run_years == years)
            and view_parameters(self.query) == asked
        )

    async def _rerun(
        self,
        socket: ClientConnection,
        place_id: str | None,
        name: str = "",
        report: dict | None = None,
    ) -> bool:
        """Run the page (clicking ``place_id`` if given, or sending the map's ``report``);
        whether the run showed the place's panel."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_script_hash = ""
        # A browser tells the app its address with every run (st.context.url).
        message.rerun_script.context_info.url = self.origin + "/"
        if place_id is not None and self.map_id is not None:
            self.clicks += 1
            report = {
                "last_active_drawing": {
                    "type": "Feature",
                    "properties": {"kind": "place", "place_id": place_id},
                    "geometry": {"type": "Point", "coordinates": [0, 0]},
                },
                "last_object_clicked_count": self.clicks,
            }
        if report is not None and self.map_id is not None:
            # As the browser does: a widget in a fragment reruns that fragment alone.
            message.rerun_script.fragment_id = self.fragment_id
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id = self.map_id
            widget.json_value = json.dumps(report)
        await socket.send(message.SerializeToString())
        self.click_in_flight = place_id is not None
        self.run_html = []
        heading = f"<h2>{html.escape(name)}</h2>"
        shown = place_id is None
        self.last_run = []
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(socket.recv(), RUN_TIMEOUT_S))
            kind = reply.WhichOneof("type")
            self.last_run.append(kind)
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                if element.WhichOneof("type") == "component_instance":
                    self.map_id = element.component_instance.id
                    self.fragment_id = reply.delta.fragment_id
                elif element.WhichOneof("type") == "html":
                    self.run_html.append(element.html.body)
                    shown = shown or heading in element.html.body
                    found = STORY_DATA_URL.search(element.html.body)
                    self.data_url = found.group(0) if found else self.data_url
                elif element.WhichOneof("type") == "slider":
                    self.run_years = tuple(int(value) for value in element.slider.value)
            elif kind == "page_info_changed":  # the app wrote the view into the address
                self.query = reply.page_info_changed.query_string
            elif kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for another run (st.rerun): it follows
                self.click_in_flight = False
                return shown


def view_parameters(query: str) -> dict[str, str]:
    """The view an address holds (place, years, language), as the app reads it: the
    last of a repeated key."""
    values = parse_qs(query)
    return {name: values[name][-1] for name in VIEW_PARAMETERS if name in values}


def balanced_reader(port: int, story: Story, tally: Tally, seed: int) -> Reader:
    """A reader behind a load balancer whose first address names a language of the
    interface and a window of years, both drawn from ``seed``, so that a failover has a
    view to give back; its places are named in that language, as its panels name them."""
    chance = random.Random(f"address-{seed}")
    language = chance.choice(list(INTERFACE_LANGUAGES))
    span = story.span
    middle = (span.first + span.last) // 2
    # Inside the story's span at both ends: a window equal to the span leaves the address.
    first = chance.randint(span.first + 1, middle)
    last = chance.randint(middle + 1, span.last - 1)
    query = f"{FROM_PARAMETER}={first}&{TO_PARAMETER}={last}&{INTERFACE_PARAMETER}={language}"
    places = [(place.id, place.name) for place in translated(story, language).places.values()]
    return Reader(port, places, tally, seed, query=query, balanced=True)


def server_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, resident MB) of process ``pid`` and its children."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(stat[11]) + int(stat[12]) + int(stat[13]) + int(stat[14])
    rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return ticks / 100, rss_pages * 4096 / 1_000_000


async def idle_memory(port: int, pid: int, sessions: int) -> dict:
    """The server's memory before and after ``sessions`` readers open the map and wait;
    before is after a first reader, who loads the app's code and the story."""
    tally = Tally(counted_from=float("inf"))
    first = Reader(port, [], tally, -1)
    async with connect(first.url, subprotocols=["streamlit"], origin=first.origin) as socket:
        await first._open(socket)
    _cpu, before = server_usage(pid)
    readers = [Reader(port, [], tally, seed) for seed in range(sessions)]
    opened = asyncio.Event()
    close = asyncio.Event()

    async def hold(reader: Reader) -> None:
        async with connect(
            reader.url, subprotocols=["streamlit"], origin=reader.origin, max_size=None
        ) as socket:
            await reader._open(socket)
            tally.opened += 1
            if tally.opened == sessions:
                opened.set()
            await close.wait()

    tasks = [asyncio.create_task(hold(reader)) for reader in readers]
    await asyncio.wait_for(opened.wait(), RUN_TIMEOUT_S * 2)
    _cpu, after = server_usage(pid)
    close.set()
    await asyncio.gather(*tasks)
    return {
        "sessions": sessions,
        "before_mb": before,
        "after_mb": after,
        "per_session_kb": (after - before) * 1000 / sessions,
    }


def servers_usage(pids: list[int]) -> tuple[float, float]:
    """(CPU seconds, resident MB) of several servers together."""
    usages = [server_usage(pid) for pid in pids]
    return sum(cpu for cpu, _rss in usages), sum(rss for _cpu, rss in usages)


async def step(
    port: int,
    pids: list[int],
    places: list[tuple[str, str]],
    readers: int,
    seconds: float,
    every: float,
    balanced: bool = False,
) -> dict:
    """``readers`` readers on the server (or balancer) at ``port`` for ``seconds``, each
    clicking every ``every`` s; the clicks served, their latency, and the servers' use."""
    began = time.monotonic()
    tally = Tally(counted_from=began + every)
    cpu_before, _rss = servers_usage(pids)
    until = began + seconds
    tasks = [
        asyncio.create_task(Reader(port, places, tally, seed, balanced=balanced).run(every, until))
        for seed in range(readers)
    ]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    cpu_after, rss = servers_usage(pids)
    elapsed = time.monotonic() - began
    counted_seconds = max(time.monotonic() - tally.counted_from, 1e-9)
    failures = sum(isinstance(result, BaseException) for result in results)
    ordered = sorted(tally.click_ms)
    return {
        "readers": readers,
        "opened": tally.opened,
        "clicks/s": len(ordered) / counted_seconds,
        "p50": statistics.median(ordered) if ordered else float("nan"),
        "p95": ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan"),
        "errors": tally.errors + failures,
        "cpu": (cpu_after - cpu_before) / elapsed * 100,
        "rss": rss,
    }

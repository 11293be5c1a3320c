"""Drive the dashboard in a real browser: start the server, launch Chromium, click places.

Shared by the browser tests and the timing script. The server runs on a free port and
is ready when its health endpoint answers; nothing here waits a fixed time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FrameLocator, Page, Playwright

from deploy.cluster import server_command, server_environment, stop_process
from storymap.ui import map_component

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The map's frame: the app's own declaration of streamlit-folium's component
# (storymap.ui.map_component), or the package's, which the benchmarks' plain app uses.
MAP_FRAME = f'iframe[title$=".{map_component.NAME}"]'
# Chromium must not call home: this machine, like CI, has no internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TILE_HOSTS = ("tile.openstreetmap.org",)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 3,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    pid: int


@contextlib.contextmanager
def running_server(
    script: str = "app.py",
    data_folder: Path | None = None,
    timeout: float = 60,
    extra_environment: dict[str, str] | None = None,
    port: int | None = None,
    ready_path: str = "/_stcore/health",
    poll_s: float = 0.1,
) -> Iterator[Server]:
    """Start ``streamlit run SCRIPT`` on ``port`` (or a free one); yield its address and
    id once ``ready_path`` answers 200 (its health check, unless told: a server is
    healthy once it has run the app once, see storymap.ui.server_start), asked every
    ``poll_s``."""
    port = port or free_port()
    environment = server_environment(data_folder, extra_environment)
    # The log is a file, not a pipe: a full pipe would block the server.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            server_command(script, port),
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(base_url + ready_path, process, log, timeout, poll_s)
            yield Server(base_url, process.pid)
        finally:
            stop_process(process)


@contextlib.contextmanager
def running_app(data_folder: Path | None = None, timeout: float = 60) -> Iterator[str]:
    """Start the dashboard on a free port; yield its base URL."""
    with running_server("app.py", data_folder, timeout) as server:
        yield server.url


def _wait_until_ready(
    url: str, process: subprocess.Popen, log, timeout: float, poll_s: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the app exited: {log.read()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(poll_s)  # polling interval, not a wait for something to happen
    raise TimeoutError(f"the app did not answer at {url} within {timeout} s")


def chromium_path() -> str | None:
    """Debian's Chromium when installed; otherwise Playwright's own browser."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def block_tiles(page: Page) -> None:
    """Answer tile requests here with nothing: tests must not depend on the internet."""
    for host in TILE_HOSTS:
        page.route(f"https://{host}/**", lambda route: route.abort())


def is_allowed_request(url: str, media: tuple[str, ...] = ()) -> bool:
    """A request that stays on this machine, fetches a map tile, or fetches one of the
    story's own ``media`` (the addresses its events.csv gives)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
    return (
        url.startswith(("data:", "blob:", "about:", "http://[::1]"))
        or host in ("localhost", "127.0.0.1")
        or host in TILE_HOSTS
        or url in media
    )


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_FRAME)


# True once the map has drawn ``count`` places and listens for clicks on them; shared
# with the async load test. (The map's frame is served from the app's own origin, so
# the page can look inside. streamlit-folium binds its click handlers last, when it
# has set up the map.)
PLACES_DRAWN_JS = """([selector, count]) => {
    const map = document.querySelector(selector)?.contentWindow?.map;
    if (!map?.listens?.("click")) return false;
    let places = 0;
    map.eachLayer(layer => { if (layer.feature?.properties?.kind === "place") places++; });
    return places >= count;
}"""


def count_in_map(page: Page, kind: str) -> int:
    """How many of the story layer's features of ``kind`` (place or area) the map draws."""
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return frame.evaluate(
        """kind => { let n = 0;
            window.map.eachLayer(l => { if (l.feature?.properties?.kind === kind) n++; });
            return n; }""",
        kind,
    )


def wait_for_markers(page: Page, count: int, timeout: float = 30_000) -> None:
    """Wait, checking every frame, until the map has drawn ``count`` places and listens
    for clicks on them."""
    page.wait_for_function(PLACES_DRAWN_JS, arg=[MAP_FRAME, count], polling="raf", timeout=timeout)


def map_zoom(page: Page) -> int:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return frame.evaluate("window.map.getZoom()")


def point_of(page: Page, lat: float, lon: float) -> tuple[float, float]:
    """Where on the page the map draws (lat, lon)."""
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    x, y = frame.evaluate(
        """([lat, lon]) => {
            const point = window.map.latLngToContainerPoint([lat, lon]);
            const box = window.map.getContainer().getBoundingClientRect();
            return [point.x + box.left, point.y + box.top];
        }""",
        [lat, lon],
    )
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"] + x, box["y"] + y


# True once the app has finished its run and the map stands still (same view two frames
# running); shared with the async load test.
MAP_AT_REST_JS = """(selector) => {
    const state = document.querySelector("[data-testid=stApp]")
        ?.getAttribute("data-test-script-state");
    const map = document.querySelector(selector)?.contentWindow?.map;
    if (state !== "notRunning" || !map || map._panAnim?._inProgress || map._animatingZoom) {
        window.__lastMapView = null;
        return false;
    }
    const view = JSON.stringify([map.getCenter(), map.getZoom(), map.getSize()]);
    const still = view === window.__lastMapView;
    window.__lastMapView = view;
    return still;
}"""


def wait_for_map_at_rest(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app has finished its run and the map stands still.

    The map pans when its frame is resized after a run, and a click during that
    animation lands where the marker was, not where it is: a person would wait too.
    """
    page.wait_for_function(MAP_AT_REST_JS, arg=MAP_FRAME, polling="raf", timeout=timeout)


# True once streamlit-folium has sent the map's first value (its count of clicks goes
# from none to a number), which has the app run once more just after the map draws.
MAP_VALUE_SENT_JS = """(selector) => typeof document.querySelector(selector)?.contentWindow
    ?.__GLOBAL_DATA__?.previous_data?.last_object_clicked_count === "number"
"""


def wait_for_map_settled(page: Page, timeout: float = 30_000) -> None:
    """Wait until the map has sent its first value, the run that it causes has ended,
    and the map stands still: after that, only the reader makes the app run.

    (A map that has its size from the first paint is at rest as soon as it draws,
    which can be before the app has heard of that value.)
    """
    page.wait_for_function(MAP_VALUE_SENT_JS, arg=MAP_FRAME, polling="raf", timeout=timeout)
    wait_for_map_at_rest(page, timeout)


def zoom_to(page: Page, lat: float, lon: float, zoom: int) -> None:
    """Centre the map on (lat, lon) at ``zoom``, at once, and wait until it stands still."""
    wait_for_map_at_rest(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.evaluate(f"void window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    wait_for_map_at_rest(page)


def click_place(page: Page, lat: float, lon: float, touch: bool = False) -> None:
    """Click (or tap) the map where it draws (lat, lon), as a person would."""
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    wait_for_map_at_rest(page)
    x, y = point_of(page, lat, lon)
    if touch:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


def panel_heading(page: Page, name: str):
    return page.get_by_role("heading", name=name, level=2, exact=True)


def wait_for_panel(page: Page, name: str, timeout: float = 30_000) -> None:
    """Wait, checking every frame, until the side panel shows the place ``name``."""
    page.wait_for_function(
        "name => [...document.querySelectorAll('.place-panel h2')]"
        ".some(heading => heading.textContent === name)",
        arg=name,
        polling="raf",
        timeout=timeout,
    )


def wait_for_app_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app has finished running the page's script."""
    page.wait_for_function(
        """() => document.querySelector("[data-testid=stApp]")
            ?.getAttribute("data-test-script-state") === "notRunning"
            && document.querySelector("[data-testid=stMain]") !== null""",
        polling="raf",
        timeout=timeout,
    )


# Counts, in the page, the values the map's component sends the app (each one makes
# the app run): window.__mapReports. Give it to page.add_init_script before the page opens.
COUNT_MAP_REPORTS_JS = """window.__mapReports = 0;
window.addEventListener("message", (event) => {
    if (event.data?.type === "streamlit:setComponentValue") window.__mapReports += 1;
});"""


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def png(width: int, height: int) -> bytes:
    """A grey PNG image of ``width`` by ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )

"""``make profile-paint``: what a fresh page load does before the map shows its places.

For the product and the naive baseline, on the same story: every request (start and
end, in the page or the map's frame), the Streamlit messages of the first run in their
order of arrival (each element by its type, up to the map's component), the browser's
long tasks, and the moment the places are drawn, all in milliseconds from navigation
start. Prints one load's timeline per app (the load with the median first paint) and,
over all loads, the median time of each milestone.
"""

from __future__ import annotations

import argparse
import base64
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.browsing import new_page, places_of, wait_for_places
from storymap.load import DEFAULT_DATA_FOLDER
from tests.browser import driver

LOAD_TIMEOUT_MS = 90_000
# Collects the browser's long tasks and paints in every frame, from its first script on.
OBSERVE_JS = """(() => {
    window.__longTasks = [];
    try {
        new PerformanceObserver(list => list.getEntries().forEach(entry =>
            window.__longTasks.push([entry.startTime, entry.duration])))
            .observe({ type: "longtask", buffered: true });
    } catch (error) { /* an old browser: no long tasks */ }
})();"""
# A frame's resources and long tasks, on the clock of the top page (its timeOrigin).
FRAME_TIMINGS_JS = """(topOrigin) => {
    const shift = performance.timeOrigin - topOrigin;
    return {
        resources: performance.getEntriesByType("resource").map(entry => [
            entry.name, entry.startTime + shift, entry.requestStart + shift,
            entry.responseEnd + shift, entry.transferSize || entry.encodedBodySize,
        ]),
        longTasks: (window.__longTasks || []).map(([start, length]) => [start + shift, length]),
        navigation: performance.getEntriesByType("navigation").map(entry => [
            entry.name, entry.startTime + shift, entry.responseEnd + shift,
            entry.domContentLoadedEventEnd + shift, entry.loadEventEnd + shift,
        ]),
    };
}"""


@dataclass
class Load:
    """One page load's timeline: (milliseconds, what) pairs, and its first paint."""

    app: str
    first_paint: float = 0.0
    events: list[tuple[float, str]] = field(default_factory=list)
    elements_before_map: list[str] = field(default_factory=list)

    def milestone(self, prefix: str) -> float | None:
        """When the first event starting with ``prefix`` happened."""
        return next((at for at, what in sorted(self.events) if what.startswith(prefix)), None)


def profile_load(page, url: str, app: str, places: int) -> Load:
    """Load ``url`` in ``page`` and record what happens until ``places`` are drawn."""
    load = Load(app)
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    frames: list[tuple[float, bytes]] = []
    origin: list[float] = []

    def on_request(event):
        if event.get("type") == "Document" and not origin:
            origin.append(event["timestamp"])

    def on_frame(event):
        payload = event["response"]
        if payload.get("opcode") == 2:
            frames.append((event["timestamp"], base64.b64decode(payload["payloadData"])))

    session.on("Network.requestWillBeSent", on_request)
    session.on("Network.webSocketFrameReceived", on_frame)
    page.add_init_script(OBSERVE_JS)
    page.goto(url + "/", timeout=LOAD_TIMEOUT_MS)
    wait_for_places(page, app, places, LOAD_TIMEOUT_MS)
    load.first_paint = page.evaluate("performance.now()")
    top_origin = page.evaluate("performance.timeOrigin")
    for frame in page.frames:
        try:
            timings = frame.evaluate(FRAME_TIMINGS_JS, top_origin)
        except Exception as error:  # a frame gone (made again) or of another origin
            print(f"  (the frame {_short(frame.url)} could not be read: {error})")
            continue
        where = "page" if frame == page.main_frame else "frame"
        for name, start, sent, end, size in timings["resources"]:
            short = _short(name)
            # Queued: how long the request waited for one of the six connections.
            queued = f", queued {sent - start:.0f} ms" if sent > start else ""
            load.events.append((start, f"{where} request  {short} ({size:,} B{queued})"))
            load.events.append((end, f"{where} received {short}"))
        for name, start, end, ready, loaded in timings["navigation"]:
            if where == "frame":
                load.events.append((start, f"frame document {_short(name)}"))
                load.events.append((ready, "frame DOMContentLoaded"))
                load.events.append((loaded, "frame load"))
            else:
                load.events.append((end, "page document received"))
                load.events.append((ready, "page DOMContentLoaded"))
        for start, length in timings["longTasks"]:
            load.events.append((start, f"{where} long task {length:.0f} ms"))
    zero = origin[0] if origin else (frames[0][0] if frames else 0.0)
    _add_messages(load, [((at - zero) * 1000, data) for at, data in frames])
    load.events.append((load.first_paint, "PLACES DRAWN (first paint)"))
    load.events.sort()
    session.detach()
    return load


def _add_messages(load: Load, frames: list[tuple[float, bytes]]) -> None:
    """The first run's messages, by what each carries; elements counted up to the map."""
    map_seen = False
    for at, data in frames:
        message = ForwardMsg()
        try:
            message.ParseFromString(data)
        except Exception:
            continue
        kind = message.WhichOneof("type")
        what: str = kind or "?"
        if kind == "delta":
            delta = message.delta
            change = delta.WhichOneof("type")
            if change == "new_element":
                element = delta.new_element.WhichOneof("type")
                what = f"element {element}"
                if element == "component_instance":
                    what += f" {delta.new_element.component_instance.component_name}"
                    map_seen = True
                elif not map_seen:
                    load.elements_before_map.append(str(element))
            elif change == "add_block":
                what = f"block {delta.add_block.WhichOneof('type')}"
                if not map_seen:
                    load.elements_before_map.append(what)
            else:
                what = f"delta {change}"
        elif kind == "script_finished":
            what = f"script_finished {message.script_finished}"
        load.events.append((at, f"ws {what} ({len(data):,} B)"))
        if kind == "script_finished":
            break  # the first run is over; the map's own report starts another


def _short(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return "/" + (path if len(path) < 90 else path[:60] + "…" + path[-20:])


MILESTONES = (
    ("page document received", "page document received"),
    ("page DOMContentLoaded", "page DOMContentLoaded"),
    ("first WebSocket message", "ws "),
    ("map component element", "ws element component_instance"),
    ("map component code", "page received /static/js/ComponentInstance"),
    ("map frame document", "frame document"),
    ("map frame loaded", "frame load"),
    ("map data received", "page received /app/static/storymap/data"),
    ("first run finished", "ws script_finished"),
    ("places drawn", "PLACES DRAWN"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_FOLDER)
    parser.add_argument("--apps", default="product,baseline")
    arguments = parser.parse_args()
    places = places_of(arguments.data)
    with sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright)
        for app in arguments.apps.split(","):
            script = "app.py" if app == "product" else "benchmarks/baseline_app.py"
            loads: list[Load] = []
            with driver.running_server(script, arguments.data, timeout=120) as server:
                for number in range(arguments.loads + 1):  # the first warms the server
                    page = new_page(browser)
                    load = profile_load(page, server.url, app, len(places))
                    page.close()
                    if number:
                        loads.append(load)
            _print(app, loads)
        browser.close()


def _print(app: str, loads: list[Load]) -> None:
    ordered = sorted(loads, key=lambda load: load.first_paint)
    median = ordered[len(ordered) // 2]
    print(f"\n=== {app}: first paint of each load (ms):", [round(x.first_paint) for x in loads])
    for label, prefix in MILESTONES:
        times = [t for t in (load.milestone(prefix) for load in loads) if t is not None]
        if times:
            print(f"  {label:<26} median {statistics.median(times):7.0f} ms")
    print(f"  elements before the map: {len(median.elements_before_map)}")
    print("   ", ", ".join(median.elements_before_map))
    print(f"--- the median load ({median.first_paint:.0f} ms):")
    for at, what in median.events:
        print(f"  {at:7.0f}  {what}")


if __name__ == "__main__":
    main()

"""First paint of this checkout against others, loads taken in turn, in one run.

    python -m benchmarks.paint_compare --against /path/to/other/checkout [--loads 12]
    python -m benchmarks.paint_compare --plain [--loads 12]

On a busy machine a first paint moves by hundreds of milliseconds from one minute to
the next; servers started side by side and loaded in turn (this one, the other, this
one...) meet the same noise, so their medians can be compared where separate runs of
``make bench`` cannot. ``--against`` may be given more than once. First paint is
measured as ``make bench`` measures it (benchmarks/browsing.py): navigation start to
the map showing every place. ``--plain`` loads ``make bench``'s plain app
(benchmarks/baseline_app.py) in turn with them. For the product, it also prints when the
panel's text (its introduction) and the place list first showed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.browsing import new_page, places_of, wait_for_places
from deploy.cluster import is_healthy, stop_process
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.synth import write_synthetic_story
from tests.browser import driver

LOAD_TIMEOUT_MS = 90_000


PLAIN_APP = "benchmarks/baseline_app.py"


@contextlib.contextmanager
def app_of(checkout: Path, data: Path, script: str = "app.py") -> Iterator[str]:
    """``checkout``'s ``script`` served on a free port, with its own code; yield its address."""
    port = driver.free_port()
    environment = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PYTHONPATH": str(checkout),
        "STORYMAP_DATA": str(data),
    }
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command, cwd=checkout, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while not is_healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{checkout}'s app did not start: {log.read()}")
                time.sleep(0.1)  # polling interval
            yield url
        finally:
            stop_process(process)


# The place list, by the class Streamlit gives its key (storymap.ui.keys.PLACE_SELECT_KEY).
PLACE_LIST = ".st-key-place_select input"
# When the panel's introduction (storymap.panel.intro_html) first shows, looked for at
# every frame from the page's start.
PANEL_SHOWN_JS = """(() => {
    const look = () => {
        const panel = document.querySelector(".intro-panel");
        if (panel && panel.checkVisibility()) window.__panelShown = performance.now();
        else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
})();"""


def first_paint(browser, url: str, places: int, app: str = "product") -> tuple[float, float, float]:
    """Milliseconds from navigation start to every place drawn, to the panel's text shown
    and to the place list shown (the product's: the plain app has neither), in a fresh
    page."""
    page = new_page(browser)
    try:
        if app == "product":
            page.add_init_script(PANEL_SHOWN_JS)
        page.goto(url + "/", timeout=LOAD_TIMEOUT_MS)
        wait_for_places(page, app, places, LOAD_TIMEOUT_MS)
        drawn = page.evaluate("performance.now()")
        if app != "product":
            return drawn, float("nan"), float("nan")
        page.locator(PLACE_LIST).wait_for(timeout=LOAD_TIMEOUT_MS)
        listed = page.evaluate("performance.now()")
        page.wait_for_function("() => window.__panelShown !== undefined")
        return drawn, page.evaluate("window.__panelShown"), listed
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", type=Path, action="append", default=[], help="a checkout")
    parser.add_argument("--plain", action="store_true", help="the plain app too (make bench's)")
    parser.add_argument("--loads", type=int, default=12, help="loads of each, after one warm-up")
    parser.add_argument("--places", type=int, help="a synthetic story of this many places")
    arguments = parser.parse_args()
    data = DEFAULT_DATA_FOLDER
    if arguments.places:
        data = Path(tempfile.mkdtemp(prefix="storymap-paint-")) / f"p{arguments.places}"
        write_synthetic_story(data, arguments.places, 5, seed=1)
    places = len(places_of(data))
    if not arguments.against and not arguments.plain:
        parser.error("nothing to compare with: give --against, --plain or both")
    # Each app: its checkout, the script served, and how its places are counted.
    apps = {"this": (driver.PROJECT_ROOT, "app.py", "product")}
    for path in arguments.against:
        apps[path.resolve().name] = (path.resolve(), "app.py", "product")
    if arguments.plain:
        apps["plain app"] = (driver.PROJECT_ROOT, PLAIN_APP, "baseline")
    paints: dict[str, list[float]] = {name: [] for name in apps}
    lists: dict[str, list[float]] = {name: [] for name in apps}
    panels: dict[str, list[float]] = {name: [] for name in apps}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        urls = {
            name: stack.enter_context(app_of(path, data, script))
            for name, (path, script, _kind) in apps.items()
        }
        browser = driver.launch_chromium(playwright)
        for name, url in urls.items():  # warm each server's caches; not counted
            first_paint(browser, url, places, apps[name][2])
        for number in range(arguments.loads):
            # Each round starts with the next app, so that none always goes first.
            order = list(urls)[number % len(urls) :] + list(urls)[: number % len(urls)]
            for name in order:
                drawn, panel, listed = first_paint(browser, urls[name], places, apps[name][2])
                paints[name].append(drawn)
                panels[name].append(panel)
                lists[name].append(listed)
        browser.close()
    for name, values in paints.items():
        listed, panel = statistics.median(lists[name]), statistics.median(panels[name])
        print(
            f"{name} ({apps[name][0] / apps[name][1]}): median {statistics.median(values):,.0f} "
            f"ms over {len(values)} loads: {', '.join(f'{value:.0f}' for value in values)}"
            + ("" if panel != panel else f"; panel's text shown: median {panel:,.0f} ms")
            + ("" if listed != listed else f"; place list shown: median {listed:,.0f} ms")
        )
    for name in list(apps)[1:]:
        ratios = [this / other for this, other in zip(paints["this"], paints[name], strict=True)]
        print(f"this ÷ {name}, median of the rounds' ratios: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()

"""``make bench-upload``: a visitor's uploaded story against the same story served.

For each size, one synthetic story is zipped and uploaded on the Your story page, and
the same folder is served by the app as its own data (STORYMAP_DATA), which is the
baseline: the upload should cost no more per click than a story the app serves. Prints
a table and writes the "Uploaded stories" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from benchmarks.browsing import click_place_until_panel, new_page, places_of, wait_for_places
from benchmarks.loadtest import REPORT, replace_section
from storymap.load import load_files
from storymap.synth import write_synthetic_story
from storymap.upload import files_from_upload
from tests.browser import driver

SECTION = "## Uploaded stories"
SECTION_FILE = Path(__file__).with_name("upload.md")  # kept for make bench's report
TIMEOUT_MS = 180_000


def zipped(folder: Path) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"story/{path.name}")
    return output.getvalue()


def check_seconds(data: bytes) -> float:
    """The checking alone, in Python, as the page does it."""
    started = time.perf_counter()
    load_files(files_from_upload([("story.zip", data)]))
    return time.perf_counter() - started


def measure(browser, folder: Path, data: bytes, mode: str, clicks: int) -> dict:
    """Time to the drawn map, click p50 and bytes per click, served or uploaded."""
    places = places_of(folder)
    chosen = places[:: max(1, len(places) // clicks)][:clicks]
    with driver.running_app(folder if mode == "served" else None) as url:
        page = new_page(browser)
        frames: list[int] = []
        page.on(
            "websocket",
            lambda socket: socket.on("framereceived", lambda payload: frames.append(len(payload))),
        )
        if mode == "served":
            started = time.perf_counter()
            page.goto(url + "/")
        else:
            page.goto(url + "/upload")
            driver.wait_for_app_idle(page)
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                [{"name": "story.zip", "mimeType": "application/zip", "buffer": data}]
            )
            button = page.get_by_role("button", name="Check and show my story")
            expect(button).to_be_enabled(timeout=TIMEOUT_MS)
            driver.wait_for_app_idle(page)
            started = time.perf_counter()
            button.click()
        wait_for_places(page, "product", len(places), TIMEOUT_MS)
        to_map = (time.perf_counter() - started) * 1000
        received = sum(frames)
        times = [click_place_until_panel(page, "product", place, TIMEOUT_MS) for place in chosen]
        driver.wait_for_app_idle(page)
        per_click = (sum(frames) - received) / len(chosen)
        page.close()
    return {
        "to map ms": to_map,
        "click p50 ms": statistics.median(times),
        "KB per click": per_click / 1024,
    }


def report(rows: list[dict]) -> str:
    lines = [
        SECTION,
        "",
        "Made by `make bench-upload` (benchmarks/upload_bench.py): a synthetic story "
        "zipped and uploaded on the Your story page, against the same folder served "
        "as the app's own data (the baseline). *To map* is from pressing *Check and "
        "show my story* (uploaded) or opening the page (served) to the drawn places; "
        "*KB per click* is what the server sends the browser for one click.",
        "",
        "| places × 2 events | zip MB | checking s | story | to map ms | click p50 ms "
        "| KB per click |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        for mode in ("uploaded", "served"):
            figures = row[mode]
            lines.append(
                f"| {row['places']:,} | {row['zip MB']:.1f} | {row['checking s']:.1f} "
                f"| {mode} | {figures['to map ms']:,.0f} | "
                f"{figures['click p50 ms']:,.0f} | {figures['KB per click']:,.0f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--clicks", type=int, default=12)
    arguments = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright)
        for count in arguments.sizes:
            folder = Path(scratch) / f"story-{count}"
            write_synthetic_story(folder, count, 2, seed=1)  # within an upload's row limits
            data = zipped(folder)
            row = {"places": count, "zip MB": len(data) / 2**20, "checking s": check_seconds(data)}
            for mode in ("uploaded", "served"):
                row[mode] = measure(browser, folder, data, mode, arguments.clicks)
            rows.append(row)
        browser.close()
    section = report(rows)
    SECTION_FILE.write_text(section, encoding="utf-8")
    replace_section(REPORT, SECTION, section)
    print(section)


if __name__ == "__main__":
    main()

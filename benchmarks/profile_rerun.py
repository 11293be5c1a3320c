"""``make profile``: where one rerun of the map page spends its time at 10,000 places.

Writes a synthetic story, starts the app with STORYMAP_PROFILE set, opens it in headless
Chromium and clicks one place, as a reader does; the profile of the rerun that click
causes is kept in benchmarks/profile-10k.txt, which ``make bench`` adds to the notes of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.browsing import click_place_until_panel, new_page, places_of, wait_for_places
from storymap.runlog import PROFILE_VARIABLE
from storymap.synth import write_synthetic_story
from tests.browser import driver

PROFILE = Path(__file__).with_name("profile-10k.txt")


def profile_rerun(places: int, output: Path) -> str:
    workspace = Path(tempfile.mkdtemp(prefix="storymap-profile-"))
    folder = workspace / "story"
    write_synthetic_story(folder, places, 5, seed=1)
    raw = workspace / "profile.txt"
    chosen = places_of(folder)[places // 2]
    with (
        driver.running_server(
            "app.py", folder, timeout=300, extra_environment={PROFILE_VARIABLE: str(raw)}
        ) as server,
        sync_playwright() as playwright,
    ):
        browser = driver.launch_chromium(playwright)
        page = new_page(browser)
        page.goto(server.url + "/")
        wait_for_places(page, "product", places, timeout=300_000)
        driver.wait_for_app_idle(page)
        click_place_until_panel(page, "product", chosen, timeout=60_000)
        driver.wait_for_app_idle(page)  # the profile is written as the run ends
        browser.close()
    # Paths relative to the project, so that the profile reads the same on any machine.
    text = raw.read_text(encoding="utf-8").replace(f"{driver.PROJECT_ROOT}/", "")
    output.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=10_000)
    arguments = parser.parse_args()
    print(profile_rerun(arguments.places, PROFILE))


if __name__ == "__main__":
    main()

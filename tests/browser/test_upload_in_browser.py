"""A visitor's own story, uploaded in the browser: map, panel, the way back, the limits."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.synth import write_synthetic_story
from storymap.template import TEMPLATE_TITLE, template_files, template_zip
from storymap.upload import MAX_UPLOAD_BYTES
from tests.browser import driver

pytestmark = pytest.mark.browser

STORY = load_story(DEFAULT_DATA_FOLDER)
PORTSMOUTH = STORY.places["portsmouth"]  # in the template too, at the same place


def choose_files(page, *files: tuple[str, bytes]) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [
            {"name": name, "mimeType": "application/octet-stream", "buffer": data}
            for name, data in files
        ]
    )


def download(page, label: str) -> tuple[str, bytes]:
    """The file a download button gives: its suggested name and its bytes."""
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def check_and_show(page) -> None:
    button = page.get_by_role("button", name="Check and show my story")
    expect(button).to_be_enabled()  # once the files have reached the server
    driver.wait_for_app_idle(page)
    button.click()


def test_an_uploaded_zip_is_shown_then_left_for_the_default_story(page, app_url):
    page.goto(app_url + "/upload")
    driver.wait_for_app_idle(page)
    expect(page.get_by_text("your browser may refuse")).to_have_count(0)  # not embedded
    choose_files(page, ("my-story.zip", template_zip()))
    check_and_show(page)
    # The map page, with the upload's title, banner and two places.
    expect(page.get_by_role("heading", name=TEMPLATE_TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="your own story")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        f"“{TEMPLATE_TITLE}”: your own story, shown in this tab only."
    )
    expect(page).to_have_title(f"{TEMPLATE_TITLE}: a map")
    driver.wait_for_markers(page, 2)
    # Its map data comes from this session's memory, never from the folder served to all.
    [private_data] = [url for url in page.requests if re.search(r"[^c]/media/\w+\.json$", url)]
    assert not any("/app/static/stories/" in url for url in page.requests)
    driver.zoom_to(page, PORTSMOUTH.lat, PORTSMOUTH.lon, 12)
    driver.click_place(page, PORTSMOUTH.lat, PORTSMOUTH.lon)
    driver.wait_for_panel(page, "Portsmouth")
    expect(page.locator(".place-panel")).to_contain_text("Treaty of Portsmouth signed")
    expect(page.locator(".place-panel")).not_to_contain_text("Peace conference opens at Portsmouth")
    assert all(driver.is_allowed_request(url) for url in page.requests)
    # Its data and its standalone map download from the Sources and data page.
    page.get_by_role("link", name="Sources and data").click()
    expect(page.get_by_role("heading", name="Sources and data", level=1)).to_be_visible()
    driver.wait_for_app_idle(page)  # the tables above the buttons have their height
    zip_name, data_zip = download(page, "Download the data folder (zip)")
    assert zip_name == "my-story-data.zip"  # named after the story
    with zipfile.ZipFile(io.BytesIO(data_zip)) as archive:
        assert {
            name.removeprefix("my-story/"): archive.read(name) for name in archive.namelist()
        } == {name: data for name, data in template_files().items() if name != "README.txt"}
    html_name, standalone = download(page, "Download a standalone map (HTML)")
    assert html_name == "my-story-map.html"
    standalone = standalone.decode("utf-8")
    assert f"<title>{TEMPLATE_TITLE}</title>" in standalone
    # The way back: the default story, on this page and on the map; no banner.
    page.get_by_role("button", name="Back to the default story").click()
    expect(page.get_by_text("your own story")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("A map of the places in")
    expect(page).to_have_title("Russia and Japan have fought before: a map")
    expect(page.get_by_test_id("stDataFrame").nth(1)).to_be_visible()
    page.get_by_role("link", name="Map").click()
    expect(
        page.get_by_role("heading", name="Russia and Japan have fought before", level=1)
    ).to_be_visible()
    driver.wait_for_markers(page, len(STORY.places))
    expect(page.get_by_text("your own story")).to_have_count(0)
    assert page.request.get(private_data).status == 404  # gone with the story


def test_a_file_over_the_limit_is_refused_with_a_message(page, app_url):
    page.goto(app_url + "/upload")
    driver.wait_for_app_idle(page)
    choose_files(page, ("places.csv", b"x" * (MAX_UPLOAD_BYTES + 1)))
    expect(page.get_by_text("File must be 20.0MB or smaller.")).to_be_visible()
    expect(page.get_by_role("button", name="Check and show my story")).to_be_disabled()


def test_a_broken_upload_shows_the_report_and_the_page_keeps_working(page, app_url):
    page.goto(app_url + "/upload")
    driver.wait_for_app_idle(page)
    choose_files(
        page,
        ("places.csv", b"id,name,lat,lon,role\nedo,Edo,95,139.7,featured\n"),
        ("events.csv", b"id\n"),
        ("sources.csv", b"id,kind,title\n"),
    )
    check_and_show(page)
    report = page.get_by_test_id("stCode").last  # after the examples of the data format
    expect(report).to_contain_text(
        "places.csv:2: lat: '95' is out of range: must be from -90 to 90"
    )
    expect(report).to_contain_text("events.csv:1: date: the required column is missing")
    expect(page.get_by_role("heading", name="Your story", level=1)).to_be_visible()
    page.get_by_role("link", name="Map").click()  # the dashboard's own story is unharmed
    driver.wait_for_markers(page, len(STORY.places))


def test_checking_a_large_upload_shows_its_progress(page, app_url, tmp_path):
    folder = tmp_path / "large"
    # 20,000 events: the most a story may have.
    write_synthetic_story(folder, places=5000, events_per_place=4, seed=2)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in folder.iterdir():
            archive.write(path, f"large/{path.name}")
    page.goto(app_url + "/upload")
    driver.wait_for_app_idle(page)
    choose_files(page, ("large.zip", output.getvalue()))
    check_and_show(page)
    # The longest step is named while it runs: the page is busy, not frozen.
    # Reading the zip's 25,000 rows comes first, and takes more than a few seconds on a
    # busy machine: the step is waited for as long as the whole check may take.
    expect(page.get_by_text("Checking every value and reference")).to_be_visible(timeout=60_000)
    driver.wait_for_markers(page, 5000, timeout=120_000)
    expect(page.get_by_text("Checking every value and reference")).to_have_count(0)


def test_a_storymapjs_file_shows_its_places_and_an_events_image(page, app_url):
    fixture = driver.PROJECT_ROOT / "tests" / "fixtures" / "interchange" / "storymapjs-basic.json"
    document = json.loads(fixture.read_text("utf-8"))
    [pictured] = [s for s in document["storymap"]["slides"] if s.get("media", {}).get("url")]
    image_url, alt = pictured["media"]["url"], pictured["media"]["alt"]
    where = pictured["location"]
    # The story's own image is answered here, so nothing leaves the machine.
    page.route(
        image_url, lambda route: route.fulfill(content_type="image/png", body=driver.png(40, 30))
    )
    page.goto(app_url + "/upload")
    driver.wait_for_app_idle(page)
    choose_files(page, ("kanrin-maru.json", fixture.read_bytes()))
    check_and_show(page)
    title = document["storymap"]["slides"][0]["text"]["headline"]
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("StoryMapJS: 3 places, 4 events")).to_be_visible()
    driver.wait_for_markers(page, 3)
    driver.zoom_to(page, where["lat"], where["lon"], 10)
    driver.click_place(page, where["lat"], where["lon"])
    driver.wait_for_panel(page, where["name"])
    image = page.locator(".place-panel figure.event-media img")
    expect(image).to_have_attribute("alt", alt)
    expect(image).to_have_attribute("src", image_url)
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth === 40", arg=image.element_handle()
    )
    assert all(driver.is_allowed_request(url, (image_url,)) for url in page.requests)

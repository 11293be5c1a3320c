"""The Your story page, run in-process: upload, report, the session's own story, the way back."""

from __future__ import annotations

import io
import re
import threading
import zipfile

from streamlit.testing.v1 import AppTest

from storymap import map_parts
from storymap.assets import STATIC_FOLDER
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.map_features import STORIES_FOLDER
from storymap.template import TEMPLATE_TITLE, template_files, template_zip
from storymap.ui import HELD_STORIES, UPLOADED_STORY_KEY
from storymap.upload import MAX_UPLOAD_BYTES
from tests.conftest import PROJECT_ROOT
from tests.test_pages import APP, html_of
from tests.test_upload import default_files

UPLOAD_PAGE = "pages/upload.py"


def upload_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.switch_page(UPLOAD_PAGE)
    app.run()
    assert not app.exception, app.exception
    return app


def upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    app.file_uploader(key="story_files").set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    app.run()
    check = next(button for button in app.button if button.label == "Check and show my story")
    check.click()
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_page_offers_the_template_and_explains_every_file():
    app = upload_page()
    labels = [button.proto.label for button in app.get("download_button")]
    assert "Download the template folder (zip)" in labels  # its bytes: tests/test_upload.py
    format_text = "\n".join(element.value for element in app.markdown)
    for name in ("places.csv", "events.csv", "sources.csv", "areas.geojson"):
        assert f"## `{name}`" in format_text
    assert "port-arthur-attack-1904,port-arthur,1904-02-08" in format_text  # an example row
    check = next(button for button in app.button if button.label == "Check and show my story")
    assert check.disabled  # nothing to check until files are chosen


def test_an_uploaded_zip_becomes_this_sessions_story_on_every_page():
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    # Straight to the map, with the story's own title, banner and places.
    assert [title.value for title in app.title] == [TEMPLATE_TITLE]
    html = html_of(app)
    assert f"You are viewing your own story: “{TEMPLATE_TITLE}”" in html
    assert f"<h2>{TEMPLATE_TITLE}</h2>" in html
    assert app.selectbox(key="place_select").options == ["Port Arthur", "Portsmouth"]
    assert "opens this view only in this tab" in html  # its link can't be shared
    # The tour steps through its three events. (AppTest reruns the page it last opened,
    # not the one the script switched to, so the test opens the map page itself.)
    app.switch_page("pages/map.py")
    app.run()
    next(button for button in app.button if button.label == "Start the tour").click()
    app.run()
    assert "Step 1 of 3" in html_of(app)
    assert "Japanese surprise attack on Port Arthur" in html_of(app)
    # The timeline and the data pages show it too.
    app.switch_page("pages/timeline.py")
    app.run()
    assert "Treaty of Portsmouth signed" in html_of(app)
    assert "Siege of Port Arthur" not in html_of(app)  # an event of the default story only
    app.switch_page("pages/sources.py")
    app.run()
    labels = [button.proto.label for button in app.get("download_button")]
    assert "Download the data folder (zip)" in labels
    assert len(app.dataframe[1].value) == 2  # its places


def test_the_way_back_restores_the_default_story(story):
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    app.switch_page("pages/map.py")
    app.run()
    next(button for button in app.button if button.label == "Back to the default story").click()
    app.run()
    assert "You are viewing your own story" not in html_of(app)
    assert len(app.selectbox(key="place_select").options) == len(story.places)


def test_an_upload_is_never_written_to_the_served_folder():
    stories = STATIC_FOLDER / STORIES_FOLDER
    before = sorted(stories.iterdir()) if stories.is_dir() else []
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    loaded = HELD_STORIES.get(app.session_state[UPLOADED_STORY_KEY])
    assert loaded.data_url is None and b'"private":' in loaded.private_map_data
    assert (sorted(stories.iterdir()) if stories.is_dir() else []) == before


def test_an_uploads_map_layers_are_made_for_its_reader_and_not_kept():
    # One reader: nothing to share, and its labels may be long (storymap.ui.map_view).
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    app.switch_page("pages/map.py")
    app.run()
    app.selectbox(key="place_select").select("port-arthur")
    app.run()
    assert not app.exception, app.exception
    story = HELD_STORIES.get(app.session_state[UPLOADED_STORY_KEY]).story
    assert story in map_parts.BASE_MAPS  # its map was drawn
    assert story not in map_parts.LAYERS


def test_another_session_never_sees_an_upload(story):
    upload(upload_page(), ("my-story-template.zip", template_zip()))
    other = AppTest.from_file(APP, default_timeout=30)
    other.run()
    assert "You are viewing your own story" not in html_of(other)
    assert len(other.selectbox(key="place_select").options) == len(story.places)


def test_uploaded_csv_files_with_a_bad_cell_get_the_report_and_no_story():
    files = default_files()
    files["places.csv"] = files["places.csv"].replace(b"43.080,-70.739", b"95,-70.739")
    app = upload(upload_page(), *files.items())
    assert app.error[0].value.startswith("Your story can't be shown: 1 problem.")
    assert app.code[0].value == "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    assert [title.value for title in app.title] == ["Your story"]  # still on this page
    assert "You are viewing your own story" not in html_of(app)


def test_an_oversized_upload_gets_a_report_not_a_crash():
    half = b"x" * (MAX_UPLOAD_BYTES // 2 + 1)
    app = upload(upload_page(), ("places.csv", half), ("events.csv", half))
    assert app.code[0].value == (
        "your upload:-: -: the files come to 20.0 MB; at most 20 MB can be uploaded at once"
    )


def test_the_data_zip_of_the_default_story_holds_its_files_as_they_are():
    from storymap.downloads import story_zip
    from storymap.storyfiles import FolderFiles

    with zipfile.ZipFile(io.BytesIO(story_zip(FolderFiles(DEFAULT_DATA_FOLDER), "t"))) as archive:
        assert {
            name.removeprefix("story/"): archive.read(name) for name in archive.namelist()
        } == default_files()
    assert set(template_files()) - {"README.txt"} == set(default_files())


def test_a_story_let_go_to_make_room_says_so_and_the_default_story_returns(story, monkeypatch):
    first = upload(upload_page(), ("my-story-template.zip", template_zip()))
    held = HELD_STORIES.get(first.session_state[UPLOADED_STORY_KEY])
    # Room for one story of this size, not two.
    monkeypatch.setattr(HELD_STORIES, "budget_bytes", held.held_bytes * 3 // 2)
    upload(upload_page(), ("my-story-template.zip", template_zip()))
    first.switch_page("pages/map.py")
    first.run()
    assert any(
        f"Your story “{TEMPLATE_TITLE}” was let go from the server's memory to make "
        "room for other visitors' stories" in warning.value
        for warning in first.warning
    )
    assert "You are viewing your own story" not in html_of(first)
    assert len(first.selectbox(key="place_select").options) == len(story.places)
    first.run()
    assert not first.warning  # said once


def test_a_visitor_whose_check_waits_too_long_is_asked_to_try_again(monkeypatch):
    from storymap import upload_check

    monkeypatch.setattr(upload_check, "DEFAULT_LIMITS", upload_check.Limits(wait_seconds=0.01))
    slots = threading.BoundedSemaphore(1)
    monkeypatch.setattr(upload_check, "_slots", slots)
    slots.acquire()  # another visitor's upload is being checked
    try:
        app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    finally:
        slots.release()
    # A limit of the server, not a problem in the files: no report to fix, no validate.
    assert [error.value for error in app.error] == [
        "Your story can't be shown: the server is busy checking other visitors' uploads; "
        "try again in a minute."
    ]
    assert not app.code
    assert [title.value for title in app.title] == ["Your story"]


def test_a_story_too_large_to_hold_is_refused_and_the_one_shown_stays(monkeypatch):
    app = upload(upload_page(), ("my-story-template.zip", template_zip()))
    shown = app.session_state[UPLOADED_STORY_KEY]
    monkeypatch.setattr(HELD_STORIES, "budget_bytes", 1)
    app.switch_page(UPLOAD_PAGE)
    app.run()
    upload(app, ("my-story-template.zip", template_zip()))
    assert app.error[0].value.startswith("Your story can't be shown: the story would take ")
    assert "more than it keeps for all visitors' stories together" in app.error[0].value
    assert app.session_state[UPLOADED_STORY_KEY] is shown
    assert HELD_STORIES.get(shown) is not None


INTERCHANGE = PROJECT_ROOT / "tests" / "fixtures" / "interchange"


def unescaped(markdown: str) -> str:
    """Text that markdown_literal escaped, as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_a_storymapjs_file_becomes_the_sessions_story_with_what_it_became():
    data = (INTERCHANGE / "storymapjs-basic.json").read_bytes()
    app = upload(upload_page(), ("kanrin-maru.json", data))
    assert [title.value for title in app.title] == ["The Kanrin Maru crosses the Pacific"]
    assert "You are viewing your own story" in html_of(app)
    assert app.selectbox(key="place_select").options == ["Honolulu", "San Francisco", "Uraga"]
    # Everything was carried over: one line says what the file became.
    # The file's name is the visitor's, so the line is escaped markdown: read it unescaped.
    captions = [unescaped(caption.value) for caption in app.caption]
    assert [caption for caption in captions if "Made from" in caption] == [
        "Made from kanrin-maru.json: StoryMapJS: 3 places, 4 events, 2 sources, 1 media. "
        "Everything was carried over."
    ]


def test_a_file_with_things_left_out_lists_them_under_the_banner():
    data = (INTERCHANGE / "storymapjs-messy.json").read_bytes()
    app = upload(upload_page(), ("messy.json", data))
    assert "You are viewing your own story" in html_of(app)
    (report,) = [e for e in app.expander if "left out or changed" in e.label]
    assert unescaped(report.label).startswith("Made from messy.json: StoryMapJS: 4 places")
    lines = report.code[0].value.splitlines()
    assert unescaped(report.label).endswith(
        f". {len(lines)} things were left out or changed: show them"
    )
    assert lines and all(line.startswith("messy.json:") for line in lines)
    assert any(": date: " in line and "Aug 23" in line for line in lines)


def test_a_json_file_of_no_known_format_is_refused_with_what_was_looked_for():
    app = upload(upload_page(), ("notes.json", b'{"hello": "world"}'))
    (error,) = app.error
    assert "notes.json" in app.code[0].value
    assert "StoryMapJS" in app.code[0].value and "none of the formats" in app.code[0].value
    assert "problem" in error.value

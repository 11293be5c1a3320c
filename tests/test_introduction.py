"""A story's title and introduction come from its own files: datapackage.json's title and
introduction.txt, for the article's story as for any other. Read, checked (a broken
introduction is reported by file and rule), and shown as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from storymap.__main__ import main
from storymap.load import DEFAULT_DATA_FOLDER, load_files, load_story
from storymap.loaded_story import loaded_story
from storymap.panel import intro_html
from storymap.report import DataError
from storymap.storyfiles import (
    INTRODUCTION_FILENAME,
    MAX_INTRODUCTION_BYTES,
    FolderFiles,
    MemoryFiles,
    folder_title,
    story_introduction,
)
from storymap.template import TEMPLATE_INTRODUCTION, TEMPLATE_TITLE, template_files
from storymap.upload import files_from_upload
from tests.test_pages import html_of, sidebar_of
from tests.test_upload_page import upload, upload_page

ARTICLE_TITLE = "Russia and Japan have fought before"
ARTICLE_INTRODUCTION = (DEFAULT_DATA_FOLDER / INTRODUCTION_FILENAME).read_text(encoding="utf-8")


def template_with(name: str, data: bytes | None) -> dict[str, bytes]:
    """The template's story files, with ``name`` replaced by ``data`` (or left out)."""
    files = {key: value for key, value in template_files().items() if key != "README.txt"}
    if data is None:
        files.pop(name)
    else:
        files[name] = data
    return files


# Read from the folder


def test_the_default_storys_title_and_introduction_are_its_folders():
    assert folder_title(DEFAULT_DATA_FOLDER) == ARTICLE_TITLE
    introduction = story_introduction(FolderFiles(DEFAULT_DATA_FOLDER))
    assert introduction is not None
    assert introduction.startswith("In November 2022 an article recalled the Russo-Japanese War")
    loaded = loaded_story(
        load_story(DEFAULT_DATA_FOLDER), FolderFiles(DEFAULT_DATA_FOLDER), ARTICLE_TITLE
    )
    assert loaded.introduction == introduction


def test_a_folder_without_a_title_or_an_introduction_is_named_by_the_folder(data_copy: Path):
    (data_copy / "datapackage.json").unlink()
    (data_copy / INTRODUCTION_FILENAME).unlink()
    (data_copy / "translations.csv").unlink()  # it translates the introduction
    story = load_story(data_copy)  # both are optional
    assert folder_title(data_copy) == "data"
    assert folder_title(data_copy / ".." / "data") == "data"
    assert story_introduction(FolderFiles(data_copy)) is None
    assert loaded_story(story, FolderFiles(data_copy), "data").introduction is None


@pytest.mark.parametrize(
    ("data", "introduction"),
    [
        (b"One line.\n", "One line."),
        (b"\xef\xbb\xbfAfter a byte-order mark.", "After a byte-order mark."),
        (b"First.\r\n\r\nSecond,\r\nin two lines.\r\n", "First.\n\nSecond,\nin two lines."),
        (b"Old Mac line ends.\rStill one paragraph.", "Old Mac line ends.\nStill one paragraph."),
        (b"  \n\t\n", None),  # blank: the same as no introduction
        (b"", None),
    ],
)
def test_the_introduction_is_read_as_plain_text(data, introduction):
    files = MemoryFiles("t", {INTRODUCTION_FILENAME: data})
    assert story_introduction(files) == introduction


def test_an_introduction_at_its_limit_loads():
    text = ("A sentence of the introduction. " * MAX_INTRODUCTION_BYTES)[:MAX_INTRODUCTION_BYTES]
    files = files_from_upload(list(template_with(INTRODUCTION_FILENAME, text.encode()).items()))
    load_files(files)  # raises if it is refused
    assert story_introduction(files) == text.strip()


# Checked: the report names the file, the line and the rule

OVER_THE_LIMIT = b"x" * (MAX_INTRODUCTION_BYTES + 1)


@pytest.mark.parametrize(
    ("data", "line", "rule"),
    [
        (
            OVER_THE_LIMIT,
            "introduction.txt:-: -: the file is 10,241 bytes; the limit is 10,240 bytes "
            "(10 KB), for a few paragraphs",
            "size",
        ),
        (
            "Written as UTF-16.".encode("utf-16"),
            "introduction.txt:-: -: the file is UTF-16 text; save it as UTF-8",
            "encoding",
        ),
        (
            b"PK\x03\x04\x00\x00 a document saved as a zip",
            "introduction.txt:-: -: this is a binary file, not text; save it as plain text",
            "encoding",
        ),
        (
            "First line.\n\nThird line, in Latin-1: café.".encode("latin-1"),
            "introduction.txt:3: -: byte 0xe9 is not UTF-8 text; save the file as UTF-8",
            "encoding",
        ),
        (
            b"First line.\n\x1b[31mRed text from a terminal.",
            "introduction.txt:2: -: the line holds the control character U+001B; an "
            "introduction is plain text",
            "text",
        ),
        (
            "A C1 control, \u0085, on line one.".encode(),
            "introduction.txt:1: -: the line holds the control character U+0085; an "
            "introduction is plain text",
            "text",
        ),
    ],
)
def test_a_broken_introduction_is_reported_by_file_line_and_rule(data_copy, data, line, rule):
    (data_copy / INTRODUCTION_FILENAME).write_bytes(data)
    with pytest.raises(DataError) as from_folder:
        load_story(data_copy)
    assert from_folder.value.report() == line
    assert [problem.rule for problem in from_folder.value.problems] == [rule]
    # An upload gets the same report, and the story is refused whole.
    uploads = template_with(INTRODUCTION_FILENAME, data)
    with pytest.raises(DataError) as from_upload:
        load_files(files_from_upload(list(uploads.items())))
    assert from_upload.value.report() == line
    # Never shown, even when asked for outside the loader.
    assert story_introduction(FolderFiles(data_copy)) is None


def test_the_validator_reports_a_broken_introduction(data_copy, capsys):
    (data_copy / INTRODUCTION_FILENAME).write_bytes(OVER_THE_LIMIT)
    assert main(["validate", str(data_copy)]) == 1
    assert capsys.readouterr().out.startswith("introduction.txt:-: -: the file is 10,241 bytes")


def test_an_unreadable_introduction_is_reported_not_raised():
    class Unreadable(MemoryFiles):
        def read(self, name: str) -> bytes | None:
            if name == INTRODUCTION_FILENAME:
                raise PermissionError(13, "Permission denied")
            return super().read(name)

    files = Unreadable("t", template_with(INTRODUCTION_FILENAME, b"x"))
    with pytest.raises(DataError) as caught:
        load_files(files)
    assert caught.value.report() == (
        "introduction.txt:-: -: the file can't be read (Permission denied); check that the "
        "app's user may read it"
    )


# Shown as plain text


def test_the_introduction_is_shown_in_paragraphs_under_the_title(story):
    featured = [place for place in story.places.values() if place.featured]
    html = intro_html(story, featured, "A title", "First paragraph,\nin two lines.\n \n\nSecond.")
    assert "<h2>A title</h2><p>First paragraph, in two lines.</p><p>Second.</p>" in html
    assert "Its featured places" not in html  # the introduction speaks of them, if it will
    assert f"{len(story.places)} places and {len(story.events)} events" in html


def test_without_an_introduction_the_featured_places_are_named(story):
    featured = [place for place in story.places.values() if place.featured]
    html = intro_html(story, featured, "A title")
    assert "<p>Its featured places: Port Arthur, Portsmouth, Kherson, Kuril Islands.</p>" in html


def test_markup_in_an_introduction_is_shown_as_written(story):
    written = '<b>bold</b> **not bold** [a link](javascript:alert(1)) <img src=x onerror="y">'
    html = intro_html(story, [], "<i>Title</i>", written)
    assert "<h2>&lt;i&gt;Title&lt;/i&gt;</h2>" in html
    assert "&lt;b&gt;bold&lt;/b&gt; **not bold** [a link](javascript:alert(1))" in html
    assert "<b>" not in html and "<img" not in html and "<i>" not in html


def test_the_template_has_a_title_and_an_introduction_of_its_own():
    files = MemoryFiles("t", template_files())
    assert story_introduction(files) == TEMPLATE_INTRODUCTION.strip()
    assert TEMPLATE_TITLE != ARTICLE_TITLE
    assert "Russia and Japan" not in TEMPLATE_INTRODUCTION


# An upload speaks for itself too


def test_an_upload_with_its_own_title_and_introduction_shows_them():
    files = template_with(INTRODUCTION_FILENAME, b"Our trip,\nday by day.\n\nSee <you> there.")
    files["datapackage.json"] = files["datapackage.json"].replace(
        f'"title": "{TEMPLATE_TITLE}"'.encode(), b'"title": "Our trip"'
    )
    app = upload(upload_page(), *files.items())
    assert [title.value for title in app.title] == ["Our trip"]
    html = html_of(app)
    assert "<h2>Our trip</h2><p>Our trip, day by day.</p><p>See &lt;you&gt; there.</p>" in html
    assert "You are viewing your own story: “Our trip”" in html
    app.switch_page("app.py")  # a whole run of the app, with its sidebar
    app.run()
    assert "“Our trip”: your own story, shown in this tab only." in sidebar_of(app)
    assert "<p>Our trip, day by day.</p>" in html_of(app)


def test_an_upload_with_a_broken_introduction_gets_the_report_and_no_story():
    files = template_with(INTRODUCTION_FILENAME, OVER_THE_LIMIT)
    app = upload(upload_page(), *files.items())
    assert app.error[0].value.startswith("Your story can't be shown: 1 problem.")
    assert app.code[0].value == (
        "introduction.txt:-: -: the file is 10,241 bytes; the limit is 10,240 bytes "
        "(10 KB), for a few paragraphs"
    )
    assert "You are viewing your own story" not in html_of(app)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"A \\ud800 title"', "A  title"),  # a lone surrogate: Streamlit cannot send it
        ('"Safe \\u202egnp.exe end"', "Safe gnp.exe end"),  # an override left open
        ('"Bell\\u0007 and NUL\\u0000"', "Bell and NUL"),
        ('"\\u202e"', None),  # nothing left to show: no title
    ],
)
def test_a_title_keeps_only_what_a_page_can_show(tmp_path, written, shown):
    from storymap.storyfiles import FolderFiles, package_title

    (tmp_path / "datapackage.json").write_text('{"title": ' + written + "}", encoding="utf-8")
    assert package_title(FolderFiles(tmp_path)) == shown

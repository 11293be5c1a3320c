"""The validator's report in the reader's language: the app's, for the default story and
for an upload, while the command line stays English.

A fake catalog (conftest's ``marked_catalog``) stands for the translators' work: it puts
every message it is asked for between « and », so a test sees which words went through
the catalog, and that the English is the same words without them.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storymap import schema, upload_check, values
from storymap.__main__ import main
from storymap.areas import area_from_feature
from storymap.i18n import speaking
from storymap.load import load_story
from storymap.report import DataError, Problem
from storymap.ui import stories
from storymap.upload_check import check_upload
from tests.conftest import PROJECT_ROOT
from tests.test_upload import zip_of
from tests.test_validation import break_folder, change, edit_areas, parametrize_cases


def unbracketed(message: str) -> str:
    assert message.startswith("«") and message.endswith("»"), message
    return message[1:-1]


def rows(problems: list[Problem]) -> list[tuple]:
    return [(p.file, p.line, p.column, p.rule, p.message) for p in problems]


def break_in_many_ways(folder: Path) -> None:
    """Problems from every part of the check: the CSV reader, the values, the dates, the
    rules between files, and areas.geojson."""
    change("places.csv", "43.080,-70.739", "95,-70.739")(folder)  # out of range
    change("places.csv", "46.635,32.617", "46.635,east")(folder)  # not a number
    change("events.csv", "1894-11-21", "1894-11-31")(folder)  # no such day
    change("sources.csv", "wp-battle-of-mukden,reference", "wp-battle-of-mukden,book")(folder)
    change("names.csv", ",ru,", ",Russian,")(folder)  # not a language code
    edit_areas(lambda features: features[0]["properties"].update(place_id="kamchatka"))(folder)
    (folder / "links.csv").write_text("from_event,to_event,type\na\n", encoding="utf-8")


def report_of(folder: Path, language: str) -> DataError:
    with speaking(language), pytest.raises(DataError) as raised:
        load_story(folder)
    return raised.value


# The default story's folder, checked in the language of the run.


@parametrize_cases()
def test_each_problem_is_reported_in_the_reader_language(
    data_copy, breakage, expected, marked_catalog
):
    file, line, column, rule, message = break_folder(data_copy, breakage, expected)
    # Its words through the catalog, its numbers as Russian writes them (1 000, not 1,000).
    russian = re.sub(r"(?<=\d),(?=\d{3})", "\u00a0", message)
    assert (file, line, column, rule, f"«{russian}»") in rows(report_of(data_copy, "ru").problems)


def test_the_same_check_in_english_gives_the_same_words_without_the_catalog(
    data_copy, marked_catalog
):
    break_in_many_ways(data_copy)
    russian, english = report_of(data_copy, "ru"), report_of(data_copy, "en")
    assert len(english.problems) >= 7
    assert {problem.rule for problem in english.problems} >= {
        "range",
        "type",
        "date",
        "choices",
        "pattern",
        "area",
        "width",
    }
    assert [
        (p.file, p.line, p.column, p.rule, unbracketed(p.message)) for p in russian.problems
    ] == rows(english.problems)
    assert "places.csv:3: lat: '95' is out of range: must be from -90 to 90" in english.report()
    assert "«" not in english.report()


def test_the_command_line_stays_english_with_a_catalog_installed(data_copy, marked_catalog, capsys):
    break_in_many_ways(data_copy)
    assert main(["validate", str(data_copy)]) == 1
    printed = capsys.readouterr().out
    assert "places.csv:3: lat: '95' is out of range: must be from -90 to 90" in printed
    assert "«" not in printed


def test_a_missing_folder_is_reported_in_the_reader_language(tmp_path, marked_catalog):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    for path, english in [
        (tmp_path / "nowhere", "the data folder does not exist; set STORYMAP_DATA to a folder"),
        (tmp_path / "a-file", "the data folder is a file, not a folder; set STORYMAP_DATA to"),
    ]:
        message = report_of(path, "uk").problems[0].message
        assert unbracketed(message).startswith(english)
        assert report_of(path, "en").problems[0].message == unbracketed(message)


def test_the_area_checks_speak_the_reader_language(marked_catalog):
    feature = {"type": "Feature", "properties": [], "geometry": {}}
    with speaking("zh"):
        _area, problems = area_from_feature(feature, {"port-arthur"})
    assert problems == [("properties", "«must be an object with id, place_id, name»")]
    feature = {
        "type": "Feature",
        "properties": {"id": "a", "place_id": "p", "name": "A", "from": 1900, "to": 1800},
        "geometry": {"type": "Point", "coordinates": [0, 0]},
    }
    with speaking("zh"):
        _area, problems = area_from_feature(feature, {"p"})
    assert problems == [
        (
            "geometry",
            "«the type must be one of LineString, MultiLineString, Polygon, MultiPolygon»",
        ),
        ("to", "«1800 is before the first year, 1900»"),
    ]


# The default story in the app: loaded once for everyone, its report in each reader's
# language.


def test_the_cached_report_is_made_for_each_language(data_copy, marked_catalog):
    break_in_many_ways(data_copy)
    folder, fingerprint = str(data_copy), stories._fingerprint(data_copy)
    with speaking("ja"):
        shared = stories._cached_story(folder, fingerprint)  # the first reader's
    assert isinstance(shared, DataError)
    english = stories._cached_report(folder, fingerprint, "en")
    russian = stories._cached_report(folder, fingerprint, "ru")
    assert english is not None and russian is not None
    assert english.report() == report_of(data_copy, "en").report()
    assert "«" not in english.report()
    assert [unbracketed(p.message) for p in russian.problems] == [
        p.message for p in english.problems
    ]
    # Checked once per language, then kept.
    assert stories._cached_report(folder, fingerprint, "ru") is russian


def test_the_app_shows_each_reader_the_report_in_their_language(
    data_copy, marked_catalog, monkeypatch
):
    change("places.csv", "43.080,-70.739", "95,-70.739")(data_copy)
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    english_line = "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    russian_line = "places.csv:3: lat: «'95' is out of range: must be from -90 to 90»"
    for language, line in [("ru", russian_line), ("en", english_line), ("ru", russian_line)]:
        app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
        app.query_params["ui"] = language
        app.run()
        assert not app.exception
        assert line in app.code[0].value.splitlines()


# An upload, checked in a worker process for the reader who sent it.


def broken_upload() -> bytes:
    folder = Path(PROJECT_ROOT / "data")
    files = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    files["places.csv"] = files["places.csv"].replace(b"43.080,-70.739", b"95,-70.739")
    files["events.csv"] = files["events.csv"].replace(b"1894-11-21", b"1894-11-31")
    return zip_of({f"story/{name}": data for name, data in files.items()})


def test_an_upload_is_reported_to_each_reader_in_their_language(marked_catalog):
    data = broken_upload()
    reports: dict[str, DataError] = {}
    steps: dict[str, list[str]] = {"ja": [], "en": []}

    def check(language: str) -> None:
        def progress(step: str, number: int, total: int) -> None:
            steps[language].append(step)

        with speaking(language):
            result = check_upload([("story.zip", data)], progress)
        assert isinstance(result, DataError)
        reports[language] = result

    readers = [threading.Thread(target=check, args=(language,)) for language in ("ja", "en")]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=120)
    japanese, english = reports["ja"], reports["en"]
    assert {p.rule for p in english.problems} == {"range", "date"}
    assert "«" not in english.report()
    assert [unbracketed(p.message) for p in japanese.problems] == [
        p.message for p in english.problems
    ]
    assert "«Reading places.csv»" in steps["ja"] and "Reading places.csv" in steps["en"]


def test_the_reader_language_reaches_the_worker_as_its_argument(marked_catalog, monkeypatch):
    work = upload_check._work

    def work_in_english_unless_told(connection, uploads, memory_mb, language):
        # Whatever the worker inherits from the server, only its argument can make it
        # speak another language than English.
        with speaking("en"):
            work(connection, uploads, memory_mb, language)

    monkeypatch.setattr(upload_check, "_work", work_in_english_unless_told)
    result = check_upload([("story.zip", broken_upload())], language="ja")
    assert isinstance(result, DataError)
    assert all(p.message.startswith("«") for p in result.problems)


def test_a_refusal_of_the_server_speaks_the_reader_language(marked_catalog, monkeypatch):
    monkeypatch.setattr(upload_check, "_slots", threading.BoundedSemaphore(1))
    upload_check._slots.acquire()  # another visitor's check is running
    limits = upload_check.Limits(wait_seconds=0.01)
    with speaking("uk"):
        refused = check_upload([("story.zip", b"")], limits=limits)
    assert isinstance(refused, DataError)
    assert refused.problems[0].message == (
        "«the server is busy checking other visitors' uploads; try again in a minute»"
    )


# The words the data format's documentation prints from the schema.


def test_the_rules_in_words_speak_the_reader_language(marked_catalog):
    latitude = schema.PLACES.column("lat")
    identifier = schema.PLACES.column("id")
    assert latitude.rule_in_words() == "required; a number; from -90 to 90"
    with speaking("ru"):
        assert latitude.rule_in_words() == "«required»; «a number»; «from -90 to 90»"
        assert identifier.rule_in_words().endswith(f"; «{identifier.pattern_rule}»")
        assert schema.EVENTS.column("display_date").rule_in_words() == ("«at most 80 characters»")


def test_every_pattern_rule_has_its_whole_sentence_of_a_problem():
    for table in schema.TABLES:
        for column in table.columns:
            if column.pattern:
                rule = column.pattern_rule
                assert rule in values.PATTERN_PROBLEMS, (table.name, column.name)
                assert values.PATTERN_PROBLEMS[rule] == "'{value}' is not " + rule


def test_conditions_written_out_say_what_the_schema_says():
    assert schema.QUOTED_SOURCE_KIND in (schema.EVENTS.column("quote").condition or "")
    media_alt = schema.EVENTS.column("media_alt").condition or ""
    assert all(suffix in media_alt for suffix in schema.IMAGE_SUFFIXES)
    assert all(host in media_alt for host in schema.IMAGE_HOSTS)

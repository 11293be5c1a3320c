"""Whatever is uploaded, the upload becomes a story or a report of its problems.

Property-based: Hypothesis draws uploads (random bytes, random zips, CSV files bent out
of shape from the template, random GeoJSON) and each must end, within a few seconds, in
a Story or a DataError, never another exception. A DataError's problems each name a
file, a line and a column, and say something short: no traceback, no multi-kilobyte
value quoted back. The upload is read as the Your story page reads it: the files of the
upload, then the story, then its title.
"""

from __future__ import annotations

import io
import json
import math
import re
import signal
import struct
import zipfile
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storymap.load import load_files
from storymap.model import Story
from storymap.report import WHOLE_FILE, DataError
from storymap.storyfiles import STORY_FILENAMES, package_title, story_introduction
from storymap.upload import files_from_upload
from tests.strategies import (
    AREAS,
    PACKAGE,
    TEMPLATE,
    compact,
    equivalent_stories,
    flipped_zips,
    geojson_texts,
    ids_of,
    mutated_stories,
    random_bytes,
    random_zips,
    upload_names,
    with_file,
    zip_bytes,
)

# Generous: the template loads in well under 0.1 s. Hypothesis's deadline is wall time; the
# budget below stops an example that runs away (a regular expression that backtracks,
# say) so that the run goes on to report it instead of hanging.
DEADLINE_MS = 5_000
BUDGET_SECONDS = 5
MAX_PROBLEM_CHARACTERS = 1_000  # a line of the report; a value quoted in it is shortened

# A failure that is slow to reproduce is slow to shrink too: Hypothesis gives up shrinking
# after five minutes, and pytest-timeout must not stop it first.
pytestmark = pytest.mark.timeout(900)

properties = settings(
    max_examples=100,
    deadline=DEADLINE_MS,
    database=None,  # no saved examples: each run draws afresh, the @examples pin the known
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


class OverBudgetError(AssertionError):
    """An example took more than its budget of processor time."""


@contextmanager
def cpu_budget(seconds: float):
    """Raise OverBudgetError in the code under test once it has used ``seconds`` of CPU.

    Processor time (SIGPROF), not the wall clock: pytest-timeout owns SIGALRM.
    """
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise OverBudgetError(f"the example took more than {seconds} s of processor time")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def outcome(uploads: list[tuple[str, bytes]]) -> Story | DataError:
    """The upload read as the page reads it; any exception but DataError propagates."""
    with cpu_budget(BUDGET_SECONDS):
        try:
            files = files_from_upload(uploads)
            story = load_files(files)
            title = package_title(files)
            introduction = story_introduction(files)
        except DataError as error:
            check_report(error)
            return error
    assert isinstance(story, Story)
    assert title is None or isinstance(title, str)
    assert introduction is None or (isinstance(introduction, str) and introduction.strip())
    return story


def check_report(error: DataError) -> None:
    assert error.problems, "a DataError with no problems"
    for problem in error.problems:
        assert isinstance(problem.file, str) and problem.file, problem
        line = problem.line
        assert (
            (isinstance(line, int) and not isinstance(line, bool) and line >= 1)
            or line == WHOLE_FILE
            or (isinstance(line, str) and re.fullmatch(r"feature [1-9]\d*", line))
        ), line
        assert isinstance(problem.column, str) and problem.column, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        text = str(problem)
        assert "Traceback" not in text and not re.search(r'File ".*", line \d+', text), text
        assert len(text) <= MAX_PROBLEM_CHARACTERS, (
            f"a problem of {len(text):,} characters: {text[:200]!r}…"
        )


# --- 1. Random bytes as any file of an upload --------------------------------------------

DEEP_JSON = compact(b"[" * 100_000)


@properties
@given(name=st.sampled_from([*STORY_FILENAMES]), data=random_bytes)
@example(name=AREAS, data=DEEP_JSON)
@example(name=PACKAGE, data=DEEP_JSON)
@example(name="places.csv", data=b"")
def test_random_bytes_as_a_story_file_are_a_story_or_a_report(name, data):
    outcome(with_file(name, data))


@properties
@given(data=random_bytes)
@example(data=b"")
@example(data=b"PK\x05\x06" + bytes(18))  # an empty zip
def test_random_bytes_as_a_zip_are_refused_with_a_report(data):
    assert isinstance(outcome([("story.zip", data)]), DataError)


@properties
@given(
    uploads=st.lists(
        st.tuples(
            upload_names, st.one_of(random_bytes, st.sampled_from(sorted(TEMPLATE.values())))
        ),
        max_size=4,
    )
)
@example(uploads=[("", b"")])  # a file without a name
@example(uploads=compact([(" " * 60_000 + ".zip", b"PK")]))
@example(uploads=compact([("x" * 60_000 + ".zip", b"PK"), ("places.csv", b"")]))
def test_any_names_and_bytes_uploaded_together_are_a_story_or_a_report(uploads):
    outcome(uploads)


# --- 2. Random zips ------------------------------------------------------------------------


def template_zip_with(*entries: tuple[str, bytes]) -> bytes:
    """The template's files at the top of a zip, after the given entries."""
    return compact(
        zip_bytes(
            [(name, data, zipfile.ZIP_STORED) for name, data in entries]
            + [(name, data, zipfile.ZIP_DEFLATED) for name, data in TEMPLATE.items()]
        )
    )


@properties
@given(data=random_zips())
@example(data=template_zip_with((" " * 60_000, b"x")))
@example(data=template_zip_with(("places" + " " * 60_000 + ".csv", b"x")))
@example(data=template_zip_with(("../places.csv", b"x"), ("/places.csv", b"y")))
@example(data=template_zip_with(("places.csv", b"id\n")))  # places.csv twice
@example(data=template_zip_with(("", b"")))  # an entry without a name
def test_a_zip_of_random_entries_is_a_story_or_a_report(data):
    outcome([("story.zip", data)])


def broken_deflate_zip() -> bytes:
    """The template as a zip whose places.csv starts with a deflate block of no valid type."""
    data = bytearray(template_zip_with())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entry = archive.getinfo("places.csv")
    header = entry.header_offset
    name_length, extra_length = struct.unpack("<HH", data[header + 26 : header + 30])
    data[header + 30 + name_length + extra_length] = 0x07  # final block of type 3: reserved
    return compact(bytes(data))


def local_name_too_long_zip() -> bytes:
    """The template as a zip whose places.csv header claims a name 600 bytes longer."""
    data = bytearray(template_zip_with())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        header = archive.getinfo("places.csv").header_offset
    (name_length,) = struct.unpack("<H", data[header + 26 : header + 28])
    data[header + 26 : header + 28] = struct.pack("<H", name_length + 600)
    return compact(bytes(data))


@properties
@given(data=flipped_zips())
@example(data=broken_deflate_zip())
@example(data=local_name_too_long_zip())
def test_a_zip_with_bytes_changed_is_a_story_or_a_report(data):
    outcome([("story.zip", data)])


# --- 3. CSV files bent out of shape ---------------------------------------------------------


def template_with(name: str, old: bytes, new: bytes) -> list[tuple[str, bytes]]:
    """The template's files, with the first ``old`` of file ``name`` made ``new``."""
    assert old in TEMPLATE[name]
    return with_file(name, TEMPLATE[name].replace(old, new, 1))


@properties
@given(uploads=equivalent_stories())
@example(uploads=compact(list(TEMPLATE.items())))
def test_the_template_written_another_way_is_the_same_valid_story(uploads):
    story = outcome(uploads)
    assert isinstance(story, Story), story.report()
    files = dict(uploads)
    assert set(story.places) == set(ids_of("places.csv", files["places.csv"]))
    assert set(story.events_by_id) == set(ids_of("events.csv", files["events.csv"]))
    assert set(story.sources) == set(ids_of("sources.csv", files["sources.csv"]))


@properties
@given(uploads=mutated_stories())
@example(uploads=template_with("events.csv", b"1904-02-08", b"9" * 5000))  # a date
@example(uploads=template_with("sources.csv", b"2022-11", b"x" * 3000))  # a published date
def test_csv_files_bent_out_of_shape_are_a_story_or_a_report(uploads):
    result = outcome(uploads)
    if isinstance(result, Story):
        files = dict(uploads)
        assert set(result.places) == set(ids_of("places.csv", files["places.csv"]))


# --- 4. Random GeoJSON ---------------------------------------------------------------------

# How deep each geometry's positions are nested (RFC 7946, section 3.1).
POSITION_DEPTHS = {"LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4}


def is_position(value) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(number, (int, float))
            and not isinstance(number, bool)
            and math.isfinite(number)
            for number in value
        )
        and -180 <= value[0] <= 180
        and -90 <= value[1] <= 90
    )


def nested_positions(value, depth: int) -> bool:
    """Whether ``value`` is lists nested ``depth`` deep with a position at every end."""
    if depth == 1:
        return is_position(value)
    return (
        isinstance(value, list)
        and bool(value)
        and all(nested_positions(item, depth - 1) for item in value)
    )


def template_areas(text_from: str, text_to: str) -> str:
    text = TEMPLATE[AREAS].decode("utf-8")
    assert text_from in text
    return compact(text.replace(text_from, text_to, 1))


def without_ring_level() -> str:
    """The template's Polygon with its positions straight under coordinates, not in a ring."""
    document = json.loads(TEMPLATE[AREAS])
    geometry = document["features"][0]["geometry"]
    assert geometry["type"] == "Polygon"
    geometry["coordinates"] = geometry["coordinates"][0]
    return compact(json.dumps(document, indent=1))


@properties
@given(text=geojson_texts())
@example(text=compact(DEEP_JSON.decode()))
@example(text=template_areas('"from": 1898', '"from": ' + "9" * 5000))
@example(text=without_ring_level())
def test_random_geojson_is_a_story_with_well_formed_areas_or_a_report(text):
    result = outcome(with_file(AREAS, text.encode("utf-8")))
    if isinstance(result, Story):
        for area in result.areas:
            geometry = area.geometry
            assert geometry.get("type") in POSITION_DEPTHS, geometry
            assert nested_positions(
                geometry.get("coordinates"), POSITION_DEPTHS[geometry["type"]]
            ), geometry
            for year in (area.year_from, area.year_to):
                assert year is None or (isinstance(year, int) and not isinstance(year, bool))

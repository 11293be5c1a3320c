"""What one upload may cost the server: each hostile case found, answered within its limit.

The checks run in a worker process with a memory cap and a time limit; what reaches the
server is a story or a short report. These tests pin the limits' behaviour (where a
file stops being read, what a worker that breaks a limit answers), and the bounds on
work that used to grow with the square of the input.
"""

from __future__ import annotations

import gc
import io
import json
import struct
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from storymap import schema, story_cache, upload, upload_check
from storymap.csvfile import read_csv
from storymap.held_stories import HeldStories, budget_from_environment
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.report import MAX_PROBLEMS, DataError
from storymap.storyfiles import MAX_PACKAGE_BYTES, STORY_FILENAMES, MemoryFiles, package_title
from storymap.synth import write_synthetic_story
from storymap.template import TEMPLATE_TITLE, template_zip
from storymap.upload import (
    MAX_NAME_CHARACTERS,
    MAX_ZIP_ENTRIES,
    check_upload_sizes,
    files_from_upload,
    meant_name,
)
from storymap.upload_check import CheckedUpload, Limits, check_upload
from tests.test_upload import zip_of

PLACES_HEADER = b"id,name,lat,lon,role,today,location_note\n"


def only_problem(error: DataError):
    assert len(error.problems) == 1, error.report()
    return error.problems[0]


# Finding 1: a zip entry's name froze the server (a pattern that backtracks on spaces).


class CountingPattern:
    """Wraps the copy-name pattern, keeping the length of every name it is given."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.lengths: list[int] = []

    def match(self, text: str):
        self.lengths.append(len(text))
        return self.pattern.match(text)


def test_no_name_longer_than_a_story_files_reaches_the_copy_name_pattern(monkeypatch):
    counting = CountingPattern(upload._COPY_MARK)
    monkeypatch.setattr(upload, "_COPY_MARK", counting)
    spaces = "places" + " " * 65_000 + "(1).csv"
    data = zip_of({spaces: b"x", "story/places (1).csv": b"x", "story/events.csv": b"x"})
    with pytest.raises(DataError) as raised:
        files_from_upload([("story.zip", data)])
    assert "rename it places.csv" in raised.value.report()
    assert meant_name(spaces) is None
    assert counting.lengths and max(counting.lengths) <= MAX_NAME_CHARACTERS


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("places (1).csv", "places.csv"),
        ("Events - Copy.CSV", "events.csv"),
        ("sources-2.csv", "sources.csv"),
        ("places.csv", None),
        ("p" * (MAX_NAME_CHARACTERS + 1) + ".csv", None),
    ],
)
def test_copy_names_are_still_recognised(name, meant):
    assert meant_name(name) == meant


# Zip entries counted before the zip's list of files is read, folders and ignored ones too.


def test_a_zip_of_fifteen_thousand_entries_is_refused_by_its_count():
    entries = {f"__MACOSX/f{number}": b"" for number in range(15_009)}
    entries["story/places.csv"] = b"x"
    with pytest.raises(DataError) as raised:
        files_from_upload([("many.zip", zip_of(entries))])
    assert only_problem(raised.value).message.startswith(
        f"the zip holds 15,010 files or folders; a story needs at most {len(STORY_FILENAMES)}, "
        "and at most "
        f"{MAX_ZIP_ENTRIES:,} are read"
    )


def test_a_zip_that_understates_its_count_is_refused_by_what_it_holds():
    data = bytearray(zip_of({f"story/f{number}.txt": b"" for number in range(1_500)}))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # "1 entry", on both counts
    with pytest.raises(DataError) as raised:
        files_from_upload([("lying.zip", bytes(data))])
    assert "the zip holds 1,500 files or folders" in only_problem(raised.value).message


def test_a_zip_whose_list_of_files_is_over_a_megabyte_is_refused_before_it_is_read():
    data = zip_of({f"story/{'n' * 20_000}{number}.csv": b"" for number in range(60)})
    with pytest.raises(DataError) as raised:
        files_from_upload([("long-names.zip", data)])
    assert (
        "the zip's list of files takes 1.1 MB; at most 1 MB is read"
        in only_problem(raised.value).message
    )


def test_sizes_are_checked_before_any_file_is_read():
    with pytest.raises(DataError) as raised:
        check_upload_sizes([("places.csv", 15 * 2**20), ("events.csv", 6 * 2**20)])
    assert "the files come to 21.0 MB; at most 20 MB" in only_problem(raised.value).message


def test_the_page_checks_sizes_without_reading_the_files():
    from storymap.ui import load_upload

    class Unread:
        name, size = "places.csv", 21 * 2**20

        def getvalue(self) -> bytes:
            raise AssertionError("read before its size was checked")

    result = load_upload([Unread()])
    assert isinstance(result, DataError)
    assert "at most 20 MB can be uploaded at once" in only_problem(result).message


# Finding 2: the unzipped limit capped bytes, not memory.


def peak_memory(function) -> tuple[object, int]:
    assert story_cache.stop_writers(30)  # their allocations would count as the function's
    gc.collect()
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_million_bad_rows_stop_being_read_at_the_problem_limit_in_little_memory():
    data = PLACES_HEADER + b"a\n" * 1_000_000
    (rows, problems), peak = peak_memory(
        lambda: read_csv(MemoryFiles("t", {"places.csv": data}), schema.PLACES)
    )
    assert rows is None and len(problems) == MAX_PROBLEMS
    assert str(problems[-1]) == (
        "places.csv:1001: -: 1,000 problems or more; stopped reading places.csv at line 1,001"
    )
    assert peak < 5 * 2**20  # was 364 MiB: one problem kept per line of the file


def test_rows_past_a_files_limit_are_not_read_from_an_upload():
    rows = b"".join(b"p-%d,P,1,1,context,,\n" % number for number in range(10_005))
    files = MemoryFiles("t", {"places.csv": PLACES_HEADER + rows})
    (result, problems), peak = peak_memory(
        lambda: read_csv(files, schema.PLACES, schema.PLACES.max_rows)
    )
    assert result is None
    assert str(problems[-1]) == (
        "places.csv:10002: -: the file has more than 10,000 rows, "
        "the most an uploaded story's places.csv may have; stopped "
        "reading places.csv at line 10,002"
    )
    # A folder on the server is its operator's: read whole.
    assert len(read_csv(files, schema.PLACES)[0].rows) == 10_005


# The worker: a story or a report, within its limits, and the server unaffected.


@pytest.fixture(scope="module")
def large_story_zip(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("large")
    write_synthetic_story(folder, 2_000, 2)
    return zip_of({f"story/{path.name}": path.read_bytes() for path in folder.iterdir()})


def test_a_valid_upload_comes_back_whole_from_the_worker():
    steps = []
    result = check_upload(
        [("my-story.zip", template_zip())], progress=lambda step, number, total: steps.append(step)
    )
    assert isinstance(result, CheckedUpload)
    assert result.title == TEMPLATE_TITLE
    assert set(result.story.places) == {"port-arthur", "portsmouth"}
    assert steps[0] == "Reading places.csv" and steps[-1] == "Reading areas.geojson"
    assert b'"private":' in result.map_data and result.held_bytes > result.size > 0


def test_the_worker_gives_the_default_story_exactly_as_the_loader_does():
    folder = Path(DEFAULT_DATA_FOLDER)
    data = zip_of(
        {f"story/{path.name}": path.read_bytes() for path in folder.iterdir() if path.is_file()}
    )
    result = check_upload([("story.zip", data)])
    assert isinstance(result, CheckedUpload)
    assert result.story == load_story(folder)


def test_a_report_comes_back_as_the_loader_gives_it():
    data = zip_of({"places.csv": PLACES_HEADER + b"a\n" * 3})
    result = check_upload([("bad.zip", data)])
    assert isinstance(result, DataError)
    assert "places.csv:2: -: the row has 1 cells, the header has 7" in result.report()


def test_a_worker_over_its_memory_cap_is_ended_and_says_so():
    # 45 MB of rows: more than the worker can find free in the memory it starts with.
    rows = b"".join(b"p-%d,P,1,1,context,%s,\n" % (number, b"t" * 9_000) for number in range(5_000))
    heavy = zip_of({"places.csv": PLACES_HEADER + rows, "events.csv": b"", "sources.csv": b""})
    result = check_upload([("heavy.zip", heavy)], limits=Limits(memory_mb=4))
    assert isinstance(result, DataError)
    problem = only_problem(result)
    assert problem.rule == "memory"
    assert problem.message.startswith("checking the upload needed more than 4 MB of memory")


def test_a_worker_over_its_time_limit_is_ended_and_says_so(large_story_zip):
    result = check_upload([("large.zip", large_story_zip)], limits=Limits(seconds=0.05))
    assert isinstance(result, DataError)
    assert only_problem(result).rule == "time"


def test_a_visitor_who_must_wait_is_told_and_then_asked_to_retry(monkeypatch):
    slots = threading.BoundedSemaphore(1)
    monkeypatch.setattr(upload_check, "_slots", slots)
    told = []
    slots.acquire()  # another visitor's check is running
    try:
        result = check_upload(
            [("t.zip", template_zip())],
            on_wait=lambda: told.append(1),
            limits=Limits(wait_seconds=0.01),
        )
    finally:
        slots.release()
    assert told == [1]
    assert isinstance(result, DataError) and only_problem(result).rule == "busy"


def test_the_server_holds_only_the_report_of_a_hostile_upload():
    data = zip_of({"places.csv": PLACES_HEADER + b"a\n" * 1_000_000})
    result, peak = peak_memory(lambda: check_upload([("bad.zip", data)]))
    assert isinstance(result, DataError) and len(result.problems) == MAX_PROBLEMS
    assert peak < 8 * 2**20  # the zip (4 KB), the pickled report; never the rows


# Stories held in sessions: one budget for all.


def test_the_least_recently_used_story_is_dropped_to_make_room():
    held = HeldStories(budget_bytes=100)
    first = held.hold("first", 40, "First")
    second = held.hold("second", 40, "Second")
    assert held.get(first) == "first"  # now the most recently used
    third = held.hold("third", 40, "Third")
    assert second.dropped and held.get(second) is None
    assert not first.dropped and held.get(first) == "first" and held.get(third) == "third"
    assert held.total_bytes == 80


def test_a_story_larger_than_the_whole_budget_is_not_held():
    assert HeldStories(budget_bytes=100).hold("huge", 101, "Huge") is None


def test_a_story_is_let_go_when_its_session_lets_go_of_the_ticket():
    held = HeldStories(budget_bytes=100)
    ticket = held.hold("story", 10, "Story")
    assert len(held) == 1
    del ticket
    gc.collect()
    assert len(held) == 0 and held.total_bytes == 0


def test_a_ticket_that_goes_while_the_lock_is_held_deadlocks_nothing():
    # A session's ticket sits in reference cycles, and goes when the collector runs, at
    # any allocation: in the middle of hold() too, whose lock the same thread then holds.
    held = HeldStories(budget_bytes=100)

    def ticket_goes_inside_hold() -> None:
        ticket = held.hold("story", 10, "Story")
        with held._lock:
            del ticket  # as the collector would let it go there

    worker = threading.Thread(target=ticket_goes_inside_hold, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "hold() waits forever for its own lock"
    assert len(held) == 0 and held.total_bytes == 0


@pytest.mark.parametrize(
    ("environ", "megabytes"),
    [
        ({}, 500),
        ({"STORYMAP_UPLOADS_MB": "64"}, 64),
        ({"STORYMAP_UPLOADS_MB": "lots"}, 500),
    ],
)
def test_the_budget_comes_from_the_environment(environ, megabytes):
    assert budget_from_environment(environ) == megabytes * 2**20


# datapackage.json: read for its title only, and never parsed when it is large or deep.


@pytest.mark.parametrize(
    ("content", "title"),
    [
        (b'{"title": "Mine"}', "Mine"),
        (b'{"title": "Mine", "x": "' + b"y" * MAX_PACKAGE_BYTES + b'"}', None),
        (b"[" * 100_000, None),
        (b'{"title": 1' + b"0" * 5_000 + b"}", None),
    ],
)
def test_a_datapackage_gives_its_title_within_bounds(content, title):
    assert package_title(MemoryFiles("t", {"datapackage.json": content})) == title


def test_a_report_past_the_limit_lists_the_first_problems_and_then_how_many_more():
    data = zip_of(
        {"places.csv": PLACES_HEADER + b"a\n" * 2_000, "events.csv": b"x\n", "sources.csv": b"x\n"}
    )
    result = check_upload([("bad.zip", data)])
    assert isinstance(result, DataError) and result.total > MAX_PROBLEMS
    assert len(result.problems) == MAX_PROBLEMS
    assert str(result.problems[-1]) == (
        f"-:-: -: and {result.total - MAX_PROBLEMS + 1:,} more "
        "problems, not listed; fix the ones above first"
    )
    assert result.problems[0].file == "events.csv"


def test_a_zip_bomb_that_understates_its_size_is_unpacked_a_megabyte_at_a_time():
    data = bytearray(zip_of({"places.csv": bytes(100 * 2**20)}))
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, 22, 1_000)  # the local header's unpacked size: 1 KB
    struct.pack_into("<I", data, central + 24, 1_000)  # and the central header's
    raised, peak = peak_memory(
        lambda: pytest.raises(DataError, files_from_upload, [("bomb.zip", bytes(data))])
    )
    assert "places.csv can't be unzipped (Bad CRC-32" in only_problem(raised.value).message
    assert peak < 10 * 2**20  # one read of the 60 MB limit unpacked 60 MB first


# Found by attacking the upload path.


def test_an_unterminated_string_in_areas_is_scanned_once():
    from storymap.areas import _STRINGS

    text = '"' + '\\"' * 50_000  # each quote used to start a scan to the end of the text
    assert [match.span() for match in _STRINGS.finditer(text)] == [(0, len(text))]


def test_blank_rows_count_toward_an_uploads_row_limit():
    files = MemoryFiles("t", {"places.csv": PLACES_HEADER + b",\n" * 1_000})
    rows, problems = read_csv(files, schema.PLACES, 100)
    assert rows is None
    assert str(problems[-1]) == (
        "places.csv:102: -: the file has more than 100 blank rows, "
        "the most an uploaded story's places.csv may have; stopped "
        "reading places.csv at line 102"
    )


def test_a_header_of_a_million_columns_is_one_problem():
    files = MemoryFiles("t", {"places.csv": b"," * 1_000_000 + b"\n"})
    rows, problems = read_csv(files, schema.PLACES)
    assert rows is None and len(problems) == 1
    assert problems[0].message.startswith("the header has 1,000,001 cells; the columns are id,")


def test_areas_stop_at_their_limit_of_positions():
    from storymap.areas import MAX_AREA_POSITIONS, read_areas

    line = {
        "type": "Feature",
        "properties": {"id": "a", "place_id": "p", "name": "A"},
        "geometry": {"type": "LineString", "coordinates": [[0, 0]] * (MAX_AREA_POSITIONS + 1)},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [line]}).encode()
    areas, problems = read_areas(MemoryFiles("t", {"areas.geojson": data}), None)
    assert areas == []
    assert problems[-1].message == (
        f"more than {MAX_AREA_POSITIONS:,} positions in "
        "areas.geojson; stopped at feature 1 (line 1)"
    )


def test_a_worker_whose_own_memory_passes_the_cap_is_ended(monkeypatch):
    # The address-space cap counts from the server's size, free space included: the
    # server also watches what the worker really takes.
    monkeypatch.setattr(upload_check, "_private_bytes", lambda pid: 2**40)
    monkeypatch.setattr(upload_check, "_WATCH_SECONDS", 0)
    rows = b"".join(b"p-%d,P,1,1,context,,\n" % number for number in range(200_000))
    result = check_upload([("slow.zip", zip_of({"places.csv": PLACES_HEADER + rows}))])
    assert isinstance(result, DataError) and only_problem(result).rule == "memory"


def zip64_of(entries: dict[str, bytes], claimed_entries: int) -> bytes:
    """A zip whose Zip64 end record claims ``claimed_entries`` entries."""
    data = zip_of(entries)
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack_from("<II", data, end + 12)
    record = struct.pack(
        "<4sQHHIIQQQQ",
        b"PK\x06\x06",
        44,
        45,
        45,
        0,
        0,
        claimed_entries,
        claimed_entries,
        size,
        offset,
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    classic = bytearray(data[end:])
    struct.pack_into("<HH", classic, 8, 0xFFFF, 0xFFFF)
    return data[:end] + record + locator + bytes(classic)


def test_a_zip64_end_record_is_held_to_the_same_limits():
    data = zip64_of({"story/places.csv": b"x"}, claimed_entries=70_000)
    with pytest.raises(DataError) as raised:
        files_from_upload([("zip64.zip", data)])
    assert "the zip holds 70,000 files or folders" in only_problem(raised.value).message


def test_an_entry_with_kilobytes_of_extra_data_is_refused_before_the_list_is_read():
    info = zipfile.ZipInfo("story/places.csv")
    info.extra = struct.pack("<HH", 0x9999, 4_000) + b"x" * 4_000
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(info, b"x")
    with pytest.raises(DataError) as raised:
        files_from_upload([("extra.zip", output.getvalue())])
    assert "carries more than 1,024 bytes of extra data" in only_problem(raised.value).message


def test_a_zip_of_a_version_python_cannot_read_is_reported_as_such():
    data = bytearray(zip_of({"story/places.csv": b"x"}))
    entry = data.rfind(b"PK\x01\x02")
    struct.pack_into("<H", data, entry + 6, 64)  # needs version 6.4 to extract
    with pytest.raises(DataError) as raised:
        files_from_upload([("new.zip", bytes(data))])
    assert only_problem(raised.value).message.startswith("the file is not a zip that can be read")


def test_areas_that_open_too_many_lists_are_refused_before_they_are_parsed():
    from storymap.areas import MAX_AREA_CONTAINERS, read_areas

    data = b'{"type": "FeatureCollection", "features": [' + b"[0,0]," * 500_000 + b"[0,0]]}"
    (areas, problems), peak = peak_memory(
        lambda: read_areas(MemoryFiles("t", {"areas.geojson": data}), None)
    )
    assert areas == [] and [problem.message for problem in problems] == [
        f"the file opens 500,003 lists and objects; at most {MAX_AREA_CONTAINERS:,} are "
        "read, enough for 250,000 positions in 10,000 features"
    ]
    assert peak < 4 * len(data)  # parsed, it took some 40 times its size

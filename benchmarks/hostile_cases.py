"""Hostile uploads for ``make bench-hostile``, each built in memory as (file name, bytes).

Every case is one upload of the Your story page. Most stay within the limits a visitor
is told of (20 MB per upload; a zip at most 60 MB and 1,000 files unzipped) and attack
what the checking does with what it reads; the zip of 15,009 files and the zip bombs
break those limits, to time the refusal. The last cases are other tools' files
(StoryMapJS, GeoJSON), which the check imports as a story first. The template, a small
valid story, is the control.
"""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
from collections.abc import Callable

from storymap import schema
from storymap.storyfiles import PACKAGE_FILENAME
from storymap.template import TEMPLATE_FOLDER, template_files, template_zip
from storymap.upload import MAX_UNZIPPED_BYTES, MAX_UPLOAD_BYTES

Upload = list[tuple[str, bytes]]
PLACES = schema.PLACES.filename
AREAS = schema.AREAS_FILENAME

PLACES_HEADER = "id,name,lat,lon,role,today,location_note\n"
# What a zip adds to each entry besides its name, twice written (local and central
# headers), with a margin: for sizing the cases that fill the upload limit.
_ZIP_ENTRY_OVERHEAD = 120


def zipped(files: dict[str, bytes], folder: str = TEMPLATE_FOLDER) -> bytes:
    """``files`` deflated into one zip, under ``folder/`` (at the top if it is empty)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}" if folder else name, data)
    return output.getvalue()


def story_with(replaced: dict[str, bytes]) -> dict[str, bytes]:
    """The template's story files (not its README), with ``replaced`` put in or added."""
    files = {name: data for name, data in template_files().items() if name != "README.txt"}
    return {**files, **replaced}


def template() -> Upload:
    """The control: the template folder as its page offers it, a valid small story."""
    return [("my-story.zip", template_zip())]


def spaced_entry_names(spaces: int = 48_000) -> Upload:
    """As many entries as 20 MB holds, each named ``places`` + ``spaces`` spaces + ``x.csv``.

    Zip names are stored uncompressed, twice, so the count follows from the limit.
    """
    entries = int(0.95 * MAX_UPLOAD_BYTES) // (2 * (spaces + 16) + _ZIP_ENTRY_OVERHEAD)
    names = {"places" + " " * spaces + f"x{number}.csv": b"" for number in range(entries)}
    return [("spaces.zip", zipped(names, folder=""))]


def ragged_rows(rows: int = 1_000_000) -> Upload:
    """places.csv with its header, then a million rows of one cell, ``a``."""
    places = (PLACES_HEADER + "a\n" * rows).encode()
    return [("ragged.zip", zipped(story_with({PLACES: places})))]


def many_places(target_bytes: int = MAX_UNZIPPED_BYTES - 2 * 2**20) -> Upload:
    """A places.csv of valid rows up to nearly 60 MB unzipped, beside the template's files."""
    template_places = template_files()[PLACES].decode()
    lines, size, number = [template_places], len(template_places), 0
    while size < target_bytes:
        line = (
            f"place-{number},Place {number},{(number % 1_700) / 10 - 85:.1f},"
            f"{(number % 3_500) / 10 - 175:.1f},context,,\n"
        )
        lines.append(line)
        size += len(line)
        number += 1
    return [("many-places.zip", zipped(story_with({PLACES: "".join(lines).encode()})))]


def huge_datapackage(target_bytes: int = 50 * 2**20) -> Upload:
    """A valid small story whose datapackage.json is about 50 MB: a title, a huge array."""
    count = (target_bytes - 40) // 3
    package = '{"title": "A heavy package", "padding": [' + "{}," * count + "{}]}"
    return [("heavy-package.zip", zipped(story_with({PACKAGE_FILENAME: package.encode()})))]


def empty_features(count: int = 500_000) -> Upload:
    """areas.geojson with hundreds of thousands of empty features, ``{}``."""
    areas = '{"type": "FeatureCollection", "features": [' + "{}," * count + "{}]}"
    return [("empty-features.zip", zipped(story_with({AREAS: areas.encode()})))]


def many_eras_and_events(count: int = 6_000) -> Upload:
    """A valid story with 6,000 eras and 6,000 more events, in a small zip."""
    colours = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
    eras = ["id,label,from,to,colour"] + [
        f"era-{n},Era {n},{1800 + n % 200},{1805 + n % 200},{colours[n % len(colours)]}"
        for n in range(count)
    ]
    events = [template_files()[schema.EVENTS.filename].decode().rstrip("\n")] + [
        f"event-{n},{('port-arthur', 'portsmouth')[n % 2]},{1800 + n % 200},,Event {n},"
        f"What happened in event {n}.,wp-treaty-of-portsmouth,,"
        for n in range(count)
    ]
    return [
        (
            "many-eras.zip",
            zipped(
                story_with(
                    {
                        schema.ERAS.filename: ("\n".join(eras) + "\n").encode(),
                        schema.EVENTS.filename: ("\n".join(events) + "\n").encode(),
                    }
                )
            ),
        )
    ]


def deep_nesting(depth: int = 100_000) -> Upload:
    """areas.geojson that opens ``depth`` arrays and never closes them."""
    return [("deep.zip", zipped(story_with({AREAS: b"[" * depth})))]


def long_integer(digits: int = 5_000) -> Upload:
    """The template's areas.geojson with a ``from`` year of 5,000 digits."""
    areas = json.dumps(template_json_areas()).replace('"from": 1898', '"from": ' + "9" * digits)
    return [("long-number.zip", zipped(story_with({AREAS: areas.encode()})))]


def template_json_areas() -> dict:
    return json.loads(template_files()[AREAS])


def many_entries(count: int = 15_000) -> Upload:
    """The template's files and 15,000 more small files: 15,009 entries in one zip."""
    files = {**template_files(), **{f"note-{n}.txt": b"x" for n in range(count)}}
    return [("many-files.zip", zipped(files))]


def random_bytes(size: int = 2**20) -> Upload:
    """A megabyte of random bytes named story.zip."""
    return [("story.zip", random.Random(1).randbytes(size))]


def zip_bomb(size: int = 100 * 2**20) -> Upload:
    """places.csv of 100 MB of zeros, deflated to about 100 KB; its sizes told truly."""
    return [("bomb.zip", zipped(story_with({PLACES: bytes(size)})))]


def lying_zip_bomb(size: int = 100 * 2**20, declared: int = 1_000) -> Upload:
    """The same bomb, alone in its zip, that declares places.csv as ``declared`` bytes."""
    data = bytearray(zipped({PLACES: bytes(size)}, folder=""))
    # One entry: its local header opens the file; its central header is the last one.
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, 22, declared)  # local header: uncompressed size
    struct.pack_into("<I", data, central + 24, declared)  # central header: the same
    return [("lying-bomb.zip", bytes(data))]


def unterminated_string(quotes: int = 50_000) -> Upload:
    """areas.geojson of one string never closed, full of escaped quotes."""
    return [("open-string.zip", zipped(story_with({AREAS: b'"' + b'\\"' * quotes})))]


def blank_rows(rows: int = 30_000_000) -> Upload:
    """places.csv of its header and 30 million rows of one comma: blank rows, 60 KB zipped."""
    return [("blank.zip", zipped(story_with({PLACES: PLACES_HEADER.encode() + b",\n" * rows})))]


def tiny_positions(target_bytes: int = 10 * 2**20 - 200) -> Upload:
    """areas.geojson of one line of [0,0] positions, as many as 10 MB holds."""
    feature = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"id": "l", "place_id": "port-arthur", "name": "L"}, "geometry": {"type": '
        '"LineString", "coordinates": ['
    )
    count = (target_bytes - len(feature) - 10) // 6
    areas = feature + "[0,0]," * count + "[0,0]]}}]}"
    return [("positions.zip", zipped(story_with({AREAS: areas.encode()})))]


def link_web(links: int = 10_000) -> Upload:
    """A valid story: 10,000 events at Portsmouth, each linked from the first one."""
    events = template_files()[schema.EVENTS.filename].decode().rstrip("\n").splitlines()
    first = events[1].split(",")[0]
    events += [
        f"web-{n},portsmouth,1905,,Event {n},What happened.,wp-treaty-of-portsmouth,,"
        for n in range(links)
    ]
    rows = ["from_event,to_event,type,label"] + [f"{first},web-{n},leads-to," for n in range(links)]
    return [
        (
            "link-web.zip",
            zipped(
                story_with(
                    {
                        schema.EVENTS.filename: ("\n".join(events) + "\n").encode(),
                        schema.LINKS.filename: ("\n".join(rows) + "\n").encode(),
                    }
                )
            ),
        )
    ]


def storymapjs_file(name: str, slides: list[dict]) -> Upload:
    """A StoryMapJS file of a title slide and ``slides``, as one upload."""
    title = {"type": "overview", "text": {"headline": "A hostile story"}}
    document = {"storymap": {"slides": [title, *slides]}}
    return [(name, json.dumps(document, separators=(",", ":")).encode())]


def repeated_headlines(count: int = 20_000) -> Upload:
    """StoryMapJS: ``count`` slides at one place, each titled "a": ids a-1900, a-1900-2…"""
    slide = {
        "date": "1900",
        "location": {"lat": 10, "lon": 20, "name": "P"},
        "text": {"headline": "a", "text": "t"},
    }
    return storymapjs_file("repeated.json", [slide] * count)


def nested_lists(count: int = 20_000) -> Upload:
    """StoryMapJS: one slide whose text opens ``<ul>`` 20,000 times and closes none."""
    slide = {"date": "1900", "text": {"headline": "Lists", "text": "<ul>" * count}}
    return storymapjs_file("lists.json", [slide])


def comma_date(pairs: int = 16_000) -> Upload:
    """StoryMapJS: a slide dated ``1,`` 16,000 times, beside one dated 1900."""
    slides = [
        {"date": "1," * pairs, "text": {"headline": "Commas"}},
        {"date": "1900", "text": {"headline": "A year"}},
    ]
    return storymapjs_file("commas.json", slides)


def points_on_a_latitude(count: int = 6_000) -> Upload:
    """GeoJSON: ``count`` named points along the equator, as many unnamed ones 100° east
    of them (each to be named after the nearest named point), and one dated point."""

    def point(lon: float, **properties: str) -> dict:
        return {"geometry": {"type": "Point", "coordinates": [lon, 0]}, "properties": properties}

    features = [point(round(n * 0.001, 4), name=f"p{n}") for n in range(count)]
    features += [point(round(100 + n * 0.001, 4)) for n in range(count)]
    features.append(point(1.5, name="e", date="1900"))
    document = {"type": "FeatureCollection", "features": features}
    return [("latitude.geojson", json.dumps(document, separators=(",", ":")).encode())]


def zeros_in_features(count: int = 1_000_000) -> Upload:
    """GeoJSON: a FeatureCollection whose features are a million zeros."""
    document = '{"type":"FeatureCollection","features":[' + "0," * (count - 1) + "0]}"
    return [("zeros.geojson", document.encode())]


def tiny_slides(count: int = 200_000) -> Upload:
    """StoryMapJS: 200,000 slides of a date alone, ten times the events a story holds."""
    return storymapjs_file("tiny-slides.json", [{"date": "1900"}] * count)


# (label, the upload): in the order the benchmark sends them.
CASES: list[tuple[str, Callable[[], Upload]]] = [
    ("template (control)", template),
    ("zip entry names of 48,000 spaces", spaced_entry_names),
    ("places.csv: header and 1,000,000 rows `a`", ragged_rows),
    ("places.csv of valid rows, 58 MB unzipped", many_places),
    ("datapackage.json of 50 MB", huge_datapackage),
    ("areas.geojson: 500,000 empty features", empty_features),
    ("6,000 eras and 6,000 events", many_eras_and_events),
    ("areas.geojson: `[` × 100,000", deep_nesting),
    ("areas.geojson: a 5,000-digit year", long_integer),
    ("zip of 15,009 entries", many_entries),
    ("random bytes named story.zip", random_bytes),
    ("zip bomb: 100 MB of zeros", zip_bomb),
    ("zip bomb declaring 1 KB", lying_zip_bomb),
    ("areas.geojson: a string never closed, of 50,000 escaped quotes", unterminated_string),
    ("places.csv: 30,000,000 blank rows", blank_rows),
    ("areas.geojson: 10 MB of `[0,0]` positions", tiny_positions),
    ("10,000 links from one event (valid)", link_web),
    ("StoryMapJS: 20,000 slides titled `a`", repeated_headlines),
    ("StoryMapJS: `<ul>` × 20,000 in a slide's text", nested_lists),
    ("StoryMapJS: a date of `1,` × 16,000", comma_date),
    ("GeoJSON: 6,000 named and 6,000 unnamed points on the equator", points_on_a_latitude),
    ("GeoJSON: 1,000,000 zeros as features", zeros_in_features),
    ("StoryMapJS: 200,000 slides of a date alone", tiny_slides),
]


def synthetic_story(places: int = 10_000) -> Upload:
    """A valid synthetic story of ``places`` places with two events each."""
    import tempfile
    from pathlib import Path

    from storymap.synth import write_synthetic_story

    with tempfile.TemporaryDirectory() as folder:
        write_synthetic_story(Path(folder), places, 2, seed=1)
        files = {path.name: path.read_bytes() for path in Path(folder).iterdir()}
    return [("synthetic.zip", zipped(files))]


# (label with N, the builder, n): each is checked at n and at 4n for the growth table.
GROWTH: list[tuple[str, Callable[[int], Upload], int]] = [
    ("valid story: N places, 2 events each", synthetic_story, 2_500),
    ("N eras and N events (valid)", many_eras_and_events, 125),
    ("places.csv: header and N rows `a`", ragged_rows, 250_000),
    ("areas.geojson: N empty features", empty_features, 125_000),
    ("zip entry names of N spaces", spaced_entry_names, 12_000),
    ("StoryMapJS: N slides titled `a`", repeated_headlines, 5_000),
    ("GeoJSON: N named and N unnamed points on the equator", points_on_a_latitude, 1_500),
]

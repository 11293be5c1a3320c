"""Hypothesis strategies for uploads: random bytes, zips, CSV shapes and GeoJSON.

Every strategy draws an upload as the page hands it over, a list of (file name, bytes).
Sizes are bounded here, so that an example stays small enough to load in well under a
second when the code is right; what is large on purpose (a huge cell, deep nesting, a
long name) is drawn from a few fixed sizes rather than grown by Hypothesis.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile

from hypothesis import strategies as st

from storymap import schema
from storymap.storyfiles import STORY_FILENAMES
from storymap.template import template_files

# Past this length a drawn value is shown by its length, start and end: a failing
# example with a 100,000-character cell would otherwise fill the report.
SHOWN_WHOLE = 400


class Blob(bytes):
    """Bytes that Hypothesis and pytest show briefly."""

    def __repr__(self) -> str:
        return f"<{len(self):,} bytes: {bytes(self[:60])!r} … {bytes(self[-20:])!r}>"


class LongText(str):
    """Text that Hypothesis and pytest show briefly."""

    def __repr__(self) -> str:
        return f"<{len(self):,} characters: {str(self[:60])!r} … {str(self[-20:])!r}>"


def compact(value):
    """``value``, shown briefly if it is long bytes or text, or holds them."""
    if isinstance(value, bytes) and len(value) > SHOWN_WHOLE:
        return Blob(value)
    if isinstance(value, str) and len(value) > SHOWN_WHOLE:
        return LongText(value)
    if isinstance(value, tuple):
        return tuple(compact(item) for item in value)
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


TEMPLATE = {name: data for name, data in template_files().items() if name in STORY_FILENAMES}
CSV_FILENAMES = tuple(table.filename for table in schema.TABLES)
AREAS = schema.AREAS_FILENAME
PACKAGE = "datapackage.json"


def with_file(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The template's files, with ``name`` replaced by ``data``."""
    return compact(
        [
            (filename, data if filename == name else content)
            for filename, content in TEMPLATE.items()
        ]
    )


# Text that can be written as UTF-8: every code point but the lone surrogates.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


# 1. Random bytes ------------------------------------------------------------------------

random_bytes = st.one_of(
    st.binary(max_size=1024),
    st.binary(max_size=256).map(lambda data: b"PK\x03\x04" + data),  # looks like a zip
    st.binary(max_size=256).map(lambda data: b"\xef\xbb\xbf" + data),  # UTF-8 byte-order mark
    st.binary(max_size=256).map(lambda data: b"\xff\xfe" + data),  # UTF-16 byte-order mark
    any_text.map(lambda text: text.encode("utf-8")),
).map(compact)

# Names a browser may send with a file; long ones included.
upload_names = st.one_of(
    st.sampled_from(
        [
            *STORY_FILENAMES,
            "story.zip",
            "STORY.ZIP",
            "places (1).csv",
            "Events - Copy.CSV",
            "data/places.csv",
            "..\\places.csv",
            "/etc/places.csv",
            ".zip",
            "places.csv.zip",
            "",
        ]
    ),
    any_text,
    st.sampled_from([200, 5_000, 60_000]).map(lambda size: " " * size + ".zip"),
    st.sampled_from([200, 5_000, 60_000]).map(lambda size: "x" + " " * size + "x.csv"),
).map(compact)


# 2. Random zips ------------------------------------------------------------------------


def zip_bytes(entries: list[tuple[str, bytes, int]]) -> bytes:
    """A zip of (name, content, compression) entries, in order, duplicates kept."""
    output = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(output, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": duplicates are the point
        for name, content, compression in entries:
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=compression)
    return output.getvalue()


_folders = st.sampled_from(
    [
        "",
        "story/",
        "my story/",
        "a/b/",
        "../",
        "../../etc/",
        "/",
        "/abs/",
        "__MACOSX/",
        "__MACOSX/story/",
        "./",
        "story/../",
        "C:\\story\\",
        "story\\",
    ]
)
_basenames = st.one_of(
    st.sampled_from(
        [
            *STORY_FILENAMES,
            "places (1).csv",
            "places (2).csv",
            "Places - Copy.CSV",
            "events-2.csv",
            "sources copy.csv",
            "PLACES.CSV",
            "._places.csv",
            ".DS_Store",
            "Thumbs.db",
            "README.txt",
            "",
            "..",
            ".",
            " places.csv",
            "places.csv ",
            "places.csv/",
        ]
    ),
    any_text,
    st.sampled_from([300, 5_000, 60_000]).map(lambda size: " " * size),
    st.sampled_from([300, 5_000, 30_000]).map(lambda size: "a" + " " * size + "b.csv"),
    st.sampled_from([300, 5_000, 60_000]).map(lambda size: "p" * size + ".csv"),
)
entry_names = st.builds(lambda folder, base: (folder + base)[:65_000], _folders, _basenames)


@st.composite
def _entry_content(draw, name: str) -> bytes:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    options = [random_bytes]
    if base in TEMPLATE:
        options.append(st.just(TEMPLATE[base]))
    return draw(st.one_of(*options))


_compressions = st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])


@st.composite
def random_zips(draw) -> bytes:
    """A zip of random entries: names of every kind, story files or random bytes."""
    entries = []
    for name in draw(st.lists(entry_names, max_size=8)):
        entries.append((name, draw(_entry_content(name)), draw(_compressions)))
    if draw(st.booleans()) and entries:
        entries.append(draw(st.sampled_from(entries)))  # the same name twice
    if draw(st.booleans()):  # the template's files too, so that some get as far as loading
        folder = draw(_folders)
        compression = draw(_compressions)
        entries += [(folder + name, data, compression) for name, data in TEMPLATE.items()]
        entries = draw(st.permutations(entries))
    return compact(zip_bytes(entries))


@st.composite
def flipped_zips(draw) -> bytes:
    """A zip of the template (random entries or not) with some bytes changed or cut."""
    data = bytearray(
        draw(
            st.one_of(
                st.just(
                    zip_bytes(
                        [
                            (f"story/{name}", content, zipfile.ZIP_DEFLATED)
                            for name, content in TEMPLATE.items()
                        ]
                    )
                ),
                st.just(
                    zip_bytes(
                        [(name, content, zipfile.ZIP_STORED) for name, content in TEMPLATE.items()]
                    )
                ),
                random_zips(),
            )
        )
    )
    if data:
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            del data[draw(st.integers(0, len(data))) :]
    return compact(bytes(data))


# 3. CSV shapes from a valid story ---------------------------------------------------------


def rows_of(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(TEMPLATE[name].decode("utf-8"), newline="")))


def ids_of(name: str, data: bytes) -> list[str]:
    """The id column of one of the CSV files, as written."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [row["id"] for row in rows if row.get("id")]


_LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def _csv_text(
    draw, rows: list[list[str]], quote_some: bool, line_ends: bool, blank_lines: bool
) -> str:
    """The rows written as CSV, with quotes, line ends and blank lines that keep the cells."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            must = any(mark in cell for mark in ',"\r\n')
            if must or (quote_some and draw(st.booleans())):
                cells.append('"' + cell.replace('"', '""') + '"')
            else:
                cells.append(cell)
        lines.append(",".join(cells))
        if blank_lines and draw(st.integers(0, 4)) == 0:
            lines.append("")
    ending = draw(_LINE_ENDS)
    text = ""
    for line in lines:
        text += line + (draw(_LINE_ENDS) if line_ends else ending)
    return text


@st.composite
def equivalent_stories(draw) -> list[tuple[str, bytes]]:
    """The template written differently but meaning the same: a valid story still.

    Columns and rows in another order, cells quoted or not, any line ends (mixed), blank
    lines, a byte-order mark; the cells themselves are unchanged.
    """
    files = dict(TEMPLATE)
    for name in CSV_FILENAMES:
        header, *rows = rows_of(name)
        order = draw(st.permutations(range(len(header))))
        rows = draw(st.permutations(rows))
        table = [[row[index] for index in order] for row in [header, *rows]]
        text = draw(_csv_text(table, quote_some=True, line_ends=True, blank_lines=True))
        bom = "\ufeff" if draw(st.booleans()) else ""
        files[name] = (bom + text).encode("utf-8")
    return compact(list(files.items()))


# Cells that break a rule, or sit just on its edge.
_odd_cells = st.one_of(
    any_text,
    st.sampled_from(
        [
            "",
            " ",
            '"',
            '""',
            "'",
            ",",
            "\n",
            "\r",
            "\r\n",
            "\ufeff",
            "\x00",
            "\u2028",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "+1",
            "0x10",
            "1_000",
            "٣",
            "１２",
            " 12 ",
            "1.5",
            "90",
            "90.0000001",
            "-180",
            "180.1",
            "true",
            "TRUE",
            "yes",
            "featured",
            "context",
            "article",
            "reference",
            "ended-by",
            "#D55E00",
            "#d55e00",
            "#GGGGGG",
            "port-arthur",
            "portsmouth",
            "Port-Arthur",
            "port--arthur",
            "-port",
            "a" * 61,
            "2022-11",
            "1904-02-30",
            "1904-13-01",
            "0000",
            "-0001",
            "9999",
            "10000",
            "1905/1904",
            "1904-08-01/1905-01-02",
            "1900~",
            "~",
            "/",
            "1904-02-08/",
            "1904-2-8",
            "1904-02-08T00:00",
            "=1+1",
            "<script>",
            "null",
            "None",
        ]
    ),
    st.sampled_from([400, 4_301, 100_001]).map(lambda size: "9" * size),
    st.sampled_from([2_000, 100_001, 300_000]).map(lambda size: "x" * size),
)

# What a mutation does to a table of cells (the header is row 0); changing one cell is
# the most common, so that each column's rules are met by odd values often.
_MUTATIONS = ("set cell",) * 4 + (
    "add cell",
    "drop cell",
    "duplicate row",
    "drop row",
    "add row",
    "blank row",
    "header cell",
)


@st.composite
def _mutated_table(draw, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(_MUTATIONS))
        index = draw(st.integers(0, len(rows) - 1))
        row = rows[index]
        if kind == "set cell" and len(rows) > 1:
            row = rows[draw(st.integers(1, len(rows) - 1))]  # a data row
        if kind == "set cell" and row:
            row[draw(st.integers(0, len(row) - 1))] = draw(_odd_cells)
        elif kind == "add cell":
            row.insert(draw(st.integers(0, len(row))), draw(_odd_cells))
        elif kind == "drop cell" and row:
            del row[draw(st.integers(0, len(row) - 1))]
        elif kind == "duplicate row":
            rows.insert(index, list(row))
        elif kind == "drop row":
            del rows[index]
            if not rows:
                rows.append([])
        elif kind == "add row":
            rows.append([draw(_odd_cells) for _ in range(draw(st.integers(0, 9)))])
        elif kind == "blank row":
            rows.insert(index, [])
        elif kind == "header cell" and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(_odd_cells)
    return rows


@st.composite
def _raw_mutation(draw, text: str) -> str:
    """Characters inserted anywhere, quotes and line breaks included."""
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(text)))
        piece = draw(
            st.one_of(
                st.sampled_from(['"', '""', ",", "\n", "\r", "\r\n", "\ufeff", "\x00", ";", "\t"]),
                any_text,
            )
        )
        text = text[:position] + piece + text[position:]
    return text


@st.composite
def mutated_stories(draw) -> list[tuple[str, bytes]]:
    """The template with one to three CSV files changed in shape and in content."""
    files = dict(TEMPLATE)
    for name in draw(st.lists(st.sampled_from(CSV_FILENAMES), min_size=1, max_size=3, unique=True)):
        table = draw(_mutated_table(rows_of(name)))
        text = draw(
            _csv_text(
                table,
                quote_some=draw(st.booleans()),
                line_ends=draw(st.booleans()),
                blank_lines=draw(st.booleans()),
            )
        )
        text = draw(_raw_mutation(text))
        if draw(st.booleans()):
            text = "\ufeff" + text
        files[name] = text.encode("utf-8")
    if draw(st.integers(0, 5)) == 0:
        del files[draw(st.sampled_from(sorted(files)))]
    return compact(list(files.items()))


# 4. GeoJSON -----------------------------------------------------------------------------

# json.dumps can't write these (a 5000-digit int is over Python's conversion limit, deep
# nesting over its recursion limit), so a placeholder string is written and then
# replaced in the text by the raw JSON.
_RAW = "\x00raw:"


def raw_json(text: str) -> str:
    """A placeholder that ``dump_with_raw`` replaces by ``text`` as it is."""
    return _RAW + text + "\x00"


def dump_with_raw(document, indent: int | None = None) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=True)
    while '"\\u0000raw:' in text:
        start = text.index('"\\u0000raw:')
        end = text.index('\\u0000"', start + 1)
        text = text[:start] + json.loads(text[start : end + 7])[len(_RAW) : -1] + text[end + 7 :]
    return text


_huge_ints = st.sampled_from([20, 300, 4_300, 4_301, 5_000]).map(
    lambda digits: raw_json("9" * digits)
)
_deep_arrays = st.sampled_from([10, 900, 1_100, 5_000, 100_000]).map(
    lambda depth: raw_json("[" * depth + "]" * depth)
)
_numbers = st.one_of(
    st.integers(-200, 200),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-180, 180, -90, 90, 180.0000001, 0.0, -0.0, 1e308, 5e-324]),
)
_scalars = st.one_of(st.none(), st.booleans(), _numbers, any_text, _huge_ints)
json_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def coordinates(draw, depth: int | None = None):
    """Nested lists of positions, ``depth`` levels deep (0: a bare number or value)."""
    if depth is None:
        depth = draw(st.integers(0, 6))
    if depth == 0:
        return draw(st.one_of(_numbers, st.sampled_from([None, True, "1", [], {}])))
    if depth == 1 and draw(st.integers(0, 3)):
        return [draw(st.floats(-180, 180)), draw(st.floats(-90, 90))][: draw(st.integers(0, 3))]
    return [draw(coordinates(depth - 1)) for _ in range(draw(st.integers(0, 4)))]


_geometry_types = st.one_of(
    st.sampled_from(
        [
            *schema.AREA_GEOMETRIES,
            "Point",
            "MultiPoint",
            "GeometryCollection",
            "polygon",
            "Feature",
            "",
        ]
    ),
    json_values,
)


@st.composite
def geometries(draw):
    geometry = {"type": draw(_geometry_types), "coordinates": draw(coordinates())}
    if draw(st.integers(0, 4)) == 0:
        del geometry[draw(st.sampled_from(sorted(geometry)))]
    if draw(st.integers(0, 4)) == 0:
        geometry["geometries"] = [draw(geometries()) for _ in range(draw(st.integers(0, 2)))]
    return geometry


_years = st.one_of(
    st.none(),
    st.integers(-10_000, 10_000),
    st.integers(),
    _huge_ints,
    st.floats(allow_nan=True),
    any_text,
    st.booleans(),
    json_values,
)
_place_ids = st.one_of(
    st.sampled_from(["port-arthur", "portsmouth", "kherson", ""]), any_text, json_values
)


@st.composite
def properties(draw):
    props = {
        "id": draw(
            st.one_of(
                st.sampled_from(["area-1", "kwantung-leased-territory"]), any_text, json_values
            )
        ),
        "place_id": draw(_place_ids),
        "name": draw(st.one_of(any_text, json_values)),
        "from": draw(_years),
        "to": draw(_years),
    }
    for key in draw(st.lists(st.sampled_from(sorted(props)), max_size=2, unique=True)):
        del props[key]
    props.update(draw(st.dictionaries(any_text, st.one_of(json_values, _deep_arrays), max_size=2)))
    return props


@st.composite
def features(draw):
    feature = {
        "type": draw(st.sampled_from(["Feature", "feature", None])),
        "properties": draw(properties()),
        "geometry": draw(geometries()),
    }
    if draw(st.integers(0, 5)) == 0:
        return draw(json_values)  # not an object at all
    if draw(st.integers(0, 4)) == 0:
        del feature[draw(st.sampled_from(sorted(feature)))]
    feature.update(
        draw(
            st.dictionaries(
                st.sampled_from(["id", "bbox", "features", "crs", "extra"]), json_values, max_size=2
            )
        )
    )
    return feature


@st.composite
def geojson_texts(draw) -> str:
    """A FeatureCollection (mostly) of random features, written with random layout."""
    document = {
        "type": draw(st.sampled_from(["FeatureCollection", "FeatureCollection", "Feature", None])),
        "features": draw(st.lists(features(), max_size=4)),
    }
    if draw(st.integers(0, 5)) == 0:
        document["features"] = draw(json_values)
    document.update(
        draw(
            st.dictionaries(
                st.sampled_from(["bbox", "crs", "name", "extra"]),
                st.one_of(json_values, _deep_arrays),
                max_size=2,
            )
        )
    )
    if draw(st.integers(0, 6)) == 0:
        document = draw(st.one_of(json_values, _deep_arrays))
    return compact(dump_with_raw(document, indent=draw(st.sampled_from([None, 1, 2]))))

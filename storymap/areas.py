"""Read the optional GeoJSON file of lines and areas drawn for places.

Each problem names the line on which its feature starts, as the CSV problems do:
the features are decoded one by one from the text so that their positions are known.

The file may come from anyone's upload, so every cost is bounded before it is paid:
its size before it is parsed, its nesting before the parser recurses into it, and the
features and problems read from it. A geometry must have exactly the nesting of its
type, since Leaflet throws on any other shape.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

from storymap import schema
from storymap.model import Area
from storymap.report import MAX_PROBLEMS, WHOLE_FILE, Problem, shorten, unreadable_file
from storymap.storyfiles import StoryFiles

MAX_AREAS_MB = 10
# Parsed, a file takes several times its size in memory; areas drawn for a story's
# places come nowhere near this.
MAX_AREAS_BYTES = MAX_AREAS_MB * 1024 * 1024
MAX_AREA_FEATURES = 10_000
# Counting the last, which says where checking stopped: the loader keeps the first
# 1,000 problems of a story, so that one must be among them.
MAX_AREA_PROBLEMS = MAX_PROBLEMS
# A MultiPolygon's numbers are 7 levels down from the top of the file; the rest is
# room for whatever other members a feature carries. Deeper, the parser would recurse
# until Python stops it.
MAX_JSON_DEPTH = 32
# Every area's positions together: detailed outlines of a few countries. Each position
# is held in the server's memory for as long as the story is shown.
MAX_AREA_POSITIONS = 250_000
# Lists and objects in the whole file, brackets in strings too: each position is one,
# and a feature with its properties and rings a few dozen at most.
MAX_AREA_CONTAINERS = MAX_AREA_POSITIONS + 20 * MAX_AREA_FEATURES

# The range of the year columns of the CSV files.
_FIRST_YEAR = int(schema.ERAS.column("from").minimum or 0)
_LAST_YEAR = int(schema.ERAS.column("from").maximum or 0)
_RANGE_MESSAGE = (
    "coordinates must be [longitude, latitude] pairs, longitude -180 to 180, latitude -90 to 90"
)
# For each geometry type: the list levels above its lists of positions, the fewest
# positions each of those lists holds, and the rule in words.
_SHAPES = {
    "LineString": (
        0,
        2,
        "a LineString's coordinates are a list of two or more [longitude, latitude] positions",
    ),
    "MultiLineString": (
        1,
        2,
        "a MultiLineString's coordinates are a list of lines, each a "
        "list of two or more [longitude, latitude] positions",
    ),
    "Polygon": (
        1,
        4,
        "a Polygon's coordinates are a list of rings, each a list of four or "
        "more [longitude, latitude] positions",
    ),
    "MultiPolygon": (
        2,
        4,
        "a MultiPolygon's coordinates are a list of polygons, each a list "
        "of rings, each a list of four or more [longitude, latitude] positions",
    ),
}

_DECODER = json.JSONDecoder()
# A string, or one left open, which runs to the end of the text: otherwise each of its
# quotes would start a scan to the end, and a text of many would take their square.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)'
_STRINGS = re.compile(_STRING, re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_ONE_KIND_OF_BRACKET = str.maketrans("{}", "[]")
_STRING_OR_BRACKET = re.compile(_STRING + r"|[\[\]{}]", re.DOTALL)
# As json reads a number: an integer when it has neither a fraction nor an exponent.
_STRING_OR_NUMBER = re.compile(_STRING + r"|-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?", re.DOTALL)


def read_areas(files: StoryFiles, place_ids: set[str] | None) -> tuple[list[Area], list[Problem]]:
    """The areas of ``files`` and the problems found; place ids are checked if given."""
    name = schema.AREAS_FILENAME
    try:
        data = files.read(name)
    except OSError as error:
        return [], [unreadable_file(name, error)]
    if data is None:
        return [], []
    if len(data) > MAX_AREAS_BYTES:
        return [], [
            Problem(
                name,
                WHOLE_FILE,
                WHOLE_FILE,
                f"the file is {len(data):,} bytes; the limit is "
                f"{MAX_AREAS_BYTES:,} bytes ({MAX_AREAS_MB} MB)",
                "size",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [
            Problem(
                name,
                WHOLE_FILE,
                WHOLE_FILE,
                "the file is not UTF-8 text; save it as UTF-8",
                "encoding",
            )
        ]
    containers = text.count("[") + text.count("{")
    if containers > MAX_AREA_CONTAINERS:
        # Counted before parsing: each becomes an object in memory, a hundred bytes or so.
        return [], [
            Problem(
                name,
                WHOLE_FILE,
                WHOLE_FILE,
                f"the file opens {containers:,} lists and objects; at most "
                f"{MAX_AREA_CONTAINERS:,} are read, enough for "
                f"{MAX_AREA_POSITIONS:,} positions in {MAX_AREA_FEATURES:,} "
                "features",
                "size",
            )
        ]
    document, problem = _parse(name, text)
    if problem:
        return [], [problem]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        return [], [
            Problem(
                name,
                1,
                WHOLE_FILE,
                "expected a GeoJSON FeatureCollection with a list of features",
                "geojson",
            )
        ]
    return _read_features(name, text, features, place_ids)


def _parse(name: str, text: str) -> tuple[Any, Problem | None]:
    """The JSON document of ``text``, or the problem that stops it being read."""

    def problem(offset: int | None, message: str) -> Problem:
        line = text.count("\n", 0, offset) + 1 if offset is not None else WHOLE_FILE
        return Problem(name, line, WHOLE_FILE, message, "geojson")

    too_deep = _first_too_deep(text, MAX_JSON_DEPTH)
    if too_deep is not None:
        return None, problem(too_deep, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, Problem(
            name, error.lineno, WHOLE_FILE, f"not valid JSON: {error.msg}", "geojson"
        )
    except ValueError:
        # An integer longer than Python converts (sys.get_int_max_str_digits).
        limit = sys.get_int_max_str_digits()
        return None, problem(
            _first_long_integer(text, limit),
            f"not valid JSON: a number has more than {limit:,} digits",
        )
    except RecursionError:
        # Within MAX_JSON_DEPTH, but the stack was already deep when this was called.
        return None, problem(None, "the JSON is nested too deeply to read")


def _first_too_deep(text: str, limit: int) -> int | None:
    """Where brackets outside strings first open more than ``limit`` levels, if they do.

    Quick and in bulk first: with strings and everything but brackets taken out,
    removing every empty pair ``[]`` takes one level off each branch, so ``limit``
    rounds leave nothing unless the text is deeper (or unbalanced). Only then are the
    brackets walked one by one to find where.
    """
    skeleton = _NOT_BRACKETS.sub("", _STRINGS.sub("", text)).translate(_ONE_KIND_OF_BRACKET)
    for _ in range(limit):
        if not skeleton:
            return None
        skeleton = skeleton.replace("[]", "")
    if not skeleton:
        return None
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return None  # unbalanced but shallow: the parser says what is wrong


def _first_long_integer(text: str, digits: int) -> int | None:
    for match in _STRING_OR_NUMBER.finditer(text):
        number = match.group()
        if (
            not number.startswith('"')
            and match.group(1) is None
            and match.group(2) is None
            and len(number.lstrip("-")) > digits
        ):
            return match.start()
    return None


def _read_features(
    name: str, text: str, features: list, place_ids: set[str] | None
) -> tuple[list[Area], list[Problem]]:
    """The features' areas and problems, up to MAX_AREA_FEATURES and MAX_AREA_PROBLEMS."""
    read = features[: MAX_AREA_FEATURES + 1]  # one more than allowed, to say where it stopped
    areas, problems, positions = [], [], 0
    for number, (feature, line) in enumerate(
        zip(read, _feature_lines(text, read), strict=True), start=1
    ):
        where = f"feature {number:,}" + (f" (line {line})" if isinstance(line, int) else "")
        if number > MAX_AREA_FEATURES:
            problems.append(
                Problem(
                    name,
                    line,
                    WHOLE_FILE,
                    f"more than {MAX_AREA_FEATURES:,} features in {name}; stopped at {where}",
                    "limit",
                )
            )
            break
        area, feature_problems = area_from_feature(feature, place_ids)
        room = MAX_AREA_PROBLEMS - 1 - len(problems)  # one kept for the notice
        problems.extend(
            Problem(name, line, column, message, "area")
            for column, message in feature_problems[:room]
        )
        if len(feature_problems) > room:
            problems.append(
                Problem(
                    name,
                    line,
                    WHOLE_FILE,
                    f"too many problems: the first {MAX_AREA_PROBLEMS - 1:,} "
                    f"are listed; stopped at {where}",
                    "limit",
                )
            )
            break
        if area:
            positions += position_count(area.geometry)
            if positions > MAX_AREA_POSITIONS:
                problems.append(
                    Problem(
                        name,
                        line,
                        WHOLE_FILE,
                        f"more than {MAX_AREA_POSITIONS:,} positions in {name}; stopped at {where}",
                        "limit",
                    )
                )
                break
            areas.append(area)
    return areas, problems


def position_count(geometry: dict) -> int:
    """How many positions a checked geometry has: its type says how deep they are."""
    lists = [geometry["coordinates"]]
    for _ in range(_SHAPES[geometry["type"]][0]):
        lists = [inner for item in lists for inner in item]
    return sum(len(item) for item in lists)


def area_from_feature(
    feature: Any, place_ids: set[str] | None
) -> tuple[Area | None, list[tuple[str, str]]]:
    """One feature as an Area, or the (property, message) problems that stop it."""
    if not isinstance(feature, dict):
        return None, [(WHOLE_FILE, "a feature must be a JSON object")]
    properties = feature.get("properties")
    geometry = feature.get("geometry")
    if not isinstance(properties, dict):
        return None, [("properties", "must be an object with " + ", ".join(schema.AREA_PROPERTIES))]
    if not isinstance(geometry, dict):
        return None, [("geometry", "must be a GeoJSON geometry object")]
    problems = [
        (key, "the property is required")
        for key in schema.AREA_PROPERTIES
        if not isinstance(properties.get(key), str) or not properties[key].strip()
    ]
    place_id = properties.get("place_id")
    if (
        place_ids is not None
        and isinstance(place_id, str)
        and place_id.strip()
        and place_id not in place_ids
    ):
        problems.append(("place_id", f"'{shorten(place_id)}' is not an id in places.csv"))
    if geometry.get("type") not in schema.AREA_GEOMETRIES:
        problems.append(
            ("geometry", "the type must be one of " + ", ".join(schema.AREA_GEOMETRIES))
        )
    else:
        shape_problem = _shape_problem(geometry["type"], geometry.get("coordinates"))
        if shape_problem:
            problems.append(("geometry", shape_problem))
    years, year_problems = _years(properties)
    problems.extend(year_problems)
    if problems:
        return None, problems
    # Only what a map draws: other members could be anything, of any depth.
    drawn = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
    return Area(
        properties["id"],
        properties["place_id"],
        properties["name"],
        drawn,
        year_from=years["from"],
        year_to=years["to"],
    ), []


def _years(properties: dict) -> tuple[dict[str, int | None], list[tuple[str, str]]]:
    years: dict[str, int | None] = {}
    problems = []
    for key in schema.AREA_YEAR_PROPERTIES:
        value = properties.get(key)
        years[key] = None
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append((key, f"'{shorten(value)}' is not a whole year"))
        elif not _FIRST_YEAR <= value <= _LAST_YEAR:
            problems.append(
                (
                    key,
                    f"'{shorten(value)}' is out of range: must be from "
                    f"{_FIRST_YEAR} to {_LAST_YEAR}",
                )
            )
        else:
            years[key] = value
    if years["from"] is not None and years["to"] is not None and years["to"] < years["from"]:
        problems.append(("to", f"{years['to']} is before the first year, {years['from']}"))
    return years, problems


def _shape_problem(geometry_type: str, coordinates: Any) -> str | None:
    """What is wrong with the coordinates of a geometry of this type, if anything.

    Level by level, never recursing: the type says how deep its positions are, and
    nothing deeper is looked at.
    """
    outer_levels, fewest_positions, rule = _SHAPES[geometry_type]
    lists = [coordinates]
    for _ in range(outer_levels):
        if not all(isinstance(item, list) and item for item in lists):
            return rule
        lists = [inner for item in lists for inner in item]
    if not all(isinstance(item, list) and len(item) >= fewest_positions for item in lists):
        return rule
    positions = (position for item in lists for position in item)
    in_range = True
    for position in positions:
        if not _is_position(position):
            return rule
        in_range = in_range and _in_range(position)
    return None if in_range else _RANGE_MESSAGE


def _is_position(value: Any) -> bool:
    """Longitude, latitude and, as GeoJSON allows, an altitude: two or three numbers."""
    return (
        isinstance(value, list)
        and 2 <= len(value) <= 3
        and all(
            isinstance(number, (int, float)) and not isinstance(number, bool) for number in value
        )
    )


def _in_range(position: list) -> bool:
    # The comparisons fail for NaN and the infinities too.
    return (
        -180 <= position[0] <= 180
        and -90 <= position[1] <= 90
        and (len(position) == 2 or _is_finite(position[2]))
    )


def _is_finite(number: int | float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer too large for a float, which the browser reads
        return False


def _feature_lines(text: str, features: list) -> list[int | str]:
    """The line each feature of the features list starts on, decoded in order.

    Newlines are counted only between one feature and the next, so numbering every
    feature reads the text once.
    """
    start = text.find("[", text.find('"features"'))
    lines: list[int | str] = []
    line, counted_to = 1, 0  # the line that offset counted_to is on
    position = start + 1
    try:
        for feature in features:
            while text[position] in " \t\r\n,":
                position += 1
            line += text.count("\n", counted_to, position)
            counted_to = position
            lines.append(line)
            decoded, position = _DECODER.raw_decode(text, position)
            if decoded != feature:
                raise ValueError("not the features list")
    except (ValueError, IndexError):
        # "features" appears more than once (say, inside a property): number instead.
        return [f"feature {number}" for number in range(1, len(features) + 1)]
    return lines

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
from storymap.i18n import N_, _, ngettext
from storymap.model import Area
from storymap.number_text import number_text
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
_RANGE_MESSAGE = N_(
    "coordinates must be [longitude, latitude] pairs, longitude -180 to 180, latitude -90 to 90"
)
# For each geometry type: the list levels above its lists of positions, the fewest
# positions each of those lists holds, and the rule in words.
_SHAPES = {
    "LineString": (
        0,
        2,
        N_("a LineString's coordinates are a list of two or more [longitude, latitude] positions"),
    ),
    "MultiLineString": (
        1,
        2,
        N_(
            "a MultiLineString's coordinates are a list of lines, each a "
            "list of two or more [longitude, latitude] positions"
        ),
    ),
    "Polygon": (
        1,
        4,
        N_(
            "a Polygon's coordinates are a list of rings, each a list of four or "
            "more [longitude, latitude] positions"
        ),
    ),
    "MultiPolygon": (
        2,
        4,
        N_(
            "a MultiPolygon's coordinates are a list of polygons, each a list "
            "of rings, each a list of four or more [longitude, latitude] positions"
        ),
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
                ngettext(
                    "the file is {size} byte; the limit is {limit} bytes ({megabytes} MB)",
                    "the file is {size} bytes; the limit is {limit} bytes ({megabytes} MB)",
                    len(data),
                ).format(
                    size=number_text(len(data)),
                    limit=number_text(MAX_AREAS_BYTES),
                    megabytes=MAX_AREAS_MB,
                ),
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
                _("the file is not UTF-8 text; save it as UTF-8"),
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
                ngettext(
                    "the file opens {count} list or object; at most {limit} are read, enough "
                    "for {positions} positions in {features} features",
                    "the file opens {count} lists and objects; at most {limit} are read, "
                    "enough for {positions} positions in {features} features",
                    containers,
                ).format(
                    count=number_text(containers),
                    limit=number_text(MAX_AREA_CONTAINERS),
                    positions=number_text(MAX_AREA_POSITIONS),
                    features=number_text(MAX_AREA_FEATURES),
                ),
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
                _("expected a GeoJSON FeatureCollection with a list of features"),
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
        return None, problem(
            too_deep,
            _("the JSON is nested more than {limit} levels deep").format(limit=MAX_JSON_DEPTH),
        )
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, Problem(
            name,
            error.lineno,
            WHOLE_FILE,
            _("not valid JSON: {error}").format(error=error.msg),
            "geojson",
        )
    except ValueError:
        # An integer longer than Python converts (sys.get_int_max_str_digits).
        limit = sys.get_int_max_str_digits()
        return None, problem(
            _first_long_integer(text, limit),
            _("not valid JSON: a number has more than {limit} digits").format(
                limit=number_text(limit)
            ),
        )
    except RecursionError:
        # Within MAX_JSON_DEPTH, but the stack was already deep when this was called.
        return None, problem(None, _("the JSON is nested too deeply to read"))


def _first_too_deep(text: str, limit: int) -> int | None:
    """Where brackets outside strings first open more than ``limit`` levels, if they do.

    Quick and in bulk first: with strings and everything but brackets taken out,
    removing every empty pair ``[]`` takes one level off each branch, so ``limit``
    rounds leave nothing unless the text is deeper (or unbalanced). Only then are the
    brackets walked one by one to find where.
    """
    skeleton = _NOT_BRACKETS.sub("", _STRINGS.sub("", text)).translate(_ONE_KIND_OF_BRACKET)
    for _round in range(limit):
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
        if number > MAX_AREA_FEATURES:
            problems.append(
                _stopped(
                    name,
                    line,
                    number,
                    N_("more than {limit} features in {file}; stopped at feature {number}"),
                    N_(
                        "more than {limit} features in {file}; stopped at feature {number} "
                        "(line {line})"
                    ),
                    MAX_AREA_FEATURES,
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
                _stopped(
                    name,
                    line,
                    number,
                    N_(
                        "too many problems: the first {limit} are listed; stopped at feature "
                        "{number}"
                    ),
                    N_(
                        "too many problems: the first {limit} are listed; stopped at feature "
                        "{number} (line {line})"
                    ),
                    MAX_AREA_PROBLEMS - 1,
                )
            )
            break
        if area:
            positions += position_count(area.geometry)
            if positions > MAX_AREA_POSITIONS:
                problems.append(
                    _stopped(
                        name,
                        line,
                        number,
                        N_("more than {limit} positions in {file}; stopped at feature {number}"),
                        N_(
                            "more than {limit} positions in {file}; stopped at feature {number} "
                            "(line {line})"
                        ),
                        MAX_AREA_POSITIONS,
                    )
                )
                break
            areas.append(area)
    return areas, problems


def _stopped(
    name: str, line: int | str, number: int, without_line: str, with_line: str, limit: int
) -> Problem:
    """Where reading stopped, at feature ``number``: the message with its line, when the
    feature's line is known (``with_line``), or without it."""
    message = _(with_line) if isinstance(line, int) else _(without_line)
    return Problem(
        name,
        line,
        WHOLE_FILE,
        message.format(limit=number_text(limit), file=name, number=number_text(number), line=line),
        "limit",
    )


def position_count(geometry: dict) -> int:
    """How many positions a checked geometry has: its type says how deep they are."""
    lists = [geometry["coordinates"]]
    for _level in range(_SHAPES[geometry["type"]][0]):
        lists = [inner for item in lists for inner in item]
    return sum(len(item) for item in lists)


def area_from_feature(
    feature: Any, place_ids: set[str] | None
) -> tuple[Area | None, list[tuple[str, str]]]:
    """One feature as an Area, or the (property, message) problems that stop it."""
    if not isinstance(feature, dict):
        return None, [(WHOLE_FILE, _("a feature must be a JSON object"))]
    properties = feature.get("properties")
    geometry = feature.get("geometry")
    if not isinstance(properties, dict):
        return None, [
            (
                "properties",
                _("must be an object with {properties}").format(
                    properties=", ".join(schema.AREA_PROPERTIES)
                ),
            )
        ]
    if not isinstance(geometry, dict):
        return None, [("geometry", _("must be a GeoJSON geometry object"))]
    problems = [
        (key, _("the property is required"))
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
        problems.append(
            (
                "place_id",
                _("'{value}' is not an id in {file}").format(
                    value=shorten(place_id), file="places.csv"
                ),
            )
        )
    if geometry.get("type") not in schema.AREA_GEOMETRIES:
        problems.append(
            (
                "geometry",
                _("the type must be one of {types}").format(
                    types=", ".join(schema.AREA_GEOMETRIES)
                ),
            )
        )
    else:
        shape_problem = _shape_problem(geometry["type"], geometry.get("coordinates"))
        if shape_problem:
            problems.append(("geometry", _(shape_problem)))
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
            problems.append((key, _("'{value}' is not a whole year").format(value=shorten(value))))
        elif not _FIRST_YEAR <= value <= _LAST_YEAR:
            problems.append(
                (
                    key,
                    _("'{value}' is out of range: must be from {minimum} to {maximum}").format(
                        value=shorten(value), minimum=_FIRST_YEAR, maximum=_LAST_YEAR
                    ),
                )
            )
        else:
            years[key] = value
    if years["from"] is not None and years["to"] is not None and years["to"] < years["from"]:
        problems.append(
            (
                "to",
                _("{last} is before the first year, {first}").format(
                    last=years["to"], first=years["from"]
                ),
            )
        )
    return years, problems


def _shape_problem(geometry_type: str, coordinates: Any) -> str | None:
    """What is wrong with the coordinates of a geometry of this type, if anything: the
    message as marked, to be translated where it is reported.

    Level by level, never recursing: the type says how deep its positions are, and
    nothing deeper is looked at.
    """
    outer_levels, fewest_positions, rule = _SHAPES[geometry_type]
    lists = [coordinates]
    for _level in range(outer_levels):
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
        return [
            _("feature {number}").format(number=number) for number in range(1, len(features) + 1)
        ]
    return lines

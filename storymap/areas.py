"""Read the optional GeoJSON file of lines and areas drawn for places.

Each problem names the line on which its feature starts, as the CSV problems do:
the features are decoded one by one from the text so that their positions are known.
"""

from __future__ import annotations

import json
from typing import Any

from storymap import schema
from storymap.model import Area
from storymap.report import WHOLE_FILE, Problem, shorten, unreadable_file
from storymap.storyfiles import StoryFiles

_DECODER = json.JSONDecoder()


def read_areas(files: StoryFiles, place_ids: set[str] | None
               ) -> tuple[list[Area], list[Problem]]:
    """The areas of ``files`` and the problems found; place ids are checked if given."""
    name = schema.AREAS_FILENAME
    try:
        data = files.read(name)
    except OSError as error:
        return [], [unreadable_file(name, error)]
    if data is None:
        return [], []
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        return [], [Problem(name, WHOLE_FILE, WHOLE_FILE,
                            "the file is not UTF-8 text; save it as UTF-8", "encoding")]
    except json.JSONDecodeError as error:
        return [], [Problem(name, error.lineno, WHOLE_FILE,
                            f"not valid JSON: {error.msg}", "geojson")]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        return [], [Problem(name, 1, WHOLE_FILE,
                            "expected a GeoJSON FeatureCollection with a list of features",
                            "geojson")]
    lines = _feature_lines(text, features)
    areas, problems = [], []
    for feature, line in zip(features, lines, strict=True):
        area, feature_problems = area_from_feature(feature, place_ids)
        problems.extend(Problem(name, line, column, message, "area")
                        for column, message in feature_problems)
        if area:
            areas.append(area)
    return areas, problems


def area_from_feature(feature: Any, place_ids: set[str] | None
                      ) -> tuple[Area | None, list[tuple[str, str]]]:
    """One feature as an Area, or the (property, message) problems that stop it."""
    if not isinstance(feature, dict):
        return None, [(WHOLE_FILE, "a feature must be a JSON object")]
    properties = feature.get("properties")
    geometry = feature.get("geometry")
    if not isinstance(properties, dict):
        return None, [("properties", "must be an object with "
                       + ", ".join(schema.AREA_PROPERTIES))]
    if not isinstance(geometry, dict):
        return None, [("geometry", "must be a GeoJSON geometry object")]
    problems = [
        (key, "the property is required") for key in schema.AREA_PROPERTIES
        if not isinstance(properties.get(key), str) or not properties[key].strip()
    ]
    place_id = properties.get("place_id")
    if place_ids is not None and isinstance(place_id, str) and place_id.strip() \
            and place_id not in place_ids:
        problems.append(("place_id", f"'{shorten(place_id)}' is not an id in places.csv"))
    if geometry.get("type") not in schema.AREA_GEOMETRIES:
        problems.append(("geometry", "the type must be one of "
                         + ", ".join(schema.AREA_GEOMETRIES)))
    elif not _positions_in_range(geometry.get("coordinates")):
        problems.append(("geometry", "coordinates must be [longitude, latitude] pairs, "
                         "longitude -180 to 180, latitude -90 to 90"))
    years = {}
    for key in schema.AREA_YEAR_PROPERTIES:
        value = properties.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append((key, f"'{shorten(value)}' is not a whole year"))
        years[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
    if years["from"] is not None and years["to"] is not None and years["to"] < years["from"]:
        problems.append(("to", f"{years['to']} is before the first year, {years['from']}"))
    if problems:
        return None, problems
    return Area(properties["id"], properties["place_id"], properties["name"], geometry,
                year_from=years["from"], year_to=years["to"]), []


def _feature_lines(text: str, features: list) -> list[int | str]:
    """The line each feature of the features list starts on, decoded in order."""
    count = len(features)
    start = text.find("[", text.find('"features"'))
    lines: list[int | str] = []
    position = start + 1
    try:
        for _ in range(count):
            while text[position] in " \t\r\n,":
                position += 1
            lines.append(text.count("\n", 0, position) + 1)
            decoded, position = _DECODER.raw_decode(text, position)
            if decoded != features[len(lines) - 1]:
                raise ValueError("not the features list")
    except (ValueError, IndexError):
        # "features" appears more than once (say, inside a property): number instead.
        return [f"feature {number}" for number in range(1, count + 1)]
    return lines


def _positions_in_range(coordinates: Any) -> bool:
    if not isinstance(coordinates, list) or not coordinates:
        return False
    if all(isinstance(value, (int, float)) and not isinstance(value, bool)
           for value in coordinates):
        return (len(coordinates) == 2 and -180 <= coordinates[0] <= 180
                and -90 <= coordinates[1] <= 90)
    return all(_positions_in_range(item) for item in coordinates)

"""Latitudes and longitudes as other tools' files hold them: numbers, or numbers as text."""

from __future__ import annotations

import math

from storymap import schema
from storymap.report import shorten

EARTH_RADIUS_KM = 6371.0


class CoordinateError(ValueError):
    """A latitude or longitude that is not a number in its range; the message says which."""


def read_coordinate(value: object, column: str) -> float:
    """``value`` as the latitude or longitude (``column``: "lat" or "lon") of a place.

    A number, or a text that is one ("38.81"), within the range the data format allows.
    """
    what = "latitude" if column == "lat" else "longitude"
    if value is None or value == "":
        raise CoordinateError(f"the {what} is missing")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CoordinateError(f"the {what} '{shorten(value)}' is not a number")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise CoordinateError(f"the {what} '{shorten(value)}' is not a number")
    low, high = _range(column)
    if not low <= number <= high:
        raise CoordinateError(
            f"the {what} '{shorten(value)}' is out of range: must be from {low:g} to {high:g}"
        )
    return number


def _range(column: str) -> tuple[float, float]:
    rule = schema.PLACES.column(column)
    return float(rule.minimum or 0), float(rule.maximum or 0)


def coordinates_name(lat: float, lon: float) -> str:
    """A point named by its coordinates, to two decimals: "38.81° N, 121.24° E"."""
    north = f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}"
    east = f"{abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
    return f"{north}, {east}"


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """The great-circle distance between two (lat, lon) points, in kilometres."""
    lat1, lon1, lat2, lon2 = (math.radians(value) for value in (*first, *second))
    half_chord = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half_chord)))

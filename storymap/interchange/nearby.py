"""The nearest of many named points to a point, within a distance.

A place an imported file gives no name is named after the nearest named place within
50 km ("near Port Arthur"). The named points are kept in a k-d tree of their positions
in space (on a sphere of the Earth's radius), so that each search looks at the few
points near the one it names: thousands of places on one latitude, near a pole, or
within a few kilometres of each other cost a few looks each, not one per named place.
A grid of cells in degrees would not: near a pole a cell holds every longitude, and a
cell of a dense cluster holds every point of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from storymap.interchange.coordinates import EARTH_RADIUS_KM, distance_km

_LEAF_SIZE = 8  # points a leaf holds: past it, a leaf's distances cost more than a split
# The most leaves one search opens. Among real places a search opens one to a few; only
# points placed to be as near as each other (a ring around a pole, and points to name at
# the pole) need more, and would need every one.
MAX_LEAVES = 16
# A straight line through the Earth (a chord) is never longer than the way along its
# surface; this margin keeps a rounding error in the chord from hiding a tie.
_ROUNDING_KM = 1e-6


class _Point(NamedTuple):
    x: float
    y: float
    z: float
    lat: float
    lon: float
    name: str


Position = tuple[float, float, float]


@dataclass(frozen=True)
class _Node:
    """Points, and the box that holds them: a leaf, or split in two halves."""

    low: Position  # the box's corners
    high: Position
    points: list[_Point]  # a leaf's; empty for a split
    halves: tuple[_Node, _Node] | None = None


class NamedPoints:
    """Named points (latitude, longitude, name), to find the nearest of them to a point."""

    def __init__(self, points: Iterable[tuple[float, float, str]]) -> None:
        located = [_Point(*_in_space(lat, lon), lat, lon, name) for lat, lon, name in points]
        self._root = _tree(located) if located else None

    def nearest(self, lat: float, lon: float, within_km: float) -> str | None:
        """The name of the point nearest to (``lat``, ``lon``), at most ``within_km``
        away; of two as near, the first by name. None if there is none that close.

        A search opens at most MAX_LEAVES leaves, nearest first: past them (a point
        amid thousands of named points all as near, such as a pole in a ring of
        them) it gives the nearest it found, which is within ``within_km`` too.
        """
        if self._root is None:
            return None
        position = _in_space(lat, lon)
        search = _Search(position, (lat, lon), within_km)
        search.visit(self._root, _distance_to_box(position, self._root))
        return None if search.best is None else search.best[1]


class _Search:
    def __init__(self, position: Position, point: tuple[float, float], within_km: float) -> None:
        self.position = position
        self.point = point
        self.within_km = within_km
        self.best: tuple[float, str] | None = None
        self.leaves_left = MAX_LEAVES

    def visit(self, node: _Node, box_distance: float) -> None:
        """Look in ``node``, whose box is ``box_distance`` km away: every point in it is
        at least that far, straight through the Earth, and no nearer along its surface."""
        if self.leaves_left <= 0:
            return
        reach = self.within_km if self.best is None else self.best[0]
        if box_distance > reach + _ROUNDING_KM:
            return
        if node.halves is None:
            self.leaves_left -= 1
            for other in node.points:
                candidate = (distance_km(self.point, (other.lat, other.lon)), other.name)
                if candidate[0] <= self.within_km and (self.best is None or candidate < self.best):
                    self.best = candidate
            return
        below, above = node.halves
        to_below = _distance_to_box(self.position, below)
        to_above = _distance_to_box(self.position, above)
        if to_above < to_below:
            self.visit(above, to_above)
            self.visit(below, to_below)
        else:
            self.visit(below, to_below)
            self.visit(above, to_above)


def _distance_to_box(position: Position, node: _Node) -> float:
    squares = 0.0
    for value, low, high in zip(position, node.low, node.high, strict=True):
        if value < low:
            squares += (low - value) ** 2
        elif value > high:
            squares += (value - high) ** 2
    return math.sqrt(squares)


def _in_space(lat: float, lon: float) -> Position:
    """A point's position in km from the Earth's centre, on a sphere of its radius."""
    phi, lam = math.radians(lat), math.radians(lon)
    return (
        EARTH_RADIUS_KM * math.cos(phi) * math.cos(lam),
        EARTH_RADIUS_KM * math.cos(phi) * math.sin(lam),
        EARTH_RADIUS_KM * math.sin(phi),
    )


def _tree(points: list[_Point]) -> _Node:
    """The points split in halves on their widest axis, again and again: a k-d tree."""
    low = (min(p.x for p in points), min(p.y for p in points), min(p.z for p in points))
    high = (max(p.x for p in points), max(p.y for p in points), max(p.z for p in points))
    if len(points) <= _LEAF_SIZE:
        return _Node(low, high, points)
    axis = max(range(3), key=lambda axis: high[axis] - low[axis])
    points.sort(key=lambda point: point[axis])
    middle = len(points) // 2
    return _Node(low, high, [], (_tree(points[:middle]), _tree(points[middle:])))

"""The nearest named point within a distance: the same as looking at every one, at the
cost of looking at a few."""

from __future__ import annotations

import random

import pytest

from storymap.interchange import nearby
from storymap.interchange.coordinates import distance_km
from storymap.interchange.nearby import NamedPoints

PORT_ARTHUR = (38.812, 121.243, "Port Arthur")
DALNY = (38.914, 121.614, "Dalny")


@pytest.mark.parametrize(
    ("named", "point", "within_km", "nearest"),
    [
        ([PORT_ARTHUR, DALNY], (38.85, 121.3), 50, "Port Arthur"),
        ([PORT_ARTHUR, DALNY], (38.9, 121.6), 50, "Dalny"),
        ([PORT_ARTHUR], (39.2, 121.243), 50, "Port Arthur"),  # 43 km north
        ([PORT_ARTHUR], (39.3, 121.243), 50, None),  # 54 km north
        ([], (0, 0), 50, None),
        ([(0, 0.1, "b"), (0, -0.1, "a")], (0, 0), 50, "a"),  # as near: the first by name
        ([(0, 179.9, "East")], (0, -179.9), 50, "East"),  # 22 km, across 180°
        ([(89.9, 0, "Here")], (89.9, 180), 50, "Here"),  # 22 km, over the pole
        ([(89.9, 0, "Here")], (-89.9, 0), 50, None),  # the other pole
        ([(10, 20, "Same")], (10, 20), 0, "Same"),
    ],
)
def test_the_nearest_named_point(named, point, within_km, nearest):
    assert NamedPoints(named).nearest(*point, within_km) == nearest


def looking_at_every_point(named, lat, lon, within_km):
    found = [(distance_km((lat, lon), (a, b)), name) for a, b, name in named]
    near = [pair for pair in found if pair[0] <= within_km]
    return min(near)[1] if near else None


@pytest.mark.parametrize("seed", range(5))
def test_the_same_as_looking_at_every_point(seed):
    shuffled = random.Random(seed)
    centre_lat, centre_lon = shuffled.uniform(-89, 89), shuffled.uniform(-180, 180)

    def somewhere() -> tuple[float, float]:
        lat = max(-90.0, min(90.0, centre_lat + shuffled.gauss(0, 0.5)))
        lon = (centre_lon + shuffled.gauss(0, 0.5) + 180) % 360 - 180
        return round(lat, 6), round(lon, 6)

    named = [(*somewhere(), f"p{number % 50}") for number in range(300)]
    points = NamedPoints(named)
    for _ in range(200):
        lat, lon = somewhere()
        assert points.nearest(lat, lon, 50) == looking_at_every_point(named, lat, lon, 50)


def equator_then_far_east(count):
    """``count`` named points on the equator, and as many points to name 100° east."""
    named = [(0.0, number * 0.001, f"p{number}") for number in range(count)]
    return named, [(0.0, 100 + number * 0.001) for number in range(count)]


def dense_on_one_latitude(count):
    """``count`` named points a metre apart on one latitude, and as many between them."""
    named = [(45.0, number * 0.00001, f"p{number}") for number in range(count)]
    return named, [(45.0, number * 0.00001 + 0.000005) for number in range(count)]


def around_a_pole(count):
    """``count`` named points around the north pole, and as many a little nearer it."""
    named = [(89.9, number * 360 / count - 180, f"p{number}") for number in range(count)]
    return named, [(89.95, number * 360 / count - 179.9) for number in range(count)]


def at_the_pole_in_a_ring(count):
    """``count`` named points around the north pole, and as many at the pole, each as
    far from all of them (the pole by every longitude)."""
    named = [(89.9, number * 360 / count - 180, f"p{number}") for number in range(count)]
    return named, [(90.0, number * 0.001) for number in range(count)]


@pytest.mark.parametrize(
    ("layout", "count", "most_per_search"),
    [
        # 6,000 searches among 6,000 named points: one distance per pair would be 36
        # million (the places of the first layout took 45 s so); a few each, some 50,000.
        (equator_then_far_east, 6_000, 8),
        (dense_on_one_latitude, 6_000, 8),
        # Points about as near as each other: the search stops at its limit.
        (around_a_pole, 1_000, nearby.MAX_LEAVES * 8),
        (at_the_pole_in_a_ring, 1_000, nearby.MAX_LEAVES * 8),
    ],
)
def test_each_search_measures_a_few_distances_not_one_per_named_point(
    layout, count, most_per_search, monkeypatch
):
    measured = 0

    def counted(first, second):
        nonlocal measured
        measured += 1
        return distance_km(first, second)

    monkeypatch.setattr(nearby, "distance_km", counted)
    named, points = layout(count)
    tree = NamedPoints(named)
    found = [tree.nearest(lat, lon, 50) for lat, lon in points]
    assert measured <= most_per_search * len(points)
    names = {name for _, _, name in named}
    assert all(name is None if layout is equator_then_far_east else name in names for name in found)

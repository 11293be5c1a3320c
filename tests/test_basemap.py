"""The basemap's preparation (storymap/basemap.py): coast and borders told apart by
counting edges, simplification that keeps where lines meet, and the real thing made
from the installed Natural Earth package, checked at the story's places."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
import shapefile

from storymap import basemap
from storymap.basemap import (
    GRID,
    LEVELS,
    WORLD,
    Outline,
    contains,
    land_polygons,
    on_grid,
    outline,
    prepare_basemap,
    prepared_basemap,
    signed_area,
    simplified,
    simplified_outline,
    simplified_ring,
)

# Rings as a shapefile has them: outer rings clockwise. Two countries side by side
# share the edge x=10; an island lies off them.
WEST = [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]
EAST = [(10, 0), (10, 10), (20, 10), (20, 0), (10, 0)]
ISLAND = [(30, 0), (30, 5), (35, 5), (35, 0), (30, 0)]


def edges_of(lines) -> set[frozenset]:
    return {frozenset(edge) for line in lines for edge in zip(line, line[1:], strict=False)}


@pytest.mark.parametrize(
    ("ring", "expected"),
    [
        ([(1.004, 2.006), (3.0, 4.0)], [(100, 201), (300, 400), (100, 201)]),  # rounded, closed
        ([(0.001, 0.0), (0.002, 0.001), (1.0, 0.0)], [(0, 0), (100, 0), (0, 0)]),  # once each
        ([(-179.999, -89.996), (0.0, 0.0)], [(-18000, -9000), (0, 0), (-18000, -9000)]),
        ([(5.0, 5.0), (6.0, 5.0), (5.0, 5.0)], [(500, 500), (600, 500), (500, 500)]),  # closed
    ],
)
def test_rings_are_rounded_to_two_decimals_each_point_once(ring, expected):
    assert GRID == 100
    assert on_grid(ring) == expected


def test_an_edge_two_countries_share_is_a_border_and_one_used_once_is_coast():
    world = outline([[WEST], [EAST], [ISLAND]])
    assert edges_of(world.borders) == {frozenset({(10, 0), (10, 10)})}
    coast = edges_of(world.coast_rings)
    assert frozenset({(10, 0), (10, 10)}) not in coast
    assert coast == edges_of([WEST, EAST, ISLAND]) - {frozenset({(10, 0), (10, 10)})}
    assert len(world.coast_rings) == 2  # the two countries' outline, and the island
    assert all(ring[0] == ring[-1] for ring in world.coast_rings)


def test_edges_inside_one_country_are_neither_coast_nor_border():
    # One country in two parts that touch along x=10, and a ring with a spike.
    spiked = [(30, 0), (30, 5), (32, 5), (32, 9), (32, 5), (35, 5), (35, 0), (30, 0)]
    world = outline([[WEST, EAST], [spiked]])
    assert world.borders == []
    coast = edges_of(world.coast_rings)
    assert frozenset({(10, 0), (10, 10)}) not in coast
    assert frozenset({(32, 5), (32, 9)}) not in coast
    assert len(world.coast_rings) == 2


def test_borders_run_from_junction_to_junction():
    # Three countries meet at (10, 10): three borders, each ending there.
    south_west = [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]
    south_east = [(10, 0), (10, 10), (20, 10), (20, 0), (10, 0)]
    north = [(0, 10), (0, 20), (20, 20), (20, 10), (10, 10), (0, 10)]
    world = outline([[south_west], [south_east], [north]])
    assert sorted(sorted(line) for line in world.borders) == [
        [(0, 10), (10, 10)],
        [(10, 0), (10, 10)],
        [(10, 10), (20, 10)],
    ]


def test_an_enclave_has_its_border_as_a_closed_loop():
    outer = [(0, 0), (0, 30), (30, 30), (30, 0), (0, 0)]
    hole = [(10, 10), (20, 10), (20, 20), (10, 20), (10, 10)]  # anticlockwise: a hole
    enclave = [(10, 10), (10, 20), (20, 20), (20, 10), (10, 10)]
    world = outline([[outer, hole], [enclave]])
    (loop,) = world.borders
    assert loop[0] == loop[-1] and len(loop) == 5
    assert edges_of(world.coast_rings) == edges_of([outer])


@pytest.mark.parametrize(
    ("line", "tolerance", "expected"),
    [
        ([(0, 0), (5, 1), (10, 0)], 2, [(0, 0), (10, 0)]),  # a bump within the tolerance
        ([(0, 0), (5, 3), (10, 0)], 2, [(0, 0), (5, 3), (10, 0)]),  # one beyond it
        ([(0, 0), (1, 0), (2, 0), (3, 0)], 1, [(0, 0), (3, 0)]),  # a straight line
        ([(0, 0), (4, 0)], 1, [(0, 0), (4, 0)]),
        ([(0, 0), (5, 0), (5, 5), (0, 0)], 1, [(0, 0), (5, 0), (5, 5), (0, 0)]),  # closed
    ],
)
def test_lines_are_simplified_within_the_tolerance(line, tolerance, expected):
    assert simplified(line, tolerance) == expected


def test_a_ring_keeps_its_fixed_points_and_an_island_keeps_its_shape():
    # A wavy square: simplified, its corners stay, and so does a fixed point on a side.
    side = [(x, (x % 2)) for x in range(41)]
    ring = side + [(40, 40), (0, 40), (0, 0)]
    kept = simplified_ring(ring, fixed={(17, 1)}, tolerance=3)
    assert kept[0] == kept[-1]
    assert {(0, 0), (40, 0), (40, 40), (0, 40), (17, 1)} <= set(kept)
    assert len(kept) < 10
    # A small island, simplified too much, is simplified less: a triangle at least.
    island = [(0, 0), (0, 3), (1, 4), (9, 4), (10, 3), (10, 0), (0, 0)]
    small = simplified_outline(Outline([island], []), tolerance=20, smallest_island=1)
    assert len(small.coast_rings[0]) >= 4 and abs(signed_area(small.coast_rings[0])) > 0
    assert simplified_outline(Outline([island], []), 20, smallest_island=1000).coast_rings == []


def test_borders_still_end_on_the_coast_once_simplified():
    wavy_coast = [(0, 0)] + [(x, 100 + x % 3) for x in range(0, 201, 10)] + [(200, 0), (0, 0)]
    west = [(0, 0), *((x, 100 + x % 3) for x in range(0, 101, 10)), (100, 0), (0, 0)]
    east = [(100, 0), *((x, 100 + x % 3) for x in range(100, 201, 10)), (200, 0), (100, 0)]
    world = simplified_outline(outline([[ring[::-1]] for ring in (west, east)]), 5, 1)
    (border,) = world.borders
    coast_points = {point for ring in world.coast_rings for point in ring}
    assert border[0] in coast_points and border[-1] in coast_points
    assert len(wavy_coast) > len(world.coast_rings[0])


def test_land_rings_become_polygons_turned_as_geojson_turns_them():
    outer = [(0, 0), (0, 30), (30, 30), (30, 0), (0, 0)]  # clockwise, as in a shapefile
    lake = [(10, 10), (20, 10), (20, 20), (10, 20), (10, 10)]  # anticlockwise: a hole
    island = [(40, 0), (40, 5), (45, 5), (45, 0), (40, 0)]
    polygons = land_polygons([outer, lake, island])
    assert len(polygons) == 2
    with_lake = next(polygon for polygon in polygons if len(polygon) == 2)
    assert signed_area(with_lake[0]) > 0 and signed_area(with_lake[1]) < 0  # RFC 7946


def write_shapefile(folder: Path, countries: list[list[list[tuple[float, float]]]]) -> Path:
    path = folder / "countries"
    with shapefile.Writer(str(path), shapeType=shapefile.POLYGON) as writer:
        writer.field("NAME", "C")
        for number, rings in enumerate(countries):
            writer.poly(rings)
            writer.record(f"Country {number}")
    return path.with_suffix(".shp")


def test_a_shapefile_becomes_land_and_borders_with_two_decimals(tmp_path):
    def degrees(ring, shift=0.0):
        return [(x / 10 + shift, y / 10 + 40.123456) for x, y in ring]

    archive = write_shapefile(
        tmp_path, [[degrees(WEST)], [degrees(EAST)], [degrees(ISLAND, 0.004)]]
    )
    geojson = json.loads(prepare_basemap(archive, [WORLD])["world"])
    kinds = {f["properties"]["kind"]: f["geometry"] for f in geojson["features"]}
    assert kinds["land"]["type"] == "MultiPolygon" and kinds["border"]["type"] == "MultiLineString"
    assert len(kinds["land"]["coordinates"]) == 2
    assert kinds["border"]["coordinates"] in (
        [[[1, 40.12], [1, 41.12]]],
        [[[1, 41.12], [1, 40.12]]],
    )
    numbers = [
        value
        for polygon in kinds["land"]["coordinates"]
        for ring in polygon
        for point in ring
        for value in point
    ]
    assert all(round(value, 2) == value for value in numbers)
    assert 3.0 in numbers and 3.5 in numbers  # the island, 0.004 east, on the grid


def test_the_prepared_basemap_is_kept_until_its_source_or_settings_change(tmp_path, monkeypatch):
    archive = write_shapefile(tmp_path, [[[(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]]])
    folder = tmp_path / "served"
    first = prepared_basemap(folder, archive)
    assert set(first) == {level.name for level in LEVELS}
    for level in LEVELS:
        assert (folder / level.file).read_text(encoding="utf-8") == first[level.name]

    def fail(_archive, _levels):
        raise AssertionError("prepared again")

    monkeypatch.setattr(basemap, "prepare_basemap", fail)
    assert prepared_basemap(folder, archive) == first
    finer = [dataclasses.replace(WORLD, tolerance=WORLD.tolerance - 1)]
    with pytest.raises(AssertionError, match="prepared again"):
        prepared_basemap(folder, archive, finer)


# --- the basemap made from the installed Natural Earth package ----------------------


@pytest.fixture(scope="module")
def levels() -> dict[str, dict]:
    texts = prepare_basemap(basemap.source_archive())
    return {name: {"text": text, "geojson": json.loads(text)} for name, text in texts.items()}


@pytest.fixture(params=[level.name for level in LEVELS])
def world(request, levels) -> dict:
    """Each level of the basemap in turn: every check holds for both."""
    return levels[request.param]


def geometry(world: dict, kind: str) -> list:
    return next(
        feature["geometry"]["coordinates"]
        for feature in world["geojson"]["features"]
        if feature["properties"]["kind"] == kind
    )


def on_land(world: dict, lat: float, lon: float) -> bool:
    rings = [ring for polygon in geometry(world, "land") for ring in polygon]
    return sum(contains(ring, (lon, lat)) for ring in rings) % 2 == 1


def kilometres_to(lines: list, lat: float, lon: float) -> float:
    """The distance from (lat, lon) to the nearest of ``lines``, on a local flat map."""
    east, north = 111.2 * math.cos(math.radians(lat)), 111.2
    nearest = math.inf
    for line in lines:
        for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False):
            ax, ay = (x0 - lon) * east, (y0 - lat) * north
            dx, dy = (x1 - x0) * east, (y1 - y0) * north
            length = dx * dx + dy * dy
            along = max(0.0, min(1.0, -(ax * dx + ay * dy) / length)) if length else 0.0
            nearest = min(nearest, math.hypot(ax + along * dx, ay + along * dy))
    return nearest


def coast_km(world: dict, lat: float, lon: float) -> float:
    return kilometres_to([ring for p in geometry(world, "land") for ring in p], lat, lon)


def test_the_basemap_sent_with_every_map_is_small_and_the_detail_only_larger(levels):
    sizes = {name: len(level["text"].encode("utf-8")) for name, level in levels.items()}
    assert sizes["world"] <= 320_000  # sent with every map
    assert sizes["world"] < sizes["detail"] <= 1_000_000  # asked for when zoomed in
    assert all(level["text"].isascii() for level in levels.values())
    assert [level.from_zoom for level in LEVELS] == sorted(level.from_zoom for level in LEVELS)


# (place, lat, lon, on land?, at most this far from the coast in km, or None)
PLACES = [
    ("Port Arthur, on the Liaodong peninsula", 38.812, 121.243, True, 15),
    ("the Liaodong peninsula's middle", 39.6, 122.3, True, None),
    ("Portsmouth, New Hampshire", 43.071, -70.762, True, 15),
    ("Kherson, on the Dnieper's estuary", 46.635, 32.617, None, 5),
    ("Iturup", 45.2, 148.0, True, None),
    ("Kunashir", 44.0, 145.8, True, None),
    ("Shikotan", 43.8, 146.75, True, None),
    ("Urup", 45.9, 149.9, True, None),
    ("Paramushir, at the chain's north end", 50.4, 155.8, True, None),
    ("Sakhalin", 46.959, 142.738, True, None),
    ("Tsushima Island", 34.55, 129.35, True, None),
    ("the Tsushima Strait", 34.0, 129.2, False, None),
    ("Tokyo", 35.681, 139.767, True, 15),
    ("Moscow", 55.756, 37.617, True, None),
    ("the Sea of Japan", 40.0, 135.0, False, None),
    ("the Sea of Okhotsk", 50.0, 150.0, False, None),
    ("the Black Sea", 43.0, 34.0, False, None),
    ("the Caspian Sea, a hole in the land", 42.0, 50.5, False, None),
    ("the Atlantic", 40.0, -50.0, False, None),
]


@pytest.mark.parametrize(
    ("place", "lat", "lon", "land", "near_coast"), PLACES, ids=[place[0] for place in PLACES]
)
def test_the_storys_places_are_where_they_should_be(world, place, lat, lon, land, near_coast):
    if land is not None:
        assert on_land(world, lat, lon) is land
    if near_coast is not None:
        assert coast_km(world, lat, lon) <= near_coast


@pytest.mark.parametrize(
    ("border", "lat", "lon"),
    [
        ("Canada and the United States, on the 49th parallel", 49.0, -100.0),
        ("Russia and China, on the Amur at Blagoveshchensk", 50.26, 127.54),
        ("Ukraine and Russia", 50.3, 36.5),
    ],
)
def test_land_borders_are_borders_not_coast(world, border, lat, lon):
    assert kilometres_to(geometry(world, "border"), lat, lon) < 15
    assert coast_km(world, lat, lon) > 100

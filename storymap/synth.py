"""Write a synthetic story of any size: a valid data folder for benchmarks and tests.

Deterministic for a seed. Places cluster around a few dozen centres, as the places
of a real story do (the battles of one war, the towns of one region), with a sprinkle
over the whole world; dates spread over two centuries with the precisions and spans of
real data; texts vary in length.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from storymap import schema

_WORDS = (
    "treaty",
    "siege",
    "harbour",
    "fleet",
    "border",
    "island",
    "river",
    "fortress",
    "railway",
    "port",
    "garrison",
    "delegation",
    "armistice",
    "offensive",
    "retreat",
    "lease",
    "envoy",
    "convoy",
    "strait",
    "peninsula",
    "mountain",
    "bridge",
    "station",
    "cathedral",
    "market",
    "archive",
    "expedition",
    "survey",
)
_ERAS = (
    ("early", "Early period", 1800, 1899, "#D55E00"),
    ("middle", "Middle period", 1900, 1949, "#0072B2"),
    ("late", "Late period", 1950, 2025, "#009E73"),
)


def write_synthetic_story(folder: Path, places: int, events_per_place: int, seed: int = 1) -> None:
    """Write places.csv, events.csv, sources.csv and eras.csv into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    centres = [(rng.uniform(-55, 65), rng.uniform(-170, 170)) for _ in range(40)]
    place_rows = []
    for number in range(places):
        if rng.random() < 0.9:
            lat0, lon0 = rng.choice(centres)
            lat, lon = lat0 + rng.gauss(0, 3), lon0 + rng.gauss(0, 4)
        else:
            lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
        place_rows.append(
            {
                "id": f"place-{number}",
                "name": f"{_phrase(rng, 1, 2).title()} {number}",
                "lat": f"{max(-89.9, min(89.9, lat)):.4f}",
                "lon": f"{((lon + 180) % 360) - 180:.4f}",
                "role": "featured" if number % 50 == 0 else "context",
                "today": _phrase(rng, 2, 6).capitalize(),
                "location_note": "",
            }
        )
    source_rows = [
        {
            "id": "article",
            "kind": "article",
            "title": "A synthetic article",
            "publisher": "",
            "url": "",
            "published": "2022-11",
        }
    ]
    source_rows += [
        {
            "id": f"ref-{n}",
            "kind": "reference",
            "title": f"Reference {n}",
            "publisher": "Encyclopedia",
            "url": f"https://example.org/ref/{n}",
            "published": "",
        }
        for n in range(20)
    ]
    event_rows = []
    for place in place_rows:
        for number in range(events_per_place):
            cited = rng.random() < 0.2
            event_rows.append(
                {
                    "id": f"{place['id']}-event-{number}",
                    "place_id": place["id"],
                    "date": _date(rng),
                    "old_style": "",
                    "title": _phrase(rng, 3, 8).capitalize(),
                    "summary": _phrase(rng, 10, 40).capitalize() + ".",
                    "source_id": "article" if cited else f"ref-{rng.randrange(20)}",
                    "details_source_id": "",
                    "quote": _phrase(rng, 5, 15) if cited else "",
                }
            )
    era_rows = [
        {"id": era_id, "label": label, "from": first, "to": last, "colour": colour}
        for era_id, label, first, last, colour in _ERAS
    ]
    _write(folder / schema.PLACES.filename, place_rows)
    _write(folder / schema.SOURCES.filename, source_rows)
    _write(folder / schema.EVENTS.filename, event_rows)
    _write(folder / schema.ERAS.filename, era_rows)


def _date(rng: random.Random) -> str:
    year = rng.randint(1800, 2025)
    kind = rng.random()
    if kind < 0.15:
        return str(year)
    month = rng.randint(1, 12)
    if kind < 0.3:
        return f"{year}-{month:02d}"
    day = rng.randint(1, 28)
    if kind < 0.85:
        return f"{year}-{month:02d}-{day:02d}"
    end_day = min(28, day + rng.randint(1, 20))
    return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{end_day:02d}"


def _phrase(rng: random.Random, shortest: int, longest: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(shortest, longest)))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

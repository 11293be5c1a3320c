"""A valid data folder whose every text cell is hostile: markup, script, formulas, tricks.

Every payload that could run sets ``window.__pwned``; a test that finds it set has found
a hole. The strings are also what a reader must see, character for character.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

FLAG = "__pwned"

HOSTILE = (
    f"<script>window.{FLAG}=1</script>",
    f'<img src=x onerror="window.{FLAG}=1">',
    f"<svg onload=window.{FLAG}=1>",
    f"</script><script>window.{FLAG}=1</script>",
    f"`${{window.{FLAG}=1}}` and ${{alert(1)}}",
    f'\\"; window.{FLAG}=1; // back\\slash',
    f'"><b onmouseover="window.{FLAG}=1">bold</b>',
    f"' onmouseover='window.{FLAG}=1",
    f"[click me](javascript:window.{FLAG}=1)",
    "![tracker](http://evil.example/pixel.png)",
    f"javascript:window.{FLAG}=1",
    "\u202eevil right-to-left\u202c and zero\u200bwidth\u200d joiners",
    "{{ 7*7 }} {% raw %} jinja",
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3 a formula",
    "**bold** _italic_ <u>underline</u> :material/warning: $x^2$",
    "a" * 10_000,
)
COUNT = len(HOSTILE)


def hostile(number: int) -> str:
    return HOSTILE[number % COUNT]


def place_name(number: int) -> str:
    # A prefix keeps names apart, so that each place can be found by its name.
    return f"P{number} {hostile(number)}"


def event_title(number: int) -> str:
    return f"E{number} {hostile(number + 1)}"


def write_hostile_story(folder: Path) -> None:
    """One place, event and source per hostile string, names, links, eras and areas."""
    folder.mkdir(parents=True, exist_ok=True)
    places, events, sources, names, links = [], [], [], [], []
    for number in range(COUNT):
        places.append(
            {
                "id": f"place-{number}",
                "name": place_name(number),
                "lat": 20 + 6 * (number // 5),
                "lon": 10 + 8 * (number % 5),
                "role": "featured" if number < 4 else "context",
                "today": hostile(number + 2),
                "location_note": hostile(number + 3),
            }
        )
        sources.append(
            {
                "id": f"source-{number}",
                "kind": "article" if number == 0 else "reference",
                "title": hostile(number + 4),
                "publisher": hostile(number + 5),
                "url": f"https://example.org/{number}?q=${{alert({number})}}&`x`",
                "published": "2022-11",
            }
        )
        events.append(
            {
                "id": f"event-{number}",
                "place_id": f"place-{number}",
                "date": f"{1900 + number}-0{1 + number % 9}-1{number % 9}",
                "old_style": "true" if number % 2 else "",
                "title": event_title(number),
                "summary": hostile(number + 6),
                "source_id": f"source-{number}",
                "details_source_id": f"source-{(number + 1) % COUNT}",
                "quote": hostile(number + 7),
            }
        )
        names.append(
            {
                "place_id": f"place-{number}",
                "language": "ja",
                "name": hostile(number + 8),
                "romanized": hostile(number + 9),
                "from": "",
                "to": "",
            }
        )
        if number:
            links.append(
                {
                    "from_event": f"event-{number - 1}",
                    "to_event": f"event-{number}",
                    "type": "leads-to",
                    "label": hostile(number + 10),
                }
            )
    _write(folder / "places.csv", places)
    _write(folder / "events.csv", events)
    _write(folder / "sources.csv", sources)
    _write(folder / "names.csv", names)
    _write(folder / "links.csv", links)
    _write(
        folder / "eras.csv",
        [
            {"id": "early", "label": hostile(11), "from": 1900, "to": 1909, "colour": "#D55E00"},
            {"id": "late", "label": hostile(12), "from": 1910, "to": 1930, "colour": "#0072B2"},
        ],
    )
    (folder / "areas.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "id": f"area-{number}",
                            "place_id": f"place-{number}",
                            "name": f"A{number} {hostile(number + 13)}",
                        },
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[10 + 8 * number, 17], [14 + 8 * number, 17]],
                        },
                    }
                    for number in range(2)
                ],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

"""The standalone HTML map: one file, everything inlined, written by the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from storymap.export import standalone_html
from tests.conftest import PROJECT_ROOT, replace_in_file

# Addresses a standalone map may name: the tiles it shows, the credits it gives, and
# two that Leaflet's own code names (the SVG namespace, and a comment).
ALLOWED_ADDRESSES = {
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://www.openstreetmap.org/copyright",
    "https://www.naturalearthdata.com/",
    "https://leafletjs.com",
    "http://www.w3.org/2000/svg",
    "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
}


def run_export(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storymap", "export", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_writes_one_self_contained_file(tmp_path: Path, story):
    target = tmp_path / "map.html"
    result = run_export("--html", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"wrote {target}: {len(story.places)} places, {len(story.events)} events"
    )
    document = target.read_text(encoding="utf-8")
    assert "<title>Russia and Japan have fought before</title>" in document
    assert not re.search(r"<script[^>]+src=", document)  # every script is inline
    assert not re.search(r"<link[^>]+stylesheet", document)  # every stylesheet too
    assert set(re.findall(r"https?://[^\s\"'<>)\\]+", document)) <= ALLOWED_ADDRESSES
    assert "Leaflet 1.9" in document  # Leaflet itself is in the file, from its package


def test_the_command_exports_another_folder_and_refuses_a_broken_one(tmp_path, data_copy):
    replace_in_file(data_copy / "places.csv", "kherson,Kherson,", "kherson,Kherson City,")
    target = tmp_path / "map.html"
    assert run_export("--html", str(target), str(data_copy)).returncode == 0
    assert "Kherson City" in standalone_html_places(target)
    replace_in_file(data_copy / "places.csv", "43.080,-70.739", "95,-70.739")
    broken = tmp_path / "broken.html"
    result = run_export("--html", str(broken), str(data_copy))
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    )
    assert not broken.exists()


def standalone_html_places(path: Path) -> str:
    """The place data a standalone file carries (base64 in a data: address), decoded."""
    import base64

    encoded = re.search(
        r"data:application/json;base64,([A-Za-z0-9+/=]+)", path.read_text(encoding="utf-8")
    ).group(1)
    return base64.b64decode(encoded).decode("utf-8")


def test_a_title_with_markup_stays_text(story):
    document = standalone_html(story, "<script>alert(1)</script>")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in document
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in document


def test_the_basemap_travels_in_the_file_so_it_is_legible_offline(story):
    document = standalone_html(story, "A story", tiles=True)
    # StoryMap.basemapLayer(map_..., {options}, {the basemap's GeoJSON});
    call = document[document.index("StoryMap.basemapLayer(") :].split(", ", 1)[1]
    options, end = json.JSONDecoder().raw_decode(call)
    levels, _ = json.JSONDecoder().raw_decode(call[end:].removeprefix(", "))
    assert options["urls"] is None
    assert list(levels) == ["world", "detail"]
    for basemap in levels.values():
        kinds = [feature["properties"]["kind"] for feature in basemap["features"]]
        assert kinds == ["land", "border"]
    assert len(document.encode("utf-8")) < 1_600_000  # the basemap is most of it
    assert "Map tiles © OpenStreetMap contributors" in document


def test_an_export_with_no_tiles_credits_natural_earth_and_names_no_tile_server(story):
    document = standalone_html(story, "A story", tiles=False)
    assert "tile.openstreetmap.org" not in document
    assert "Land and borders from Natural Earth." in document
    assert "https://www.naturalearthdata.com/" in document

"""Serve the map's JavaScript and CSS from the app itself, so the map needs no CDN.

Leaflet comes from the ``xstatic-leaflet`` package on PyPI. At start-up its files are
copied into ``static/vendor/leaflet/``, which Streamlit serves at ``/app/static/``
(``[server] enableStaticServing``), and the map's own script (the story layer, in
``storymap/static/``), alone and bundled after Leaflet's, into ``static/storymap/``.
The map then loads Leaflet and its own code from there, as one file, and nothing
else: it uses no plugin that needs jQuery, Bootstrap or icon fonts. Setting
``STORYMAP_ASSETS=cdn`` loads Leaflet from folium's public CDN addresses instead; the
map's own script still comes from the app. The basemap under the tiles (land, coasts
and borders; storymap.basemap) is prepared into ``static/storymap/`` beside them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storymap.basemap import LEVELS, prepared_basemap
from storymap.served_files import write_whole

ASSETS_ENVIRONMENT_VARIABLE = "STORYMAP_ASSETS"
STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"  # root-relative: the map runs in the component's own frame
LEAFLET_FOLDER = "vendor/leaflet"
# The map's own browser code, served from MAP_CODE_FOLDER under the static folder.
MAP_CODE_SOURCE = Path(__file__).resolve().parent / "static"
MAP_CODE_FOLDER = "storymap"
STORY_LAYER_SCRIPT = "storylayer.js"
STORY_LAYER_STYLE = "storylayer.css"
MAP_BUNDLE = "map.js"  # Leaflet and the story layer, served as one file

if TYPE_CHECKING:  # imported where a map is built: a page with its map rendered has no need
    import folium


@functools.cache
def map_code(name: str) -> str:
    """The text of one of the map's own browser files (storymap/static/).

    Read once per process: the copy served, the copy inlined and the version in its
    address are then always the same text, even if the source changes underneath.
    """
    return (MAP_CODE_SOURCE / name).read_text(encoding="utf-8")


@functools.cache
def map_bundle() -> str:
    """Leaflet and the map's own script as one file, for a map that loads both from the app.

    streamlit-folium loads a map's files one after another, and each one delays the
    map's first paint: one file costs one wait, where two cost two.
    """
    return f"{_read(leaflet_folder() / 'leaflet.js')}\n;\n{map_code(STORY_LAYER_SCRIPT)}"


@functools.lru_cache(maxsize=64)
def _served_url(name: str, text: str) -> str:
    # The content's hash in the address: a browser that kept an older copy asks again.
    # Kept: the texts are read once per process, and the basemap's are megabytes.
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{STATIC_URL}/{MAP_CODE_FOLDER}/{name}?v={version}"


@dataclass(frozen=True)
class MapAssets:
    """Where the map loads its scripts and stylesheets from."""

    mode: str  # "local" or "cdn"

    def apply(self, base_map: folium.Map, own_code: bool = True) -> None:
        """Point the map at Leaflet, from the app or folium's CDN, and at its own code.

        ``own_code``: the story layer's script, and its few lines of style, which travel
        inside the map; without it, a plain folium map with the app's Leaflet.
        """
        if self.mode == "local":
            script = (
                _served_url(MAP_BUNDLE, map_bundle())
                if own_code
                else f"{STATIC_URL}/{LEAFLET_FOLDER}/leaflet.js"
            )
            base_map.default_js = [("leaflet", script)]
            base_map.default_css = [("leaflet_css", f"{STATIC_URL}/{LEAFLET_FOLDER}/leaflet.css")]
        elif own_code:
            story_layer = _served_url(STORY_LAYER_SCRIPT, map_code(STORY_LAYER_SCRIPT))
            base_map.default_js = [*base_map.default_js, ("storylayer", story_layer)]
        if own_code:
            import folium

            header = base_map.get_root().header  # type: ignore[attr-defined]  # a branca Figure
            style = folium.Element(f"<style>{map_code(STORY_LAYER_STYLE)}</style>")
            header.add_child(style, name="storylayer_style")


def assets_from_environment(environ: dict[str, str] | None = None) -> MapAssets:
    value = (environ if environ is not None else os.environ).get(ASSETS_ENVIRONMENT_VARIABLE, "")
    return MapAssets("cdn" if value.strip().lower() == "cdn" else "local")


def install_map_assets(static_folder: Path = STATIC_FOLDER) -> None:
    """Copy Leaflet and the map's own files into the served folder, and prepare the
    basemap there."""
    install_leaflet(static_folder)
    install_map_code(static_folder)
    basemap_texts(static_folder)


@functools.cache
def basemap_texts(static_folder: Path = STATIC_FOLDER) -> dict[str, str]:
    """Each level of the basemap (storymap.basemap), by name, as served from
    ``static_folder``: prepared there once, or read back from an earlier start; then
    kept for the process, so the copies served and the versions in their addresses
    always match."""
    return prepared_basemap(static_folder / MAP_CODE_FOLDER)


def basemap_urls(static_folder: Path = STATIC_FOLDER) -> dict[str, str]:
    """Where the map loads each level of its basemap from, with its content's version."""
    texts = basemap_texts(static_folder)
    return {level.name: _served_url(level.file, texts[level.name]) for level in LEVELS}


def install_map_code(static_folder: Path = STATIC_FOLDER) -> Path:
    """Write the map's own script, alone and bundled with Leaflet, into the served
    folder; return the folder."""
    target = static_folder / MAP_CODE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name, text in (
        (STORY_LAYER_SCRIPT, map_code(STORY_LAYER_SCRIPT)),
        (MAP_BUNDLE, map_bundle()),
    ):
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_whole(path, text)  # a page being served never sees half a file
    return target


def install_leaflet(static_folder: Path = STATIC_FOLDER) -> Path:
    """Copy Leaflet from its installed package into the served folder; return that folder."""
    import xstatic.pkg.leaflet as leaflet_package

    return install_xstatic(leaflet_package, static_folder / LEAFLET_FOLDER)


def leaflet_folder() -> Path:
    """Where the installed xstatic-leaflet package keeps Leaflet's files."""
    import xstatic.pkg.leaflet as leaflet_package

    return Path(leaflet_package.BASE_DIR)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def install_xstatic(package, target: Path) -> Path:
    """Copy the files of an XStatic package into ``target``, the served folder.

    Copies only when the installed version differs from the one already there, so
    start-up is cheap and an upgrade of the package is picked up.
    """
    stamp = target / "VERSION"
    if _installed(stamp, package.VERSION):
        return target
    # A staging folder of this writer's own: copies of the app sharing the folder may
    # all be installing at once (storymap.served_files).
    staging = target.with_name(f"{target.name}.{secrets.token_hex(8)}.new")
    shutil.copytree(
        package.BASE_DIR, staging, ignore=shutil.ignore_patterns("*.map", "*.esm.js", "__pycache__")
    )
    (staging / "VERSION").write_text(package.VERSION + "\n")
    if not _installed(stamp, package.VERSION):  # another writer may have finished first
        shutil.rmtree(target, ignore_errors=True)
        # A rename, so a page being served never sees half a copy; it fails only when
        # another writer has just put the same files there.
        with contextlib.suppress(OSError):
            staging.rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target


def _installed(stamp: Path, version: str) -> bool:
    try:
        return stamp.read_text().strip() == version
    except FileNotFoundError:
        return False

"""Serve the map's JavaScript and CSS from the app itself, so the map needs no CDN.

Leaflet comes from the ``xstatic-leaflet`` package on PyPI. At start-up its files are
copied into ``static/vendor/leaflet/``, which Streamlit serves at ``/app/static/``
(``[server] enableStaticServing``). The map then loads Leaflet from there and
nothing else: it uses no plugin that needs jQuery, Bootstrap or icon fonts.
Setting ``STORYMAP_ASSETS=cdn`` leaves folium's public CDN addresses in place.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import folium

ASSETS_ENVIRONMENT_VARIABLE = "STORYMAP_ASSETS"
STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"  # root-relative: the map runs in the component's own frame
LEAFLET_FOLDER = "vendor/leaflet"


@dataclass(frozen=True)
class MapAssets:
    """Where the map loads its scripts and stylesheets from."""

    mode: str  # "local" or "cdn"

    @property
    def js(self) -> list[tuple[str, str]]:
        return [("leaflet", f"{STATIC_URL}/{LEAFLET_FOLDER}/leaflet.js")]

    @property
    def css(self) -> list[tuple[str, str]]:
        return [("leaflet_css", f"{STATIC_URL}/{LEAFLET_FOLDER}/leaflet.css")]

    def apply(self, base_map: folium.Map) -> None:
        """Point the map at these assets instead of folium's CDN defaults."""
        if self.mode == "local":
            base_map.default_js = self.js
            base_map.default_css = self.css


def assets_from_environment(environ: dict[str, str] | None = None) -> MapAssets:
    value = (environ if environ is not None else os.environ).get(ASSETS_ENVIRONMENT_VARIABLE, "")
    return MapAssets("cdn" if value.strip().lower() == "cdn" else "local")


def install_leaflet(static_folder: Path = STATIC_FOLDER) -> Path:
    """Copy Leaflet from its installed package into the served folder; return that folder."""
    import xstatic.pkg.leaflet as leaflet_package

    return install_xstatic(leaflet_package, static_folder / LEAFLET_FOLDER)


def install_xstatic(package, target: Path) -> Path:
    """Copy the files of an XStatic package into ``target``, the served folder.

    Copies only when the installed version differs from the one already there, so
    start-up is cheap and an upgrade of the package is picked up.
    """
    stamp = target / "VERSION"
    if stamp.is_file() and stamp.read_text().strip() == package.VERSION:
        return target
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(
        package.BASE_DIR, staging, ignore=shutil.ignore_patterns("*.map", "*.esm.js", "__pycache__")
    )
    (staging / "VERSION").write_text(package.VERSION + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)  # a rename, so a page being served never sees half a copy
    return target

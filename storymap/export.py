"""The story as one standalone HTML file: a map that opens from disk, with no server.

The file carries everything but the background tiles: Leaflet's script and stylesheet
(from the installed ``xstatic-leaflet`` package, its images as data addresses), the
map's own (storymap/static/), the story's places and areas with each place's events
(for the popups), the title, the legend and the events without a place, and the
basemap drawn under the tiles (land, coasts and borders from Natural Earth;
storymap.basemap). It makes no request to any CDN, so it works behind a firewall; only
the tiles come from OpenStreetMap (and the story's own media, from their addresses),
and without them, offline, the basemap shows where the places are.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from storymap import panel, style
from storymap.assets import STORY_LAYER_SCRIPT, MapAssets, basemap_texts, leaflet_folder, map_code
from storymap.folium_map import build_base_map
from storymap.i18n import _, current_language
from storymap.map_features import inline_story_data
from storymap.map_script import Basemap
from storymap.map_tiles import map_credit, tiles_from_environment
from storymap.model import Story

_CSS_IMAGE = re.compile(r"url\((['\"]?)images/([\w.-]+)\1\)")
_PAGE_STYLE = """
html, body { height: 100%; margin: 0; }
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; display: flex;
  flex-direction: column; }
body > header { padding: 0.5rem 1rem; border-bottom: 1px solid #cccccc; }
body > header h1 { font-size: 1.3rem; margin: 0; }
body > header p { margin: 0.2rem 0 0; font-size: 0.85rem; }
body > main { flex: 1; position: relative; min-height: 320px; }
body > main > .folium-map { position: absolute !important; inset: 0; }
body > footer { padding: 0.3rem 1rem 0.5rem; border-top: 1px solid #cccccc;
  max-height: 45vh; overflow-y: auto; }
.placeless-events h2 { font-size: 1.05rem; margin: 0.4rem 0; }
.placeless-events ol.events { list-style: none; padding-left: 0; margin: 0; }
.placeless-events li.event { border-top: 1px solid #dddddd; padding: 0.4rem 0; max-width: 40rem; }
.placeless-events h3 { font-size: 1rem; margin: 0.1rem 0 0.3rem; }
.placeless-events p { margin: 0.2rem 0; }
.event-date { font-size: 0.85rem; font-weight: 600; }
.source blockquote { margin: 0.3rem 0; padding-left: 0.75rem; border-left: 3px solid #B34700;
  font-style: italic; }
.source .quote-translation { margin: 0 0 0.3rem; padding-left: calc(0.75rem + 3px);
  font-size: 0.85rem; opacity: 0.8; }
"""


def standalone_html(
    story: Story, title: str, tiles: bool | None = None, language: str | None = None
) -> str:
    """The whole story as one HTML document, every script and style inlined.

    ``tiles``: OpenStreetMap's tiles over the basemap, or none; by default as the app
    has them (STORYMAP_TILES). ``language``: the document's, by default the interface's,
    in which a page gives its reader the story (translated where it has translations);
    its words and dates are in the current language, as the page it came from had them.
    """
    tiles = tiles_from_environment() if tiles is None else tiles
    base_map = build_base_map(
        story, MapAssets("local"), inline_story_data(story, details=True), popups=True, tiles=tiles
    )
    Basemap(texts=basemap_texts(), credited=not tiles).add_to(base_map)
    base_map.default_js, base_map.default_css = [], []  # inlined below instead
    document = base_map.get_root().render()
    leaflet = leaflet_folder()
    head = (
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{_inline_images(_read(leaflet / 'leaflet.css'), leaflet)}</style>\n"
        f"<style>{_PAGE_STYLE}{style.legend_css()}{style.media_css()}</style>\n"
        f"<script>{_script_text(_read(leaflet / 'leaflet.js'))}</script>\n"
        f"<script>{_script_text(map_code(STORY_LAYER_SCRIPT))}</script>\n"
    )
    about = _(
        "{places} and {events}. Click a marker or an area to read what happened there."
    ).format(
        places=panel.places_counted(len(story.places)),
        events=panel.events_counted(len(story.events)),
    )
    header = (
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(about)} "
        f"{html.escape(map_credit(tiles))}</p></header>\n<main>"
    )
    legend = panel.legend_html(story.eras, with_dimmed=False) if story.eras else ""
    # The events the map cannot show, under it, as the app lists them.
    placeless = panel.placeless_events_html(story)
    footer = f"</main>\n<footer>{legend}{placeless}</footer>\n"
    # Which language the page speaks, for screen readers (and the browser's fonts).
    document = document.replace(
        "<html>", f'<html lang="{html.escape(language or current_language())}">', 1
    )
    document = document.replace("<head>", "<head>\n" + head, 1)
    # folium's body holds the map's <div> and then its script: the map goes in <main>.
    document = document.replace("<body>", "<body>\n" + header, 1)
    script_start = document.index("<script>", document.index("<body>"))
    return document[:script_start] + footer + document[script_start:]


def write_standalone_html(story: Story, title: str, target: Path) -> None:
    target.write_text(standalone_html(story, title), encoding="utf-8")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _inline_images(css: str, folder: Path) -> str:
    """Leaflet's stylesheet with the images it names carried as data addresses."""

    def data_address(match: re.Match) -> str:
        image = folder / "images" / match.group(2)
        if not image.is_file():
            return match.group(0)
        kind = "image/svg+xml" if image.suffix == ".svg" else f"image/{image.suffix[1:]}"
        return f'url("data:{kind};base64,{base64.b64encode(image.read_bytes()).decode()}")'

    return _CSS_IMAGE.sub(data_address, css)


def _script_text(script: str) -> str:
    # Inside <script>, only "</script" ends the element; "<\/" means the same in JS.
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)

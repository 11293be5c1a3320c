"""The folium elements that call the map's own browser code (storymap/static/).

The code itself is JavaScript in real files; these elements only pass it options:
where the story's features are, the style (storymap/style.py) and the words it shows,
in the interface's language. Each renders one line of script, so the map's script
stays small and the same for every view in one language.
"""

from __future__ import annotations

import json
from typing import Any

from babel import Locale
from branca.element import MacroElement
from jinja2 import Template

from storymap import style
from storymap.basemap import LEVELS
from storymap.i18n import N_, _, babel_locale, current_language, ngettext
from storymap.map_prefetch import DATA_STORE, MAP_DRAWN_HOOK
from storymap.number_text import browser_locale

# The words the map's script shows, in English: each run sends them in its language.
DATA_FAILURE_MESSAGE = N_("The places could not be loaded. Reload the page to try again.")
TILE_FAILURE_MESSAGE = N_(
    "The map tiles could not be loaded: a simpler map of land and borders is shown."
)
# The words the story layer shows, besides the story's own (and left_out_message's).
LAYER_MESSAGES = {
    "failure": DATA_FAILURE_MESSAGE,
    "noEvents": N_("{place} (no events in these years)"),  # a place's label, dimmed
    "noEventsRecorded": N_("No events are recorded here."),
    "today": N_("Today:"),
    "source": N_("Source:"),
    "translation": N_("Translation: {text}"),  # a quote's, under the quote
}
# The titles of Leaflet's own controls, which it writes in English.
CONTROL_WORDS = {
    "zoomIn": N_("Zoom in"),
    "zoomOut": N_("Zoom out"),
    "closePopup": N_("Close popup"),
    "leaflet": N_("A JavaScript library for interactive maps"),
}


def story_layer_options(data_url: str, popups: bool) -> dict[str, Any]:
    """Everything StoryMap.storyLayer (storylayer.js) takes."""
    return {
        "dataUrl": data_url,
        "store": DATA_STORE,
        "drawnHook": MAP_DRAWN_HOOK,
        "popups": popups,  # the features must then carry their details
        "style": style.browser_style(),
        "messages": layer_messages(),
        "locale": browser_locale(),  # for the numbers and plural forms it writes
    }


def layer_messages() -> dict[str, Any]:
    """The story layer's words (LAYER_MESSAGES) in the current language."""
    messages: dict[str, Any] = {key: _(message) for key, message in LAYER_MESSAGES.items()}
    messages["leftOut"] = left_out_messages()
    messages["language"] = current_language()  # the lang of a quote's translation
    return messages


def left_out_message(count: int) -> str:
    """Said on the map when ``count`` features could not be drawn; its ``{count}`` is
    still to fill in."""
    return ngettext(
        "{count} shape could not be drawn and was left out; the other places and areas are shown.",
        "{count} shapes could not be drawn and were left out; the other places and areas "
        "are shown.",
        count,
    )


def left_out_messages() -> dict[str, str]:
    """left_out_message for each plural form of the current language, by the name the
    browser's ``Intl.PluralRules`` gives the form ("one", "few", "many", "other"): only
    the browser knows the count, once it has tried to draw the features.

    Each form's words are the catalog's for a count of that form: Russian says
    "1 фигура", "2 фигуры", "5 фигур", and the script picks the form of its count.
    """
    plural_form = Locale.parse(babel_locale()).plural_form
    forms: dict[str, str] = {}
    for count in range(200):  # every form a whole number has shows up before 200
        forms.setdefault(plural_form(count), left_out_message(count))
    forms.setdefault("other", left_out_message(2))  # the script's fallback
    return forms


class StoryLayer(MacroElement):
    """The story's places and areas; defines ``window.applyStoryView(view)``."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = StoryMap.storyLayer(
    {{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}
""")

    def __init__(self, data_url: str, popups: bool = False):
        super().__init__()
        self._name = "StoryLayer"
        self.options = story_layer_options(data_url, popups)


class ShowOnMap(MacroElement):
    """Tells the story layer which years and language to show, and where to go.

    ``frame`` (storymap.framing) is the selected place's view; the map goes to it when
    it is new, and when ``moves`` differs from the last it saw.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
if (window.applyStoryView) { window.applyStoryView({{ this.view|tojson }}); }
{% endmacro %}
""")

    def __init__(
        self,
        year_from: int,
        year_to: int,
        language: str | None,
        frame: dict[str, Any] | None = None,
        moves: int = 0,
    ):
        super().__init__()
        self._name = "ShowOnMap"
        self.view = {
            "from": year_from,
            "to": year_to,
            "lang": language,
            "frame": frame,
            "moves": moves,
        }


class TileNotice(MacroElement):
    """Says so on the map when its background tiles cannot be loaded.

    The places and areas are drawn by the app and do not need the tiles, so the map
    still works without them; the notice tells the reader why the background is blank.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
StoryMap.tileNotice({{ this._parent.get_name() }}, {{ this.message|tojson }});
{% endmacro %}
""")

    message = TILE_FAILURE_MESSAGE  # in English; each map says it in its language

    def __init__(self):
        super().__init__()
        self._name = "TileNotice"
        self.message = _(TILE_FAILURE_MESSAGE)


class ControlWords(MacroElement):
    """Gives Leaflet's own controls the interface's words: the titles of the zoom
    buttons and of a popup's close button, which screen readers read out, and of
    Leaflet's credit (CONTROL_WORDS)."""

    _template = Template("""
{% macro script(this, kwargs) %}
StoryMap.controlWords({{ this._parent.get_name() }}, {{ this.words|tojson }});
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "ControlWords"
        self.words = {key: _(words) for key, words in CONTROL_WORDS.items()}


# The basemap's credit on a map with no tiles (Natural Earth asks for none; with tiles,
# the words under the map give it, and the map's corner stays short on a phone).
BASEMAP_ATTRIBUTION = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
BASEMAP_PANE = "storymapBasemap"


def basemap_options(urls: dict[str, str] | None, credited: bool = False) -> dict[str, Any]:
    """Everything StoryMap.basemapLayer (storylayer.js) takes but the basemap itself:
    ``urls``, where the app serves each level of it (None when the map carries it);
    ``credited``: whether the map's corner credits Natural Earth (on a map with no
    tiles)."""
    return {
        "urls": urls,
        "levels": [{"name": level.name, "fromZoom": level.from_zoom} for level in LEVELS],
        "pane": BASEMAP_PANE,
        "zIndex": style.BASEMAP_Z_INDEX,
        "style": style.basemap_style(),
        "attribution": BASEMAP_ATTRIBUTION if credited else None,
    }


class Basemap(MacroElement):
    """Land, coastlines and borders under the tiles: the map the reader sees where the
    tiles fail, or with none (storymap.basemap).

    ``urls``: where the app serves each level of the basemap, for the browser to fetch
    when it needs it; or ``texts``: each level itself (its GeoJSON text, by name),
    carried in the map's script, for a map in one file. ``credited``: credit Natural
    Earth in the map's corner.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
StoryMap.basemapLayer({{ this._parent.get_name() }}, {{ this.options|tojson }}
    {%- if this.data %}, {{ this.data }}{% endif %});
{% endmacro %}
""")

    def __init__(
        self,
        urls: dict[str, str] | None = None,
        texts: dict[str, str] | None = None,
        credited: bool = False,
    ):
        super().__init__()
        self._name = "Basemap"
        self.options = basemap_options(urls, credited)
        # GeoJSON is JavaScript as it is: the levels' texts go in unparsed. Inside
        # <script>, only "</" could end the element early.
        self.data = None
        if texts is not None:
            levels = ",".join(f"{json.dumps(name)}:{text}" for name, text in texts.items())
            self.data = ("{" + levels + "}").replace("</", "<\\/")

"""The places and areas of a story as one map layer, styled in the browser.

The story's features are written once to a JSON file that the app serves; the map
loads it from there. Each view (time window, language) then only tells the layer
what to show, in a few bytes, and the browser restyles the features itself. That keeps
the map's script the same for every view (so streamlit-folium never reloads the map),
and keeps a rerun cheap however many places there are: nothing of the places is
re-rendered in Python or re-sent to the browser when the view changes.

Markers are drawn on a canvas, which holds tens of thousands of them where an SVG
element for each would not. Labels become tooltips as text nodes, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from storymap.model import Place, Story
from storymap.text import safe_link

NO_ERA_COLOUR = "#7F7F7F"  # a place whose events fall in no era; 4:1 on light and dark
AREA_COLOUR = "#D55E00"
FEATURED_RADIUS = 14  # pixels: a 28 px target, large enough for a finger
CONTEXT_RADIUS = 9
DIMMED_OPACITY = 0.25  # a place with no event in the time window
STORIES_FOLDER = "stories"  # under the app's static folder
DATA_FAILURE_MESSAGE = "The places could not be loaded. Reload the page to try again."
# Said on the map when some features could not be drawn: for one, and for {count}.
LEFT_OUT_MESSAGES = (
    "1 shape could not be drawn and was left out; the other places and areas are shown.",
    "{count} shapes could not be drawn and were left out; the other places and areas are shown.",
)
# Where the app's page keeps the story data it has started to load, by address.
DATA_STORE = "storymapMapData"
FETCH_JSON = """((url) => fetch(url).then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
}))"""


def story_features(story: Story, details: bool = False) -> dict[str, Any]:
    """Everything the browser needs to draw and restyle the story's places and areas.

    ``details`` adds what a popup shows of each place (what it is today, its events
    with their sources), for a map that has no panel beside it.
    """
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "place_id": area.place_id,
                "kind": "area",
                "label": area.name,
                "from": area.year_from,
                "to": area.year_to,
            },
        }
        for area in story.areas
    ]
    # Featured places last, so that they are drawn over the context places near them.
    for place in sorted(story.places.values(), key=lambda place: place.featured):
        extra = {"details": _place_details(story, place)} if details else {}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "place_id": place.id,
                    "kind": "place",
                    "label": place.name,
                    "radius": FEATURED_RADIUS if place.featured else CONTEXT_RADIUS,
                    "names": _names_by_language(place),
                    "events": [
                        [event.date.first_year, event.date.last_year, _colour(story, event)]
                        for event in story.events_by_place.get(place.id, ())
                    ],
                    **extra,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def private_story_data(story: Story) -> bytes:
    """The story's features for one session's eyes only, to serve from memory.

    A random member makes the bytes (and so the address Streamlit serves them at,
    which it derives from them) unique to this copy: no one can guess it, and no two
    sessions' stories can ever share it, whatever they hold.
    """
    features = {**story_features(story), "private": secrets.token_hex(16)}
    return json.dumps(features, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish_story_data(story: Story, static_folder: Path, static_url: str) -> str:
    """Write the story's features where the app serves them; return their address.

    The file is named by its content, so a browser may keep it as long as it likes
    and two stories never share a name.
    """
    text = json.dumps(story_features(story), ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    folder = static_folder / STORIES_FOLDER
    path = folder / f"{digest}.json"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # a rename: a browser never reads half a file
    return f"{static_url}/{STORIES_FOLDER}/{path.name}"


def start_loading_script(data_url: str) -> str:
    """A script for the app's page that starts loading the map's data at once.

    It keeps the parsed data's promise under the address, for the map's frame to take
    (StoryLayer); a failed load is forgotten, so that the next map asks again.
    """
    store, url = json.dumps(DATA_STORE), json.dumps(data_url).replace("<", "\\u003c")
    return f"""<script>
(() => {{
    const store = window[{store}] = window[{store}] || {{}};
    store[{url}] = store[{url}] || {FETCH_JSON}({url}).catch((error) => {{
        delete store[{url}];
        throw error;
    }});
}})();
</script>"""


def inline_story_data(story: Story, details: bool = False) -> str:
    """The story's features as a data: address, for a map that is to carry them itself.

    Used for the standalone HTML map, which carries everything it shows. (Base64 also
    keeps the text clear of the template syntax that folium's renderer would
    otherwise read in it.)
    """
    text = json.dumps(story_features(story, details), ensure_ascii=False, separators=(",", ":"))
    return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode()


def _place_details(story: Story, place: Place) -> dict[str, Any]:
    events = []
    for event in story.events_by_place.get(place.id, ()):
        source = story.sources[event.source_id]
        events.append(
            {
                "date": event.date.display(),
                "title": event.title,
                "summary": event.summary,
                "quote": event.quote,
                "source": source.title,
                "url": safe_link(source.url) or "",
            }
        )
    return {"today": place.today, "note": place.location_note, "events": events}


def _names_by_language(place: Place) -> dict[str, list]:
    names: dict[str, list] = {}
    for name in place.names:
        text = f"{name.name} ({name.romanized})" if name.romanized else name.name
        names.setdefault(name.language, []).append([text, name.year_from, name.year_to])
    return names


def _colour(story: Story, event) -> str:
    era = story.era_of(event)
    return era.colour if era else NO_ERA_COLOUR


class StoryLayer(MacroElement):
    """Loads the story's features and defines ``window.applyStoryView(view)``."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map) {
    // The map's own canvas (preferCanvas): one canvas for every vector layer, since
    // a second canvas or an SVG pane on top would take the clicks meant for this one.
    const renderer = map.getRenderer(map);
    const places = [], areas = [];
    const everything = {from: -9999, to: 9999, lang: null};

    const meets = (first, last, view) =>
        (first === null || first <= view.to) && (last === null || last >= view.from);

    function nameFor(props, view) {
        const names = (view.lang && props.names[view.lang]) || [];
        const used = names.filter(([, first, last]) => meets(first, last, view));
        const pool = used.length ? used : names;
        if (!pool.length) return props.label;
        return pool.reduce((a, b) => ((b[1] ?? -9999) > (a[1] ?? -9999) ? b : a))[0];
    }

    function restyle(layer, view) {
        const props = layer.feature.properties;
        const shown = props.events.filter(([first, last]) => meets(first, last, view));
        const active = shown.length > 0;
        layer.storyStyle = {
            radius: props.radius, color: "#ffffff", weight: 2,
            fillColor: active ? shown[shown.length - 1][2] : {{ this.no_era|tojson }},
            fillOpacity: active ? 0.9 : {{ this.dimmed|tojson }},
            opacity: active ? 1 : {{ this.dimmed|tojson }},
        };
        layer.setStyle(layer.storyStyle);
        layer.storyLabel = nameFor(props, view) + (active ? "" : " (no events in these years)");
    }

    {% if this.popups %}
    // A popup for a map with no panel beside it, built from text nodes, never HTML.
    const placeProps = {};
    function add(parent, tag, text, className) {
        const node = document.createElement(tag);
        if (text) node.textContent = text;
        if (className) node.className = className;
        parent.appendChild(node);
        return node;
    }
    function popupFor(placeId) {
        const props = placeProps[placeId];
        const box = document.createElement("article");
        box.className = "storymap-popup";
        add(box, "h2", props.label);
        const others = Object.entries(props.names).map(
            ([lang, names]) => names.map(([name]) => name + " (" + lang + ")").join(", "));
        if (others.length) add(box, "p", others.join("; "), "names");
        if (props.details.today) add(box, "p", "Today: " + props.details.today, "today");
        if (props.details.note) add(box, "p", props.details.note, "today");
        const list = add(box, "ul");
        props.details.events.forEach((event) => {
            const item = add(list, "li");
            add(item, "strong", event.date + ": " + event.title);
            add(item, "p", event.summary);
            if (event.quote) add(item, "blockquote", "“" + event.quote + "”");
            const cite = add(item, "p", "Source: ", "source");
            if (event.url) {
                const link = add(cite, "a", event.source);
                link.href = event.url;
                link.rel = "noopener noreferrer";
                link.target = "_blank";
            } else {
                cite.appendChild(document.createTextNode(event.source));
            }
        });
        if (!props.details.events.length) add(box, "p", "No events are recorded here.");
        return box;
    }
    {% endif %}
    const layer = L.geoJSON(null, {
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, {renderer: renderer}),
        style: (feature) => (feature.properties.kind === "area"
            ? {renderer: renderer, color: {{ this.area_colour|tojson }}, weight: 3,
               dashArray: "6 4", opacity: 0.9, fillOpacity: 0.15}
            : {renderer: renderer}),
        onEachFeature: (feature, item) => {
            item.storyLabel = feature.properties.label;
            {% if this.popups %}
            item.bindPopup(() => popupFor(feature.properties.place_id),
                           {maxWidth: 340, maxHeight: 320});
            {% endif %}
            (feature.properties.kind === "area" ? areas : places).push(item);
            item.bindTooltip(() => {
                const text = document.createElement("span");
                text.textContent = item.storyLabel;  // text, never HTML
                return text;
            }, {sticky: false});
            item.on("mouseover", () => item.setStyle({weight: (item.options.weight || 2) + 2}));
            item.on("mouseout", () => item.setStyle(item.storyStyle || {weight: 3}));
        },
    }).addTo(map);

    // The view asked for last; applied again once the features have arrived.
    let currentView = everything, loaded = false;
    function applyView(view) {
        currentView = view;
        if (!loaded) return;
        places.forEach((item) => restyle(item, view));
        areas.forEach((item) => {
            const props = item.feature.properties;
            if (meets(props.from, props.to, view)) layer.addLayer(item);
            else layer.removeLayer(item);
        });
    }
    window.applyStoryView = applyView;

    // A notice in a corner of the map, as text.
    function notice(message, role) {
        const box = L.DomUtil.create("div", "storymap-tile-notice");
        box.setAttribute("role", role);
        box.textContent = message;
        const Notice = L.Control.extend({options: {position: "topright"}, onAdd: () => box});
        new Notice().addTo(map);
    }

    // One feature at a time: Leaflet throws on a shape it cannot draw, and one such
    // shape must not keep every other place and area off the map. True if drawn.
    function addFeature(feature, number) {
        const placesBefore = places.length, areasBefore = areas.length;
        try {
            layer.addData(feature);
            if (places.length === placesBefore && areas.length === areasBefore) {
                throw new Error("it has no geometry");
            }
            {% if this.popups %}
            if (feature.properties.kind === "place") {
                placeProps[feature.properties.place_id] = feature.properties;
            }
            {% endif %}
            return true;
        } catch (error) {
            // onEachFeature may have kept it before Leaflet gave up on it.
            [[places, placesBefore], [areas, areasBefore]].forEach(([kept, count]) => {
                kept.splice(count).forEach((item) => {
                    try { layer.removeLayer(item); } catch (ignored) { /* never drawn */ }
                });
            });
            const props = (feature && feature.properties) || {};
            console.error("Story feature " + number + " (" + props.kind + " "
                          + JSON.stringify(props.label) + " of place "
                          + JSON.stringify(props.place_id) + ") could not be drawn and was "
                          + "left out:", error);
            return false;
        }
    }

    // Fetched without blocking: a request that waits (a slow server, a busy cache)
    // must not freeze the page around the map. The layer is on the map, empty, when
    // the map's script ends; streamlit-folium binds its click handler to it then, and
    // a click on a place reaches that handler through it, with the place's feature.
    // The app's page starts the request before this frame exists (see
    // start_loading_script): asked for only now, the places would wait behind the
    // drawing of the rest of the page.
    let started;
    try {
        started = window.parent !== window
            && window.parent[{{ this.store|tojson }}]?.[{{ this.data_url|tojson }}];
    } catch (error) {
        started = undefined;  // a page of another origin around this one
    }
    (started || {{ this.fetch_json }}({{ this.data_url|tojson }}))
        .then((data) => {
            let leftOut = 0;
            data.features.forEach((feature, index) => {
                if (!addFeature(feature, index + 1)) leftOut++;
            });
            loaded = true;
            applyView(currentView);  // this map's own, even if another has replaced it
            if (leftOut) {
                const [one, many] = {{ this.left_out_messages|tojson }};
                notice(leftOut === 1 ? one : many.replace("{count}", leftOut.toLocaleString("en")),
                       "status");
            }
        })
        .catch((error) => {
            console.error("The story's places could not be loaded:", error);
            notice({{ this.failure_message|tojson }}, "alert");
        });
    return layer;
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data_url: str, popups: bool = False):
        super().__init__()
        self._name = "StoryLayer"
        self.data_url = data_url
        self.popups = popups  # the features must then carry their details
        self.no_era = NO_ERA_COLOUR
        self.dimmed = DIMMED_OPACITY
        self.area_colour = AREA_COLOUR
        self.failure_message = DATA_FAILURE_MESSAGE
        self.left_out_messages = LEFT_OUT_MESSAGES
        self.store = DATA_STORE
        self.fetch_json = FETCH_JSON


class StoryView(MacroElement):
    """Tells the story layer which years and language to show."""

    _template = Template("""
{% macro script(this, kwargs) %}
if (window.applyStoryView) { window.applyStoryView({{ this.view|tojson }}); }
{% endmacro %}
""")

    def __init__(self, year_from: int, year_to: int, language: str | None):
        super().__init__()
        self._name = "StoryView"
        self.view = {"from": year_from, "to": year_to, "lang": language}


class TileNotice(MacroElement):
    """Says so on the map when its background tiles cannot be loaded.

    The places and areas are drawn by the app and do not need the tiles, so the map
    still works without them; the notice tells the reader why the background is blank.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
    const Notice = L.Control.extend({
        options: {position: "bottomleft"},
        onAdd: function () {
            const box = L.DomUtil.create("div", "storymap-tile-notice");
            box.setAttribute("role", "status");
            box.textContent = {{ this.message|tojson }};
            return box;
        },
    });
    const notice = new Notice();
    let shown = false;
    map.eachLayer(function (layer) {
        if (!(layer instanceof L.TileLayer)) return;
        layer.on("tileerror", function () {
            if (!shown) { notice.addTo(map); shown = true; }
        });
        layer.on("tileload", function () {
            if (shown) { notice.remove(); shown = false; }
        });
    });
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    message = (
        "The background map is unavailable: its tiles could not be loaded. "
        "The places and areas are still shown."
    )

    def __init__(self):
        super().__init__()
        self._name = "TileNotice"

/* The story's places and areas as one Leaflet layer, restyled in the browser.
 *
 * The app's Python side (storymap/map_script.py) only passes an options object:
 * where the story's features are, how to draw them (storymap/style.py) and what to
 * say. Each view (time window, language) then only tells the layer what to show, and
 * the browser restyles the features itself: nothing of the places is re-sent.
 *
 * Everything from the data reaches the page as text nodes, never as HTML.
 *
 * The pure rules (meets, nameFor, placeLook, popupFor) are exported on
 * window.StoryMap beside the layer, and tested on a page of their own
 * (tests/browser/test_storylayer_js.py).
 */
(function () {
  "use strict";

  // Years with no bound: a name or area with no first year has always been.
  const EVERYTHING = { from: -9999, to: 9999, lang: null };

  /** Whether the years first..last (null: open) meet the view's years. */
  function meets(first, last, view) {
    return (first === null || first <= view.to) && (last === null || last >= view.from);
  }

  /**
   * The place's name for the view: in the view's language, the name in use in its
   * years (the latest such); else that language's latest name; else the main label.
   */
  function nameFor(props, view) {
    const names = (view.lang && props.names[view.lang]) || [];
    const used = names.filter(([, first, last]) => meets(first, last, view));
    const pool = used.length ? used : names;
    if (!pool.length) return props.label;
    return pool.reduce((a, b) => ((b[1] ?? -9999) > (a[1] ?? -9999) ? b : a))[0];
  }

  /**
   * How a place looks in the view: its last event in the view's years gives its
   * colour; a place with none there is dimmed and says so in its label.
   */
  function placeLook(props, view, style, messages) {
    const shown = props.events.filter(([first, last]) => meets(first, last, view));
    const active = shown.length > 0;
    return {
      active: active,
      style: Object.assign(
        { radius: props.radius },
        style.place,
        active ? { fillColor: shown[shown.length - 1][2] } : style.dimmedPlace,
      ),
      label: nameFor(props, view) + (active ? "" : messages.noEventsSuffix),
    };
  }

  function add(parent, tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    parent.appendChild(node);
    return node;
  }

  /** A popup of the place's events, for a map with no panel beside it. */
  function popupFor(props, messages) {
    const box = document.createElement("article");
    box.className = "storymap-popup";
    add(box, "h2", props.label);
    const others = Object.entries(props.names).map(([lang, names]) =>
      names.map(([name]) => name + " (" + lang + ")").join(", "),
    );
    if (others.length) add(box, "p", others.join("; "), "names");
    if (props.details.today) add(box, "p", messages.today + props.details.today, "today");
    if (props.details.note) add(box, "p", props.details.note, "today");
    const list = add(box, "ul");
    props.details.events.forEach((event) => {
      const item = add(list, "li");
      add(item, "strong", event.date + ": " + event.title);
      add(item, "p", event.summary);
      if (event.quote) add(item, "blockquote", "“" + event.quote + "”");
      const cite = add(item, "p", messages.source, "source");
      if (event.url) {
        const link = add(cite, "a", event.source);
        link.href = event.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
      } else {
        cite.appendChild(document.createTextNode(event.source));
      }
    });
    if (!props.details.events.length) add(box, "p", messages.noEventsRecorded);
    return box;
  }

  function fetchJson(url) {
    return fetch(url).then((response) => {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /** A notice in a corner of the map, as text. Returns the control, not yet added. */
  function notice(message, role, position) {
    const box = L.DomUtil.create("div", "storymap-tile-notice");
    box.setAttribute("role", role);
    box.textContent = message;
    const Notice = L.Control.extend({ options: { position: position }, onAdd: () => box });
    return new Notice();
  }

  /** The story's features as a layer on ``map``; defines window.applyStoryView(view). */
  function storyLayer(map, options) {
    // The map's own canvas (preferCanvas): one canvas for every vector layer, since
    // a second canvas or an SVG pane on top would take the clicks meant for this one.
    const renderer = map.getRenderer(map);
    const { style, messages } = options;
    const places = [];
    const areas = [];
    const placeProps = {};

    function restyle(item, view) {
      const look = placeLook(item.feature.properties, view, style, messages);
      item.storyStyle = look.style;
      item.setStyle(look.style);
      item.storyLabel = look.label;
    }

    const layer = L.geoJSON(null, {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { renderer: renderer }),
      style: (feature) =>
        feature.properties.kind === "area"
          ? Object.assign({ renderer: renderer }, style.area)
          : { renderer: renderer },
      onEachFeature: (feature, item) => {
        item.storyLabel = feature.properties.label;
        if (options.popups) {
          item.bindPopup(() => popupFor(placeProps[feature.properties.place_id], messages), {
            maxWidth: 340,
            maxHeight: 320,
          });
        }
        (feature.properties.kind === "area" ? areas : places).push(item);
        item.bindTooltip(
          () => {
            const text = document.createElement("span");
            text.textContent = item.storyLabel; // text, never HTML
            return text;
          },
          { sticky: false },
        );
        item.on("mouseover", () =>
          item.setStyle({ weight: (item.options.weight || style.place.weight) + style.hoverWeightGain }),
        );
        item.on("mouseout", () => item.setStyle(item.storyStyle || { weight: style.area.weight }));
      },
    }).addTo(map);

    // The view asked for last; applied again once the features have arrived.
    let currentView = EVERYTHING;
    let loaded = false;
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

    // One feature at a time: Leaflet throws on a shape it cannot draw, and one such
    // shape must not keep every other place and area off the map. True if drawn.
    function addFeature(feature, number) {
      const placesBefore = places.length;
      const areasBefore = areas.length;
      try {
        layer.addData(feature);
        if (places.length === placesBefore && areas.length === areasBefore) {
          throw new Error("it has no geometry");
        }
        if (feature.properties.kind === "place") {
          placeProps[feature.properties.place_id] = feature.properties;
        }
        return true;
      } catch (error) {
        // onEachFeature may have kept it before Leaflet gave up on it.
        [
          [places, placesBefore],
          [areas, areasBefore],
        ].forEach(([kept, count]) => {
          kept.splice(count).forEach((item) => {
            try {
              layer.removeLayer(item);
            } catch (ignored) {
              /* never drawn */
            }
          });
        });
        const props = (feature && feature.properties) || {};
        console.error(
          "Story feature " + number + " (" + props.kind + " " + JSON.stringify(props.label) +
            " of place " + JSON.stringify(props.place_id) + ") could not be drawn and was left out:",
          error,
        );
        return false;
      }
    }

    // Fetched without blocking: a request that waits (a slow server, a busy cache)
    // must not freeze the page around the map. The layer is on the map, empty, when
    // the map's script ends; streamlit-folium binds its click handler to it then, and
    // a click on a place reaches that handler through it, with the place's feature.
    // The app's page starts the request before this frame exists (prefetch.js):
    // asked for only now, the places would wait behind the drawing of the rest of
    // the page.
    let started;
    try {
      started = window.parent !== window && window.parent[options.store]?.[options.dataUrl];
    } catch (error) {
      started = undefined; // a page of another origin around this one
    }
    (started || fetchJson(options.dataUrl))
      .then((data) => {
        let leftOut = 0;
        data.features.forEach((feature, index) => {
          if (!addFeature(feature, index + 1)) leftOut++;
        });
        loaded = true;
        applyView(currentView); // this map's own, even if another has replaced it
        if (leftOut) {
          const [one, many] = messages.leftOut;
          const text = leftOut === 1 ? one : many.replace("{count}", leftOut.toLocaleString("en"));
          notice(text, "status", "topright").addTo(map);
        }
      })
      .catch((error) => {
        console.error("The story's places could not be loaded:", error);
        notice(messages.failure, "alert", "topright").addTo(map);
      });
    return layer;
  }

  /**
   * Says so on the map while its background tiles cannot be loaded. The places and
   * areas are drawn by the app and do not need the tiles.
   */
  function tileNotice(map, message) {
    const box = notice(message, "status", "bottomleft");
    let shown = false;
    map.eachLayer((layer) => {
      if (!(layer instanceof L.TileLayer)) return;
      layer.on("tileerror", () => {
        if (!shown) {
          box.addTo(map);
          shown = true;
        }
      });
      layer.on("tileload", () => {
        if (shown) {
          box.remove();
          shown = false;
        }
      });
    });
  }

  window.StoryMap = { meets, nameFor, placeLook, popupFor, storyLayer, tileNotice };
})();

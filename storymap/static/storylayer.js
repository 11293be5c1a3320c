/* The story's places and areas as one Leaflet layer, restyled in the browser.
 *
 * The app's Python side (storymap/map_script.py) only passes an options object:
 * where the story's features are, how to draw them (storymap/style.py) and what to
 * say. Each view (time window, language) then only tells the layer what to show, and
 * the browser restyles the features itself: nothing of the places is re-sent.
 *
 * Everything from the data reaches the page as text nodes, never as HTML.
 *
 * The rules (meets, nameFor, placeLook, popupFor, shouldMove, arcLabelSpot, clearSpot)
 * are exported on window.StoryMap beside the layer, and tested on a page of their own
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
      // How sure it is and where it happened, in words; empty when there is nothing to say.
      if (event.status) add(item, "p", event.status, "status");
      if (event.where) add(item, "p", event.where, "where");
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

  /**
   * Whether the view asks the map to go to its place: when the map has not been
   * framed yet, or when a place has been chosen outside the map since (``moves``).
   */
  function shouldMove(view, lastMoves) {
    return Boolean(view.frame) && (lastMoves === null || view.moves !== lastMoves);
  }

  /** Go to ``frame`` (storymap/framing.py): bounds to fit, or a centre and zoom. */
  function goTo(map, frame, animate) {
    const options = { animate: animate, duration: 0.8 };
    if (frame.bounds) {
      const fit = Object.assign({ maxZoom: frame.maxZoom, padding: [24, 24] }, options);
      if (animate) map.flyToBounds(frame.bounds, fit);
      else map.fitBounds(frame.bounds, fit);
    } else if (animate) {
      map.flyTo(frame.centre, frame.zoom, options);
    } else {
      map.setView(frame.centre, frame.zoom, options);
    }
  }

  /**
   * Run ``action`` once the map's frame has a size (before that, Leaflet cannot fit)
   * and no zoom is under way: a zoom animation that ends later (the base map's first
   * fit of every place) would put its own zoom back over the one set here.
   */
  function whenSized(map, action) {
    if (map._animatingZoom) {
      map.once("zoomend", () => whenSized(map, action));
      return;
    }
    const container = map.getContainer();
    if (container.clientWidth && container.clientHeight) {
      action();
      return;
    }
    const watcher = new ResizeObserver(() => {
      if (!container.clientWidth || !container.clientHeight) return;
      watcher.disconnect();
      map.invalidateSize();
      action();
    });
    watcher.observe(container);
  }

  /**
   * Where on an arc its label goes, given the arc's points on screen ({x, y}) and
   * whether a label centred on a point is in view: at the arc's middle when it can
   * be, else where the arc leaves the view on its way from an end in view to the
   * middle (the label then names the place the arc goes to). Null when the arc has
   * no such point.
   */
  function arcLabelSpot(points, inView) {
    // Each straight piece cut into steps, so that the view's edge falls between two.
    const line = [points[0]];
    for (let index = 1; index < points.length; index++) {
      const from = points[index - 1];
      const to = points[index];
      const steps = Math.min(64, Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / 8)));
      for (let step = 1; step <= steps; step++) line.push(between(from, to, step / steps));
    }
    const middle = Math.floor(line.length / 2);
    if (inView(line[middle])) return { point: line[middle], atEdge: false };
    let best = -1;
    line.forEach((point, index) => {
      if (inView(point) && (best < 0 || Math.abs(index - middle) < Math.abs(best - middle))) {
        best = index;
      }
    });
    if (best < 0) return null;
    // Between there and the next step towards the middle, the last point in view.
    const from = line[best];
    const to = line[best + Math.sign(middle - best)];
    let inside = 0;
    let outside = 1;
    for (let halving = 0; halving < 12; halving++) {
      const half = (inside + outside) / 2;
      if (inView(between(from, to, half))) inside = half;
      else outside = half;
    }
    return { point: between(from, to, inside), atEdge: true };
  }

  /**
   * Where a label of ``width`` x ``height`` centred near ``point`` can sit, clear of the
   * labels already placed (``taken``: {x, y, width, height} boxes, top-left corners) and
   * ``margin`` inside a map of ``size``: the point itself, else the point moved up or
   * down by whole label heights, the nearest first. Null when there is no room.
   */
  function clearSpot(point, width, height, taken, size, margin) {
    const step = height + 2;
    const tries = Math.ceil(size.y / step);
    for (let tried = 0; tried <= 2 * tries; tried++) {
      const shift = (tried % 2 ? 1 : -1) * Math.ceil(tried / 2) * step; // 0, +1, -1, +2 …
      const box = { x: point.x - width / 2, y: point.y + shift - height / 2, width, height };
      const inside =
        box.x >= margin && box.x + width <= size.x - margin &&
        box.y >= margin && box.y + height <= size.y - margin;
      const overlaps = taken.some(
        (other) =>
          box.x < other.x + other.width && other.x < box.x + width &&
          box.y < other.y + other.height && other.y < box.y + height,
      );
      if (inside && !overlaps) return { x: point.x, y: point.y + shift, box };
    }
    return null;
  }

  function between(from, to, share) {
    return { x: from.x + (to.x - from.x) * share, y: from.y + (to.y - from.y) * share };
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
    let lastMoves = null; // the view's count of places chosen elsewhere, when last framed
    const reducedMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    function applyView(view) {
      currentView = view;
      if (shouldMove(view, lastMoves)) {
        // A new map opens on its place at once; later moves fly there.
        const animate = lastMoves !== null && !reducedMotion;
        whenSized(map, () => goTo(map, view.frame, animate));
      }
      lastMoves = view.moves; // also with no place: a click on one later is not a move
      if (!loaded) return;
      places.forEach((item) => restyle(item, view));
      areas.forEach((item) => {
        const props = item.feature.properties;
        if (meets(props.from, props.to, view)) layer.addLayer(item);
        else layer.removeLayer(item);
      });
    }
    window.applyStoryView = applyView;

    // The arcs of the selected place's links (folium_map.link_arcs) carry the place at
    // their far end. A framed place can leave that end, and the arc's middle where its
    // label sits, out of view: the label then moves to where the arc leaves the view,
    // and names the place it goes to.
    function labelArc(item, tooltip, taken) {
      const box = tooltip.getElement();
      if (item.storyText === undefined) item.storyText = box.textContent.replace(/\s+/g, " ").trim();
      const setText = (words) => {
        const text = document.createElement("span");
        text.textContent = words; // text, never HTML
        tooltip.setContent(text);
      };
      const size = map.getSize();
      const margin = style.arcLabelMargin;
      // Whether a label of the box's size, centred on a point, is inside the map.
      const fits = (point) =>
        point.x >= box.offsetWidth / 2 + margin && point.x <= size.x - box.offsetWidth / 2 - margin &&
        point.y >= box.offsetHeight / 2 + margin && point.y <= size.y - box.offsetHeight / 2 - margin;
      const onScreen = item.getLatLngs().map((latlng) => map.latLngToContainerPoint(latlng));
      setText(item.storyText);
      let spot = arcLabelSpot(onScreen, fits);
      const far = placeProps[item.options.farPlace];
      const farName = far && nameFor(far, currentView);
      if (spot && spot.atEdge && farName && !item.storyText.includes(farName)) {
        setText(item.storyText + " \u2192 " + farName);
        const named = arcLabelSpot(onScreen, fits); // a longer label, further in
        if (named) spot = named;
        else setText(item.storyText);
      }
      // Many arcs leave a close view the same way: their labels stack, none over another.
      const clear = spot && clearSpot(spot.point, box.offsetWidth, box.offsetHeight, taken, size, margin);
      box.style.visibility = clear ? "" : "hidden";
      if (!clear) return;
      taken.push(clear.box);
      tooltip.setLatLng(map.containerPointToLatLng(L.point(clear.x, clear.y)));
    }
    let labelling = false;
    function labelArcsSoon() {
      if (labelling) return;
      labelling = true;
      L.Util.requestAnimFrame(() => {
        labelling = false;
        const taken = [];
        map.eachLayer((item) => {
          const tooltip = item.options?.farPlace !== undefined && item.getTooltip?.();
          if (!tooltip || !tooltip.getElement()) return;
          // A label's size is known only once Leaflet's style sheet applies to it, and
          // streamlit-folium adds that sheet to the page while the map is drawn.
          if (window.getComputedStyle(tooltip.getElement()).position !== "absolute") whenStyled(labelArcsSoon);
          else labelArc(item, tooltip, taken);
        });
      });
    }
    function whenStyled(action) {
      document.querySelectorAll('link[rel="stylesheet"]').forEach((sheet) => {
        if (!sheet.sheet) sheet.addEventListener("load", action, { once: true });
      });
    }
    map.on("moveend zoomend resize", labelArcsSoon);
    map.on("tooltipopen", (event) => {
      if (event.tooltip.options.permanent) labelArcsSoon();
    });

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

  window.StoryMap = {
    meets,
    nameFor,
    placeLook,
    popupFor,
    shouldMove,
    goTo,
    arcLabelSpot,
    clearSpot,
    storyLayer,
    tileNotice,
  };
})();

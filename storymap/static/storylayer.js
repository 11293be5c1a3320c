/* The story's places and areas as one Leaflet layer, restyled in the browser.
 *
 * The app's Python side (storymap/map_script.py) only passes an options object:
 * where the story's features are, how to draw them (storymap/style.py) and what to
 * say, in the interface's language. Each view (time window, language) then only tells
 * the layer what to show, and the browser restyles the features itself: nothing of the
 * places is re-sent.
 *
 * Everything from the data reaches the page as text nodes, never as HTML.
 *
 * The rules (meets, nameFor, placeLook, popupFor, mediaFor, leftOutText, shouldMove,
 * arcLabelSpot, clearSpot) are exported on window.StoryMap beside the layer, and tested
 * on a page of their own (tests/browser/test_storylayer_js.py).
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
    const name = nameFor(props, view);
    return {
      active: active,
      style: Object.assign(
        { radius: props.radius },
        style.place,
        active ? { fillColor: shown[shown.length - 1][2] } : style.dimmedPlace,
      ),
      label: active ? name : messages.noEvents.replace("{place}", () => name),
    };
  }

  function add(parent, tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    parent.appendChild(node);
    return node;
  }

  /**
   * An event's media: an image in a figure whose box is kept before it loads, or a link
   * that says what it leads to (its kind is told by storymap/media.py). Only an http(s)
   * address is ever set.
   */
  function mediaFor(media) {
    if (!/^https?:\/\//i.test(media.url)) return null;
    if (media.kind === "image") {
      const figure = document.createElement("figure");
      figure.className = "event-media";
      const image = add(figure, "img");
      image.src = media.url;
      image.alt = media.label;
      image.loading = "lazy";
      image.decoding = "async";
      image.width = media.width;
      image.height = media.height;
      image.referrerPolicy = "no-referrer";
      if (media.caption) add(figure, "figcaption", media.caption);
      return figure;
    }
    const line = document.createElement("p");
    line.className = "event-media-link";
    const link = add(line, "a", media.label);
    link.href = media.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    if (media.caption) {
      add(line, "br");
      add(line, "small", media.caption);
    }
    return line;
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
    if (props.details.today) add(box, "p", messages.today + " " + props.details.today, "today");
    if (props.details.note) add(box, "p", props.details.note, "today");
    const list = add(box, "ul");
    props.details.events.forEach((event) => {
      const item = add(list, "li");
      add(item, "strong", event.date + ": " + event.title);
      // How sure it is and where it happened, in words; empty when there is nothing to say.
      if (event.status) add(item, "p", event.status, "status");
      if (event.where) add(item, "p", event.where, "where");
      add(item, "p", event.summary);
      const media = event.media && mediaFor(event.media);
      if (media) item.appendChild(media);
      // The source's own words, in English quotation marks whatever the interface's
      // language; their translation, if the story has one, follows, never replaces them.
      if (event.quote) add(item, "blockquote", "\u201c" + event.quote + "\u201d").lang = "en";
      if (event.quote && event.quoteTranslation) {
        const text = messages.translation.replace("{text}", () => event.quoteTranslation);
        add(item, "p", text, "quote-translation").lang = messages.language;
      }
      const cite = add(item, "p", messages.source + " ", "source");
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
      // The label's size, measured once for each text it is given: read in every call
      // of fits (a thousand points of an arc that leaves a close view, for each of up to
      // 50 arcs), the browser's box sizes made one labelling pass take a fifth of a second.
      let width = 0;
      let height = 0;
      const setText = (words) => {
        const text = document.createElement("span");
        text.textContent = words; // text, never HTML
        tooltip.setContent(text);
        width = box.offsetWidth;
        height = box.offsetHeight;
      };
      const size = map.getSize();
      const margin = style.arcLabelMargin;
      // Whether a label of the box's size, centred on a point, is inside the map.
      const fits = (point) =>
        point.x >= width / 2 + margin && point.x <= size.x - width / 2 - margin &&
        point.y >= height / 2 + margin && point.y <= size.y - height / 2 - margin;
      const onScreen = item.getLatLngs().map((latlng) => map.latLngToContainerPoint(latlng));
      setText(item.storyText);
      let spot = arcLabelSpot(onScreen, fits);
      const far = placeProps[item.options.farPlace];
      const farName = far && nameFor(far, currentView);
      // The label may name the place already, without the romanization its map name has.
      const bareName = farName && farName.replace(/ \([^()]*\)$/, "");
      if (spot && spot.atEdge && farName && !item.storyText.includes(bareName)) {
        setText(item.storyText + " \u2192 " + farName);
        const named = arcLabelSpot(onScreen, fits); // a longer label, further in
        if (named) spot = named;
        else setText(item.storyText);
      }
      // Many arcs leave a close view the same way: their labels stack, none over another.
      const clear = spot && clearSpot(spot.point, width, height, taken, size, margin);
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
        const taken = markersInView();
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
    // The places' markers and the selection's ring, as boxes no label may cover.
    function markersInView() {
      const size = map.getSize();
      const boxes = [];
      map.eachLayer((item) => {
        if (!(item instanceof L.CircleMarker)) return;
        const centre = map.latLngToContainerPoint(item.getLatLng());
        const reach = item.getRadius() + (item.options.weight || 0);
        if (centre.x + reach < 0 || centre.x - reach > size.x) return;
        if (centre.y + reach < 0 || centre.y - reach > size.y) return;
        boxes.push({ x: centre.x - reach, y: centre.y - reach, width: 2 * reach, height: 2 * reach });
      });
      return boxes;
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
          notice(leftOutText(leftOut, messages, options.locale), "status", "topright").addTo(map);
        }
        tellThePage(options.drawnHook);

      })
      .catch((error) => {
        console.error("The story's places could not be loaded:", error);
        notice(messages.failure, "alert", "topright").addTo(map);
      });
    return layer;
  }

  /**
   * Call the app's page's function ``name``, if it has one (panel_code.js): never a
   * page of another origin, nor the map alone.
   */
  function tellThePage(name) {
    try {
      if (window.parent !== window) window.parent[name]?.();
    } catch (error) {
      // a page of another origin around this one
    }
  }

  /**
   * The notice of ``count`` features left out, in the plural form the language gives
   * the count (messages.leftOut holds each form's words, by Intl.PluralRules' names).
   */
  function leftOutText(count, messages, locale) {
    const form = new Intl.PluralRules(locale).select(count);
    const words = messages.leftOut[form] || messages.leftOut.other;
    return words.replace("{count}", count.toLocaleString(locale));
  }

  /**
   * Leaflet's own controls in the interface's language (words, from
   * storymap/map_script.py): the titles of the zoom buttons and of a popup's close
   * button, which screen readers read out, and of Leaflet's credit.
   */
  function controlWords(map, words) {
    const zoom = map.zoomControl && map.zoomControl.getContainer();
    [
      [".leaflet-control-zoom-in", words.zoomIn],
      [".leaflet-control-zoom-out", words.zoomOut],
    ].forEach(([selector, title]) => {
      const button = zoom && zoom.querySelector(selector);
      if (button) {
        button.title = title;
        button.setAttribute("aria-label", title);
      }
    });
    map.on("popupopen", (event) => {
      const close = event.popup.getElement()?.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", words.closePopup);
    });
    // Leaflet's credit is its own markup, with a title: the title is set on a copy.
    const credit = map.attributionControl;
    const prefix = credit && credit.options.prefix;
    if (typeof prefix === "string") {
      const copy = document.createElement("template");
      copy.innerHTML = prefix;
      const link = copy.content.querySelector("a[title]");
      if (link) {
        link.title = words.leaflet;
        credit.setPrefix(copy.innerHTML);
      }
    }
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
    mediaFor,
    leftOutText,
    controlWords,
    shouldMove,
    goTo,
    arcLabelSpot,
    clearSpot,
    storyLayer,
    tileNotice,
  };
})();

/* The basemap: land, coastlines and borders under the tiles.
 *
 * Prepared by storymap/basemap.py from Natural Earth and served by the app (or
 * carried in the standalone export), it is drawn in a pane of its own below the
 * tiles (basemap.zIndex; the tiles' pane is at 200): where the tiles load they cover
 * it; where they fail, or with no tiles at all, it is the map the reader sees. It
 * comes at two levels of detail (the world, and a finer one from a place's zoom on),
 * takes no clicks, and loads only after the map's first paint. Its colours
 * (storymap/style.py) follow the page's light or dark theme.
 *
 * Its rules (coastOf, copiesIn, levelAt, themeOf) are exported on window.StoryMap beside it.
 */
(function () {
  "use strict";

  // The world is drawn three times side by side, as the tiles repeat it.
  const WORLD_COPIES = [-360, 0, 360];
  // Milliseconds the map stays still before the basemap follows it: a reader zooming
  // through several levels waits for none of them, and streamlit-folium reports the
  // map's view 250 ms after a move, undelayed by the basemap's work.
  const SETTLE_MS = 300;
  // About how many points the basemap places in one task (see show()).
  const PIECE_POINTS = 2000;

  /** Whether a point is on the frame Natural Earth cuts land along: the antimeridian
   * and the South Pole's parallel. */
  function onFrame(point) {
    return Math.abs(point[0]) === 180 || point[1] === -90;
  }

  /** A land ring's outline as coast: its lines, without its edges along the frame. */
  function coastOf(ring) {
    const lines = [];
    let line = [ring[0]];
    for (let index = 1; index < ring.length; index++) {
      const before = ring[index - 1];
      const point = ring[index];
      const alongFrame =
        onFrame(before) && onFrame(point) && (before[0] === point[0] || before[1] === point[1]);
      if (alongFrame) {
        if (line.length > 1) lines.push(line);
        line = [point];
      } else {
        line.push(point);
      }
    }
    if (line.length > 1) lines.push(line);
    return lines;
  }

  /** The relative luminance (0 to 1) of a CSS colour written #rgb or #rrggbb. */
  function luminance(colour) {
    let hex = colour.replace("#", "");
    if (hex.length === 3) hex = hex.replace(/./g, "$&$&");
    return [0, 2, 4]
      .map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index], 0);
  }

  /**
   * "dark" when the page around the map is dark, else "light". Streamlit's component
   * frame sets its theme's colours as CSS variables on the frame's root; a page with
   * none (the standalone export) is light.
   */
  function themeOf(doc) {
    const background = window
      .getComputedStyle(doc.documentElement)
      .getPropertyValue("--background-color")
      .trim();
    if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(background)) return "light";
    return luminance(background) < 0.2 ? "dark" : "light";
  }

  /** Run ``action`` once the map has been painted: the basemap never delays it. */
  function afterFirstPaint(map, action) {
    map.whenReady(() => window.requestAnimationFrame(() => setTimeout(action, 0)));
  }

  /** Run ``steps`` one after another, each in a task of its own, so that the page
   * stays responsive between them. */
  function inTurns(steps) {
    const next = () => {
      const step = steps.shift();
      if (!step) return;
      step();
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }

  /** The level of detail (basemap.levels, by zoom) the map draws at ``zoom``. */
  function levelAt(levels, zoom) {
    return levels.filter((level) => zoom >= level.fromZoom).pop().name;
  }

  /** The shifts of the world's copies (WORLD_COPIES) that ``bounds`` shows. */
  function copiesIn(bounds) {
    return WORLD_COPIES.filter(
      (shift) => bounds.getWest() < shift + 180 && bounds.getEast() > shift - 180,
    );
  }

  /** ``shapes`` (polygons or lines) in pieces of about PIECE_POINTS points each (a
   * larger shape alone). */
  function inPieces(shapes) {
    const pieces = [];
    let piece = [];
    let points = 0;
    shapes.forEach((shape) => {
      // A polygon is a list of rings; a line, a list of points.
      const size = Array.isArray(shape[0][0])
        ? shape.reduce((sum, ring) => sum + ring.length, 0)
        : shape.length;
      if (piece.length && points + size > PIECE_POINTS) {
        pieces.push(piece);
        piece = [];
        points = 0;
      }
      piece.push(shape);
      points += size;
    });
    if (piece.length) pieces.push(piece);
    return pieces;
  }

  /**
   * The basemap on ``map``, at the level of detail for its zoom (a world level, and a
   * finer one for a place, asked for only when the reader zooms in), in as many copies
   * of the world as the view shows. ``data``: every level's GeoJSON by name, for a map
   * carried in one file; else each is fetched from ``basemap.urls``. Returns the layer
   * group, empty until the first level arrives. Once a level is wholly drawn, the
   * map's container says which (``data-basemap``).
   */
  function basemapLayer(map, basemap, data) {
    const pane = map.createPane(basemap.pane);
    pane.style.zIndex = basemap.zIndex;
    pane.style.pointerEvents = "none";
    // A canvas of its own, in its own pane, under the tiles.
    const renderer = L.canvas({ pane: basemap.pane, padding: 0.5 });
    // Its credit (basemap.attribution) is given on a map with no tiles, else none.
    const group = L.layerGroup([], { pane: basemap.pane, attribution: basemap.attribution });
    group.addTo(map);
    const kinds = ["land", "border", "coast"]; // drawn in this order, each over the last
    const levels = {}; // by name: its shapes by kind, in pieces, once arrived; null until then
    const copies = {}; // by level and shift: its paths by kind and piece, made when first shown
    let shown = []; // the copies on the map, as [level, shift]
    let turn = 0; // counts the calls of show(): the steps of an older one stop
    let theme = null;

    function paint() {
      const now = themeOf(document);
      if (now === theme) return;
      theme = now;
      const look = basemap.style[theme];
      map.getContainer().style.background = look.sea; // before the land arrives too
      Object.values(copies).forEach((paths) =>
        Object.entries(paths).forEach(([kind, pieces]) =>
          pieces.forEach((path) => path && path.setStyle(look[kind])),
        ),
      );
    }

    function pathOf(name, shift, kind, index) {
      const key = name + "@" + shift;
      const paths = (copies[key] = copies[key] || { land: [], border: [], coast: [] });
      if (!paths[kind][index]) {
        const at = (point) => L.latLng(point[1], point[0] + shift);
        const options = Object.assign(
          { renderer: renderer, pane: basemap.pane, interactive: false },
          basemap.style[theme][kind],
        );
        const shapes = levels[name][kind][index];
        paths[kind][index] =
          kind === "land"
            ? L.polygon(L.GeoJSON.coordsToLatLngs(shapes, 2, at), options)
            : L.polyline(L.GeoJSON.coordsToLatLngs(shapes, 1, at), options);
      }
      return paths[kind][index];
    }

    function load(name) {
      if (name in levels) return;
      levels[name] = null;
      const arrived = data
        ? Promise.resolve(data[name])
        : fetch(basemap.urls[name]).then((response) => {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          });
      arrived
        .then((geojson) => {
          const shapes = { land: [], border: [] };
          geojson.features.forEach((feature) => {
            shapes[feature.properties.kind] = feature.geometry.coordinates;
          });
          shapes.coast = shapes.land.flatMap((polygon) => polygon.flatMap(coastOf));
          levels[name] = {};
          kinds.forEach((kind) => {
            levels[name][kind] = inPieces(shapes[kind]);
          });
          show();
        })
        .catch((error) => {
          // The map works without it, as it did before there was one.
          console.error("The basemap (" + name + ") could not be loaded:", error);
        });
    }

    /**
     * Draw the level for the map's zoom (until it has arrived, the one there is), in the
     * copies of the world in view, a piece at a time: each piece is placed in a task of
     * its own, so that the page, which shares this frame's thread, stays responsive.
     */
    function show() {
      const wanted = levelAt(basemap.levels, map.getZoom());
      load(wanted);
      const name = levels[wanted]
        ? wanted
        : basemap.levels.map((level) => level.name).find((level) => levels[level]);
      if (!name) return;
      const next = copiesIn(map.getBounds()).map((shift) => [name, shift]);
      const same = (a, b) => a[0] === b[0] && a[1] === b[1];
      const gone = shown.filter((copy) => !next.some((other) => same(copy, other)));
      shown = next;
      const current = ++turn;
      delete map.getContainer().dataset.basemap;
      const steps = next.flatMap(([level, shift]) =>
        kinds.flatMap((kind) =>
          levels[level][kind].map((piece, index) => () => {
            if (turn === current) group.addLayer(pathOf(level, shift, kind, index));
          }),
        ),
      );
      // What is no longer in view goes once what replaces it is drawn: no gap between.
      steps.push(() => {
        gone.forEach(([level, shift]) =>
          Object.values(copies[level + "@" + shift] || {}).forEach((pieces) =>
            pieces.forEach((path) => {
              if (path && !shown.some((copy) => same(copy, [level, shift]))) {
                group.removeLayer(path);
              }
            }),
          ),
        );
        if (turn === current) map.getContainer().dataset.basemap = name;
      });
      inTurns(steps);
    }

    paint();
    // Streamlit sets the frame's theme again on every run: a change of theme repaints.
    new window.MutationObserver(paint).observe(document.head, { childList: true });
    let settling = null;
    const follow = () => {
      window.clearTimeout(settling);
      settling = setTimeout(show, SETTLE_MS);
    };
    afterFirstPaint(map, () => {
      follow();
      map.on("moveend", follow);
    });
    return group;
  }

  Object.assign(window.StoryMap, { basemapLayer, coastOf, copiesIn, levelAt, themeOf });
})();

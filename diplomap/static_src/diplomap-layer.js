/*
 * diplomap's map layers, built in the browser from one inert JSON payload.
 *
 * Everything that came from an article (titles, sentences, place names) reaches the page only
 * through textContent / createTextNode: never innerHTML. The only markup strings here are our own
 * constant SVG icons.
 *
 * Click reporting (streamlit-folium 0.27): st_folium attaches its click handler to every layer
 * that is on the map when this script has run. All role layers propagate their events to one
 * "root" feature group that is on the map from the start, and the tooltip and popup are bound to
 * that root as functions of the clicked layer. st_folium then reports
 *   last_object_clicked          = the marker's exact lat/lng,
 *   last_object_clicked_tooltip  = innerText of tooltip(layer): "<place name> · <role label>",
 *   last_object_clicked_popup    = innerText of popup(layer),
 * for markers inside cluster groups too, and for layers toggled on later.
 *
 * Popup texts: the standalone export carries them in each entry ("ev", "more"). The app's map
 * carries only what drawing needs and "popups": {"per": n, "urls": [...]}, JSON files on its own
 * origin of n entries each ({"first", "popups": [one per entry, same order]}). A file is fetched
 * when one of its popups opens; the popup says so meanwhile and fills in when it arrives. A failed
 * fetch is tried again on the next popup of that file that opens.
 */
(function () {
  "use strict";
  if (window.DiplomapLayer) {
    return;
  }

  // Leaflet focuses the map on mouse-down (for its arrow keys). When the map's frame is not wholly
  // on screen (a 1366x768 laptop), focusing it scrolls the page under the pointer, the press
  // becomes a drag and a click on a cluster a click on the map. Focus it without scrolling.
  if (L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) {
        this._map._container.focus({ preventScroll: true });
      }
    };
  }

  var STATUS_COLOURS = {
    ok: "#2e7d32",
    risk: "#ef6c00",
    closed: "#c62828",
    unstaffed: "#757575",
    unknown: "#1565c0"
  };
  var STATUS_LABELS = [
    ["ok", "Operating / opened"],
    ["risk", "At risk / attacked"],
    ["closed", "Evacuated / closed"],
    ["unstaffed", "Unstaffed"],
    ["unknown", "Status unknown"]
  ];
  var POST_TYPE_LABELS = [
    ["embassy", "Embassy"],
    ["high_commission", "High commission"],
    ["consulate_general", "Consulate general"],
    ["consulate", "Consulate"],
    ["mission", "Mission"],
    ["residence", "Residence"]
  ];
  var MEETING_COLOUR = "#6a1b9a";
  var MENTION_COLOUR = "#546e7a";
  var CONFLICT_STYLE = { color: "#b71c1c", weight: 1, opacity: 0.8, fillColor: "#e53935", fillOpacity: 0.22 };
  var UNCERTAIN_CONFLICT_STYLE = { dashArray: "5 5", weight: 1.5, fillOpacity: 0.07 };

  // White glyphs drawn inside the 28x36 pin, centred near (14, 13).
  var GLYPHS = {
    embassy: '<path d="M10 6.5v13" stroke="#fff" stroke-width="1.6"/><path d="M10.8 7h8.2l-2 2.8 2 2.8h-8.2z" fill="#fff"/>',
    high_commission: '<path d="M10 6.5v13" stroke="#fff" stroke-width="1.6"/><path d="M10.8 7h8.2v5.6h-8.2z" fill="#fff"/><path d="M10.8 9.8h8.2" stroke="currentColor" stroke-width="1.2"/>',
    consulate: '<path d="M7.5 11 14 7l6.5 4z" fill="#fff"/><path d="M9 12v5M12.3 12v5M15.7 12v5M19 12v5" stroke="#fff" stroke-width="1.5"/><path d="M7.5 18h13" stroke="#fff" stroke-width="1.6"/>',
    consulate_general: '<path d="M7.5 10.5 14 6.5l6.5 4z" fill="#fff"/><path d="M9 11.5v4.5M12.3 11.5v4.5M15.7 11.5v4.5M19 11.5v4.5" stroke="#fff" stroke-width="1.5"/><path d="M7 17.2h14M7 19.4h14" stroke="#fff" stroke-width="1.3"/>',
    mission: '<path d="m14 6.5 1.9 4.1 4.4.5-3.3 3 .9 4.4L14 16.3l-3.9 2.2.9-4.4-3.3-3 4.4-.5z" fill="#fff"/>',
    residence: '<path d="M7.5 13 14 7.2l6.5 5.8" fill="none" stroke="#fff" stroke-width="1.7"/><path d="M9.5 12.5v6.5h9v-6.5" fill="#fff"/>',
    unknown: '<circle cx="14" cy="13" r="4" fill="#fff"/>'
  };

  function pinSvg(colour, glyph) {
    return '<svg width="28" height="36" viewBox="0 0 28 36" color="' + colour + '">' +
      '<path d="M14 1.5C7.4 1.5 2.5 6.4 2.5 13c0 8.3 11.5 21.5 11.5 21.5S25.5 21.3 25.5 13C25.5 6.4 20.6 1.5 14 1.5z" ' +
      'fill="' + colour + '" stroke="#fff" stroke-width="1.5"/>' + glyph + "</svg>";
  }

  var MEETING_SVG = '<svg width="26" height="26" viewBox="0 0 26 26">' +
    '<rect x="1.5" y="1.5" width="23" height="23" rx="6" fill="' + MEETING_COLOUR + '" stroke="#fff" stroke-width="1.5"/>' +
    '<circle cx="9.5" cy="9.5" r="2.6" fill="#fff"/><circle cx="16.5" cy="9.5" r="2.6" fill="#fff"/>' +
    '<path d="M4.8 19c.4-3.3 2.3-5 4.7-5s4.3 1.7 4.7 5zM11.8 19c.4-3.3 2.3-5 4.7-5s4.3 1.7 4.7 5z" fill="#fff"/></svg>';
  var MENTION_SVG = '<svg width="14" height="14" viewBox="0 0 14 14">' +
    '<circle cx="7" cy="7" r="5.5" fill="' + MENTION_COLOUR + '" stroke="#fff" stroke-width="1.5"/></svg>';
  var CONFLICT_SVG = '<svg width="18" height="14" viewBox="0 0 18 14">' +
    '<rect x="1" y="1" width="16" height="12" rx="2" fill="' + CONFLICT_STYLE.fillColor + '" fill-opacity="0.35" ' +
    'stroke="' + CONFLICT_STYLE.color + '"/></svg>';

  var iconCache = {};

  function postIcon(postType, status) {
    var glyph = GLYPHS[postType] ? postType : "unknown";
    var colour = STATUS_COLOURS[status] ? status : "unknown";
    var key = "post:" + glyph + ":" + colour;
    if (!iconCache[key]) {
      iconCache[key] = L.divIcon({
        className: "dm-icon dm-icon-post dm-post-" + glyph + " dm-status-" + colour,
        html: pinSvg(STATUS_COLOURS[colour], GLYPHS[glyph]),
        iconSize: [28, 36],
        iconAnchor: [14, 35],
        popupAnchor: [0, -32],
        tooltipAnchor: [0, -30]
      });
    }
    return iconCache[key];
  }

  // An icon centred on its point (meetings, other mentions, a country-wide conflict's mark), made once.
  function centredIcon(key, className, svg, width, height) {
    if (!iconCache[key]) {
      iconCache[key] = L.divIcon({
        className: "dm-icon " + className,
        html: svg,
        iconSize: [width, height],
        iconAnchor: [width / 2, height / 2],
        popupAnchor: [0, -(height / 2 - 1)],
        tooltipAnchor: [0, -(height / 2 - 1)]
      });
    }
    return iconCache[key];
  }

  function meetingIcon() {
    return centredIcon("meeting", "dm-icon-meeting", MEETING_SVG, 26, 26);
  }

  function mentionIcon() {
    return centredIcon("mention", "dm-icon-mention", MENTION_SVG, 14, 14);
  }

  function conflictIcon() {
    return centredIcon("conflict", "dm-icon-conflict", CONFLICT_SVG, 18, 14);
  }

  function clusterIconFunction(kind) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
      var label = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
      var node = document.createElement("div");
      node.appendChild(textEl("span", null, label));
      return L.divIcon({
        className: "dm-cluster dm-cluster-" + kind,
        html: node,
        iconSize: [size, size]
      });
    };
  }

  function textEl(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function sentenceEl(parts) {
    var quote = textEl("blockquote", "dm-event-sentence");
    quote.appendChild(document.createTextNode(parts[0] || ""));
    if (parts[1]) {
      quote.appendChild(textEl("mark", null, parts[1]));
    }
    quote.appendChild(document.createTextNode(parts[2] || ""));
    return quote;
  }

  function popupHead(className, entry, labels) {
    var box = textEl("div", className);
    box.appendChild(textEl("div", "dm-popup-place", entry.n));
    var reports = entry.cnt === 1 ? "1 report" : entry.cnt + " reports";
    box.appendChild(textEl("div", "dm-popup-role", (labels[entry.r] || entry.r) + " \u00b7 " + reports));
    return box;
  }

  // The article's address as a link to a new tab; only an absolute http(s) URL (the server let
  // through nothing else: extraction.urls), set as a property, never written into markup.
  function sourceLink(url) {
    if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/i.test(url)) {
      return null;
    }
    var link = textEl("a", "dm-event-source", "source");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  // texts: {ev: [{t: title, m: details, s: [before, mention, after], u: source URL}], more: n}
  function buildPopup(entry, texts, labels) {
    var box = popupHead("dm-popup", entry, labels);
    var list = textEl("ol", "dm-popup-events");
    for (var i = 0; i < texts.ev.length; i++) {
      var ev = texts.ev[i];
      var item = textEl("li", "dm-event");
      item.appendChild(textEl("div", "dm-event-title", ev.t));
      item.appendChild(textEl("div", "dm-event-meta", ev.m));
      item.appendChild(sentenceEl(ev.s));
      var link = sourceLink(ev.u);
      if (link) {
        item.appendChild(link);
      }
      list.appendChild(item);
    }
    box.appendChild(list);
    if (texts.more > 0) {
      box.appendChild(textEl("div", "dm-popup-more", "+" + texts.more + " more"));
    }
    return box;
  }

  // Popup texts kept in the entries themselves (the standalone export).
  function inlineTexts() {
    return {
      get: function (entry) {
        return entry;
      },
      failed: function () {
        return false;
      },
      load: function () {
        return null;
      }
    };
  }

  // Popup texts in JSON files of spec.per markers each ({"first", "popups": [...]}), fetched when a
  // popup of theirs opens: the first click waits for one small file, not for every text.
  function fetchedTexts(spec, count) {
    var shards = {};
    var failed = {};
    var pending = {};

    function shardOf(entry) {
      return Math.floor(entry.i / spec.per);
    }

    function load(entry) {
      var k = shardOf(entry);
      if (shards[k] || !spec.urls[k]) {
        return null;
      }
      if (pending[k]) {
        return pending[k];
      }
      var first = k * spec.per;
      var expected = Math.min(spec.per, count - first);
      failed[k] = false;
      pending[k] = fetch(spec.urls[k], { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (body) {
          if (!body || body.first !== first || !Array.isArray(body.popups) || body.popups.length !== expected) {
            throw new Error("the popup texts do not belong to this map");
          }
          shards[k] = body.popups;
        })
        .catch(function () {
          failed[k] = true;
        })
        .then(function () {
          delete pending[k];
        });
      return pending[k];
    }

    return {
      get: function (entry) {
        var list = shards[shardOf(entry)];
        return list ? list[entry.i - shardOf(entry) * spec.per] : null;
      },
      failed: function (entry) {
        return !!failed[shardOf(entry)];
      },
      load: load
    };
  }

  function buildTooltip(layer, labels) {
    if (layer && layer.dmEntry) {
      // Must equal PlaceMarker.tooltip in mapview.py: parse_map_click looks this text up.
      var entry = layer.dmEntry;
      if (entry.c) {  // a cluster of the archive map: no place of its own, so no click names one
        return textEl("span", "dm-tooltip-text", entry.c + " places \u00b7 " + (labels[entry.r] || entry.r));
      }
      return textEl("span", "dm-tooltip-text", entry.n + " \u00b7 " + (labels[entry.r] || entry.r));
    }
    if (layer && typeof layer.getChildCount === "function") {
      return textEl("span", "dm-tooltip-text", layer.getChildCount() + " places");
    }
    return textEl("span", "dm-tooltip-text", "");
  }

  function popupFor(labels, texts) {
    return function (layer) {
      if (!layer || !layer.dmEntry) {
        return textEl("div", "dm-popup");
      }
      var entry = layer.dmEntry;
      var found = texts.get(entry);
      if (found) {
        var popup = buildPopup(entry, found, labels);
        mark("diplomap-popup-filled");
        return popup;
      }
      // Not a .dm-popup yet: the name and counts now, the excerpts once they have arrived.
      var box = popupHead("dm-popup-pending", entry, labels);
      var note = texts.note || (texts.failed(entry) ? "The excerpts could not be loaded. Open the popup again to retry."
        : "Loading the excerpts\u2026");
      box.appendChild(textEl("div", "dm-popup-note", note));
      return box;
    };
  }

  // When a popup opens before its texts are in, fetch them and rebuild the popup once they are.
  function fillPopupsOnArrival(map, texts) {
    map.on("popupopen", function (event) {
      var source = event.popup._source;  // the clicked marker (Leaflet 1.9 sets it before opening)
      var loading = source && source.dmEntry ? texts.load(source.dmEntry) : null;
      if (loading) {
        loading.then(function () {
          if (event.popup.isOpen() && event.popup._source === source) {
            event.popup.update();
          }
        });
      }
    });
  }

  function tooltipFor(labels) {
    return function (layer) {
      return buildTooltip(layer, labels);
    };
  }

  function clusterGroup(kind) {
    return L.markerClusterGroup({
      maxClusterRadius: 45,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIconFunction(kind)
    });
  }

  // A role the role model is unsure of: the same icon, faded, in a dashed ring.
  function uncertainIcon(icon) {
    var key = "u:" + icon.options.className;
    if (!iconCache[key]) {
      iconCache[key] = L.divIcon(L.extend({}, icon.options, { className: icon.options.className + " dm-uncertain" }));
    }
    return iconCache[key];
  }

  function conflictLayer(entry, shapes, renderer) {
    if (entry.pin) {  // a country-wide report where places inside it are known: a small mark only
      return L.marker([entry.la, entry.lo], { icon: entry.u ? uncertainIcon(conflictIcon()) : conflictIcon() });
    }
    // How much was reported decides the shade (entry.fo), so one sentence is not a war zone.
    var shade = entry.fo !== undefined ? { fillOpacity: entry.fo, opacity: Math.min(0.8, entry.fo * 2 + 0.2) } : {};
    var style = L.extend({ renderer: renderer }, CONFLICT_STYLE, shade, entry.u ? UNCERTAIN_CONFLICT_STYLE : {});
    var shape = entry.shape ? shapes[entry.shape] : null;
    if (shape) {
      var depth = shape.type === "MultiPolygon" ? 2 : 1;
      return L.polygon(L.GeoJSON.coordsToLatLngs(shape.coordinates, depth), style);
    }
    return L.circle([entry.la, entry.lo], L.extend({ radius: entry.rad }, style));
  }

  // Place names from packaged data ([name, lat, lon, minZoom, tier], most important first): a
  // pane between the shaded areas (400) and the markers (600), deaf to the pointer, so a name never
  // hides or catches a marker. After each move the names in view are placed in order, skipping
  // any that would overlap one already placed.
  var NAME_CLASSES = ["dm-name-country", "dm-name-capital", "dm-name-city", "dm-name-region"];
  var NAME_FONT_PX = [13, 12, 11, 11];
  var MAX_NAMES = 250;

  function placeNamesLayer(names) {
    var layer = L.layerGroup();
    names = names || [];
    var holder = null;
    var map = null;

    function redraw() {
      if (!map || !holder) {
        return;
      }
      holder.textContent = "";
      var zoom = map.getZoom();
      var bounds = map.getBounds().pad(0.1);
      var placed = [];
      for (var i = 0; i < names.length && placed.length < MAX_NAMES; i++) {
        var row = names[i];
        if (row[3] > zoom || !bounds.contains([row[1], row[2]])) {
          continue;
        }
        var point = map.latLngToLayerPoint([row[1], row[2]]);
        var width = String(row[0]).length * NAME_FONT_PX[row[4]] * (row[4] === 0 ? 0.78 : 0.6) + 6;
        var height = NAME_FONT_PX[row[4]] + 4;
        var box = [point.x - width / 2, point.y - height / 2, point.x + width / 2, point.y + height / 2];
        if (overlapsAny(box, placed)) {
          continue;
        }
        placed.push(box);
        var label = textEl("div", "dm-name " + NAME_CLASSES[row[4]], row[0]);
        label.style.left = Math.round(box[0]) + "px";
        label.style.top = Math.round(box[1]) + "px";
        label.style.width = Math.round(width) + "px";
        holder.appendChild(label);
      }
    }

    function hide() {
      if (holder) {
        holder.textContent = "";
      }
    }

    layer.onAdd = function (added) {
      map = added;
      if (!map.getPane("dm-names")) {
        map.createPane("dm-names").style.zIndex = 450;
      }
      holder = textEl("div", "dm-names");
      map.getPane("dm-names").appendChild(holder);
      map.on("zoomstart", hide);
      map.on("moveend", redraw);
      redraw();
    };
    layer.onRemove = function () {
      map.off("zoomstart", hide);
      map.off("moveend", redraw);
      if (holder && holder.parentNode) {
        holder.parentNode.removeChild(holder);
      }
      holder = null;
      map = null;
    };
    layer.redraw = redraw;
    // The app's map fetches its names beside the markers and does not wait for them.
    layer.setNames = function (list) {
      names = Array.isArray(list) ? list : [];
      redraw();
    };
    return layer;
  }

  function overlapsAny(box, placed) {
    for (var i = 0; i < placed.length; i++) {
      var other = placed[i];
      if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) {
        return true;
      }
    }
    return false;
  }

  // Countries shaded by how many reports of one role name a place in them: five classes of a
  // single hue, the classes' bounds in the legend. Uses the borders' shapes (by ISO code).
  var INTENSITY_COLOURS = {
    conflict: ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],
    meeting: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
    diplomatic_post: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
  };

  function intensityBreaks(counts) {
    var values = Object.keys(counts).map(function (k) { return counts[k]; });
    var most = Math.max.apply(null, values.concat([1]));
    // Geometric classes from 1 to the largest count: 1, 2-3, 4-9, ... by the shape of the data.
    var breaks = [];
    for (var i = 1; i <= 4; i++) {
      breaks.push(Math.max(i, Math.round(Math.pow(most, i / 5))));
    }
    return breaks;
  }

  function intensityClass(n, breaks) {
    var k = 0;
    while (k < breaks.length && n > breaks[k]) {
      k++;
    }
    return k;
  }

  // Built when first switched on: most maps never show it, and shaping every country takes time.
  function intensityLayer(role, counts, borders, renderer, legend) {
    var colours = INTENSITY_COLOURS[role];
    var breaks = intensityBreaks(counts);
    var layer = L.featureGroup();
    var built = false;
    layer.dmIntensity = { role: role, breaks: breaks, colours: colours, counts: counts };
    layer.on("add", function () {
      if (!built) {
        built = true;
        layer.addLayer(L.geoJSON(borders, {
          renderer: renderer,
          filter: function (feature) {
            return !!counts[feature.properties.code];
          },
          style: function (feature) {
            var n = counts[feature.properties.code];
            return { color: "#555", weight: 0.6, opacity: 0.7, fillColor: colours[intensityClass(n, breaks)], fillOpacity: 0.75 };
          },
          interactive: false
        }));
      }
      legend.show(layer.dmIntensity);
    });
    layer.on("remove", function () { legend.hide(layer.dmIntensity); });
    return layer;
  }

  function intensityLegend(map, labels) {
    var control = L.control({ position: "bottomright" });
    var box = null;
    var shown = [];
    control.onAdd = function () {
      box = textEl("div", "dm-intensity-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    function paint() {
      if (!box) {
        return;
      }
      box.textContent = "";
      box.style.display = shown.length ? "" : "none";
      for (var i = 0; i < shown.length; i++) {
        var spec = shown[i];
        box.appendChild(textEl("div", "dm-legend-head", (labels[spec.role] || spec.role) + " reports per country"));
        var low = 1;
        for (var k = 0; k <= spec.breaks.length; k++) {
          var high = k < spec.breaks.length ? spec.breaks[k] : null;
          if (high !== null && high < low) {
            continue;
          }
          var text = high === null ? low + " or more" : low === high ? String(low) : low + "\u2013" + high;
          box.appendChild(legendRow(swatch(spec.colours[k]), text));
          if (high !== null) {
            low = high + 1;
          }
        }
      }
    }
    control.addTo(map);
    paint();
    return {
      show: function (spec) { shown.push(spec); paint(); },
      hide: function (spec) { shown = shown.filter(function (s) { return s !== spec; }); paint(); }
    };
  }

  function legendControl(map) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = textEl("div", "dm-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var details = document.createElement("details");
      // Open only on a very tall map: open, it covers markers; closed, it is one "Legend" toggle.
      details.open = map.getSize().y >= 1000;
      details.appendChild(textEl("summary", "dm-legend-title", "Legend"));
      details.appendChild(textEl("div", "dm-legend-head", "Diplomatic posts: colour = status"));
      for (var i = 0; i < STATUS_LABELS.length; i++) {
        details.appendChild(legendRow(swatch(STATUS_COLOURS[STATUS_LABELS[i][0]]), STATUS_LABELS[i][1]));
      }
      details.appendChild(textEl("div", "dm-legend-head", "Icon = post type"));
      var grid = textEl("div", "dm-legend-grid");
      for (var j = 0; j < POST_TYPE_LABELS.length; j++) {
        var type = POST_TYPE_LABELS[j][0];
        grid.appendChild(legendRow(svgEl(pinSvg("#455a64", GLYPHS[type]), "dm-legend-pin"), POST_TYPE_LABELS[j][1]));
      }
      details.appendChild(grid);
      details.appendChild(textEl("div", "dm-legend-head", "Other layers"));
      details.appendChild(legendRow(svgEl(MEETING_SVG, "dm-legend-meeting"), "Meeting"));
      details.appendChild(legendRow(svgEl(CONFLICT_SVG, "dm-legend-conflict"), "Conflict area"));
      details.appendChild(legendRow(svgEl(MENTION_SVG, "dm-legend-mention"), "Other mention (chosen under Show)"));
      var faded = svgEl(MEETING_SVG, "dm-legend-meeting dm-uncertain");
      details.appendChild(legendRow(faded, "Faded, dashed: uncertain role (under 75 %)"));
      details.appendChild(textEl("div", "dm-legend-note", "Numbered circles group nearby places; click to zoom in."));
      box.appendChild(details);
      return box;
    };
    return control;
  }

  // An exported map says what it shows: its title and the filters that made it.
  function headingControl(heading) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = textEl("div", "dm-heading leaflet-bar");
      box.appendChild(textEl("div", "dm-heading-title", heading[0]));
      if (heading[1]) {
        box.appendChild(textEl("div", "dm-heading-caption", heading[1]));
      }
      return box;
    };
    return control;
  }

  function legendRow(symbol, label) {
    var row = textEl("div", "dm-legend-row");
    row.appendChild(symbol);
    row.appendChild(textEl("span", null, label));
    return row;
  }

  function swatch(colour) {
    var node = textEl("span", "dm-legend-swatch");
    node.style.backgroundColor = colour;
    return node;
  }

  function svgEl(markup, className) {
    // Our own constant markup (no data): parsed once into a node.
    var holder = textEl("span", "dm-legend-symbol " + className);
    holder.innerHTML = markup;
    return holder;
  }

  // data: everything inline (the standalone export), or, in the app, "data" and "borders" URLs of
  // JSON files (diplomap.mapfiles) fetched side by side; the layers, the root that carries tooltip
  // and popup, and the legend exist at once either way, so st_folium finds them when it wires up
  // its click handlers right after this script has run.
  function render(map, data, borders) {
    mark("diplomap-render-start");
    var labels = data.labels || {};
    var kept = data.keepView ? keptState() : {};
    var linked = data.keepView ? linkedView(kept) : null;
    var start = linked || kept.view;
    // Before any layer is added and without animation, so clusters are computed once.
    if (start) {
      map.setView(start.c, start.z, { animate: false });
    } else if (data.bounds) {
      map.fitBounds(data.bounds, FIT);
    }
    if (data.keepView) {
      if (linked) {
        remember(linked.text);  // a later copy of it from Streamlit is no new link
      }
      watchAddress(map, start ? viewText(map) : null);
    }
    var count = data.data ? data.count : data.markers ? data.markers.length : 0;
    var texts = data.popups ? fetchedTexts(data.popups, count) : data.archive ? archiveTexts() : inlineTexts();
    var root = L.featureGroup().addTo(map);
    root.bindTooltip(tooltipFor(labels), { direction: "top", className: "dm-tooltip", opacity: 0.95 });
    root.bindPopup(popupFor(labels, texts), { maxWidth: 360, minWidth: 240, maxHeight: 320, className: "dm-popup-wrap",
    autoPanPaddingTopLeft: [60, 140], autoPanPaddingBottomRight: [20, 20] });

    // The archive map's points come clustered from the server: plain groups hold them.
    var layers = data.archive ? {
      diplomatic_post: L.featureGroup(),
      meeting: L.featureGroup(),
      conflict: L.featureGroup(),
      mention: L.featureGroup()
    } : {
      diplomatic_post: clusterGroup("post"),
      meeting: clusterGroup("meeting"),
      conflict: L.featureGroup(),
      mention: clusterGroup("mention")
    };
    for (var k = 0; k < LAYER_ORDER.length; k++) {
      var role = LAYER_ORDER[k];
      layers[role].addEventParent(root);
      // What is drawn is what the "Show" filter chose: every layer starts visible.
      var hidden = kept.hidden ? kept.hidden.indexOf(role) >= 0 : false;
      if (!hidden) {
        layers[role].addTo(map);
      }
    }
    if (data.bounds) {
      fitControl(map, data.bounds, data.keepView).addTo(map);
    }
    if (data.keepView) {
      copyLinkControl().addTo(map);
    }
    if (data.keepView) {
      keepState(map, layers);
    }
    if (Array.isArray(data.heading)) {
      headingControl(data.heading).addTo(map);
    }
    legendControl(map).addTo(map);
    fillPopupsOnArrival(map, texts);
    // A handle for tests and the browser console; the map has no other global names of ours.
    map.diplomap = { root: root, layers: layers };
    var vector = L.canvas({ padding: 0.5 });
    if (borders || data.borders) {
      map.getContainer().classList.add("dm-vector-base");
    }
    if (data.archive) {
      archiveClicks(map, root);
      (data.borders ? fetchJson(data.borders) : Promise.resolve(null))
        .catch(function () { return null; })  // the points matter more than the borders
        .then(function (got) {
          drawArchive(map, layers, data.archive, got, data.names ? "later" : null, labels);
          if (data.names && map.diplomap.names) {
            fetchJson(data.names).then(function (names) {
              map.diplomap.names.setNames(names);
            }).catch(function () { /* a map without place names still works */ });
          }
        });
      return map.diplomap;
    }
    if (!data.data) {
      draw(map, layers, vector, data, borders, data.names, labels);
      return map.diplomap;
    }
    Promise.all([fetchJson(data.data), data.borders ? fetchJson(data.borders) : null])
      .then(function (got) {
        if (!got[0] || !Array.isArray(got[0].markers) || got[0].markers.length !== count) {
          throw new Error("the markers file does not belong to this map");
        }
        draw(map, layers, vector, got[0], got[1], data.names ? "later" : null, labels);
        // The names are asked for only once the markers are drawn: fetched beside them, they
        // delayed the markers by half a second (bench/bench_app_map.py, measured side by side).
        if (data.names && map.diplomap.names) {
          setTimeout(function () {
            fetchJson(data.names).then(function (names) {
              map.diplomap.names.setNames(names);
            }).catch(function () { /* a map without place names still works */ });
          }, 0);
        }
      })
      .catch(function (error) {
        failureControl(map, "The map's markers could not be loaded (" + error.message + "). Reload the page.");
      });
    return map.diplomap;
  }

  // What the person did to the app's map (moved it, hid a layer) outlives the map: sessionStorage,
  // per browser tab, read when a rerun draws a new one. The first map of a tab fits the events.
  var STATE_KEY = "diplomap-map-state";
  var FIT = { padding: [30, 30], maxZoom: 5, animate: false };

  function keptState() {
    try {
      var state = JSON.parse(window.sessionStorage.getItem(STATE_KEY) || "{}") || {};
      var view = state.view;
      var valid = view && Array.isArray(view.c) && view.c.length === 2 && isFinite(view.c[0]) &&
        isFinite(view.c[1]) && isFinite(view.z);
      return {
        view: valid ? { c: [Number(view.c[0]), Number(view.c[1])], z: Number(view.z) } : null,
        hidden: Array.isArray(state.hidden) ? state.hidden.map(String) : null,
        extra: state.extra && typeof state.extra === "object" ? state.extra : null,
        written: Array.isArray(state.written) ? state.written.map(String) : [],
        time: typeof state.time === "string" ? state.time : ""
      };
    } catch (error) {  // storage blocked, or not ours: start from the events
      return {};
    }
  }

  function saveState(change) {
    try {
      var state = JSON.parse(window.sessionStorage.getItem(STATE_KEY) || "{}") || {};
      change(state);
      window.sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
    } catch (error) {
      // Without storage the next map fits its events: nothing is lost but the view.
    }
  }

  // Called after the first view is set, so only moves made since (drag, zoom, a popup panning the
  // map into view) are kept; hidden layers are kept by role.
  function keepState(map, layers) {
    map.on("moveend", function () {
      var centre = map.getCenter();
      saveState(function (state) {
        state.view = { c: [centre.lat, centre.lng], z: map.getZoom() };
      });
      writeView(map);
    });
    map.on("overlayadd overlayremove", function () {
      var hidden = LAYER_ORDER.filter(function (role) {
        return !map.hasLayer(layers[role]);
      });
      saveState(function (state) {
        state.hidden = hidden;
      });
    });
  }

  // The page's address holds the map's view too ("view=lat,lon,zoom", diplomap.viewlink), so a
  // copied link reopens it. The map's frame has the page's origin: it reads the address and
  // rewrites it with history.replaceState, which Streamlit does not notice (no rerun). Streamlit
  // keeps its own copy of the query string and may write back a view this tab wrote or opened
  // earlier, so a view in the address is a new link's (and wins over the kept one) only if this
  // tab has never seen it.
  var VIEW_PARAM = "view";
  var VIEW_NUMBER = /^-?\d{1,3}(\.\d{1,8})?$/;
  var WRITTEN_MAX = 50;
  var ADDRESS_CHECK_MS = 400;

  function pageLocation() {
    try {
      return window.parent.location.pathname !== undefined ? window.parent.location : null;
    } catch (error) {  // a page of another origin holds the map: no address to share
      return null;
    }
  }

  function parseView(text) {
    var parts = String(text).split(",");
    if (parts.length !== 3 || !parts.every(function (p) { return VIEW_NUMBER.test(p); })) {
      return null;
    }
    var lat = Number(parts[0]), lon = Number(parts[1]), zoom = Number(parts[2]);
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || zoom < 0 || zoom > 19) {
      return null;
    }
    return { c: [lat, lon], z: zoom };
  }

  function linkedView(kept) {
    var where = pageLocation();
    var text = where ? new URLSearchParams(where.search).get(VIEW_PARAM) : null;
    if (!text || (kept.written || []).indexOf(text) >= 0) {
      return null;
    }
    var view = parseView(text);
    return view ? { c: view.c, z: view.z, text: text } : null;
  }

  function remember(text) {
    saveState(function (state) {
      var written = Array.isArray(state.written) ? state.written : [];
      if (written.indexOf(text) < 0) {
        written.push(text);
      }
      state.written = written.slice(-WRITTEN_MAX);
    });
  }

  function viewText(map) {
    var centre = map.getCenter().wrap();
    var short = function (value, places) { return String(Number(value.toFixed(places))); };
    return [short(centre.lat, 5), short(centre.lng, 5), short(map.getZoom(), 2)].join(",");
  }

  // The map's view into the address (or out of it, with no map: the view is the events' fit).
  function writeView(map) {
    var text = map ? viewText(map) : null;
    if (text) {
      remember(text);
    }
    writeParam(VIEW_PARAM, text);
  }

  // One parameter of the page's address set (or removed, for null) without a rerun.
  function writeParam(name, value) {
    var where = pageLocation();
    if (!where) {
      return;
    }
    try {
      var params = new URLSearchParams(where.search);
      if (value) {
        params.set(name, value);
      } else {
        params.delete(name);
      }
      var query = params.toString();
      var url = where.pathname + (query ? "?" + query : "") + where.hash;
      if (url !== where.pathname + where.search + where.hash) {
        window.parent.history.replaceState(window.parent.history.state, "", url);
      }
    } catch (error) {
      // The address stays as it was: the link lacks this part, nothing else is lost.
    }
  }

  // Streamlit rewrites the address from its own copy whenever a filter changes (the map is not
  // always drawn again then): put the map's view back each time. There is no event for it.
  function watchAddress(map, initial) {
    var shown = initial;  // what the address should hold: the view, or null for the events' fit
    map.on("moveend", function () {
      shown = viewText(map);
    });
    var check = function () {
      var where = pageLocation();
      if (where && new URLSearchParams(where.search).get(VIEW_PARAM) !== shown) {
        writeView(shown ? map : null);
      }
    };
    whileShown(map, check);
  }

  // Now and every ADDRESS_CHECK_MS until this map is replaced (there is no event for Streamlit's
  // own writes to the address).
  function whileShown(map, work) {
    work();
    var timer = setInterval(function () {
      if (!document.body.contains(map.getContainer())) {
        clearInterval(timer);  // this map was replaced
        return;
      }
      work();
    }, ADDRESS_CHECK_MS);
  }

  // A button under the fit button: the page's address (filters and view) to the clipboard, and
  // shown in a box beside it, selected, for when the clipboard is not allowed.
  function copyLinkControl() {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar dm-copy-link");
      var button = L.DomUtil.create("a", "", bar);
      button.href = "#";
      button.setAttribute("role", "button");
      button.title = "Copy a link to this view";
      button.setAttribute("aria-label", "Copy a link to this view");
      // Our own constant markup: two chain links.
      button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" ' +
        'stroke="#333" stroke-width="1.8" stroke-linecap="round"><path d="M6.5 9.5l3-3"/>' +
        '<path d="M7 4.5l1.2-1.2a2.8 2.8 0 0 1 4 4L11 8.5M9 11.5l-1.2 1.2a2.8 2.8 0 0 1-4-4L5 7.5"/></svg>';
      var box = L.DomUtil.create("div", "dm-copy-box", bar);
      var field = L.DomUtil.create("input", "", box);
      field.type = "text";
      field.readOnly = true;
      field.setAttribute("aria-label", "Link to this view");
      var status = textEl("div", "dm-copy-status", "");
      box.appendChild(status);
      box.hidden = true;
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.disableScrollPropagation(bar);
      L.DomEvent.on(button, "click", function (event) {
        L.DomEvent.preventDefault(event);
        if (!box.hidden) {
          box.hidden = true;
          return;
        }
        var where = pageLocation();
        field.value = where ? where.href : window.location.href;
        box.hidden = false;
        field.focus({ preventScroll: true });
        field.select();
        status.textContent = "Press Ctrl+C to copy.";
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(function () {
            status.textContent = "Link copied.";
          }, function () { /* the box says how to copy it */ });
        }
      });
      return bar;
    };
    return control;
  }

  // A button under the zoom buttons: every event in view again (and forget the kept view).
  function fitControl(map, bounds, keepView) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar dm-fit");
      var button = L.DomUtil.create("a", "", bar);
      button.href = "#";
      button.setAttribute("role", "button");
      button.title = "Show every event";
      button.setAttribute("aria-label", "Show every event");
      // Our own constant markup: four corners pointing out.
      button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" ' +
        'stroke="#333" stroke-width="2" stroke-linecap="round"><path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"/></svg>';
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, "click", function (event) {
        L.DomEvent.preventDefault(event);
        var forget = function () {
          saveState(function (state) {
            delete state.view;
          });
        };
        if (keepView) {
          forget();
          map.once("moveend", forget);  // after the listener that keeps each move
        }
        map.fitBounds(bounds, { padding: FIT.padding, maxZoom: FIT.maxZoom });
      });
      return bar;
    };
    return control;
  }

  var LAYER_ORDER = ["conflict", "diplomatic_post", "meeting", "mention"];
  var LAYER_NAMES = {
    conflict: "Conflict areas",
    diplomatic_post: "Diplomatic posts",
    meeting: "Meetings",
    mention: "Other mentions"
  };

  // The borders go in a pane of their own beneath the tile pane (z-index 200): over online tiles
  // they are hidden, and where a tile does not load (offline, a server down) they show through.
  function drawBorders(map, borders) {
    if (!borders) {
      return;
    }
    map.createPane("dm-base").style.zIndex = 150;
    L.geoJSON(borders, {
      interactive: false,
      renderer: L.canvas({ padding: 0.5, pane: "dm-base" }),
      style: { color: "#9aa5b1", weight: 0.8, opacity: 1, fillColor: "#f7f5ef", fillOpacity: 1 }
    }).addTo(map);
  }

  // The layer box: a role layer per role with places (named with how many), then place names and
  // the intensity layers. Layer-control names are HTML in Leaflet: constant text and a number only.
  function layerControl(map, layers, counts, drawing, borders, names, labels) {
    var overlays = {};
    for (var k = 0; k < LAYER_ORDER.length; k++) {
      var role = LAYER_ORDER[k];
      var n = Number(counts[role] || 0);
      if (n > 0) {  // a role the filter left out has no layer to switch on and stay empty
        overlays[LAYER_NAMES[role] + " (" + n + (n === 1 ? " place)" : " places)")] = layers[role];
      }
    }
    var extra = extraOverlays(map, drawing, borders, names, labels);
    for (var name in extra) {
      overlays[name] = extra[name];
    }
    // Open beside a tall map; on a laptop's shorter one it would cover a third of it: a button.
    L.control.layers(null, overlays, { collapsed: map.getSize().y < 650, position: "topright" }).addTo(map);
  }

  function draw(map, layers, vector, drawing, borders, names, labels) {
    var container = map.getContainer();
    drawBorders(map, borders);
    var markers = { diplomatic_post: [], meeting: [], mention: [] };
    var counts = { diplomatic_post: 0, meeting: 0, conflict: 0, mention: 0 };
    var placed = [];
    for (var i = 0; i < drawing.markers.length; i++) {
      var entry = drawing.markers[i];
      var layer;
      if (entry.r === "conflict") {
        layer = conflictLayer(entry, drawing.shapes || {}, vector);
        layers.conflict.addLayer(layer);
      } else {
        var icon = entry.r === "diplomatic_post" ? postIcon(entry.pt, entry.st)
          : entry.r === "meeting" ? meetingIcon() : mentionIcon();
        layer = L.marker([entry.la, entry.lo], { icon: entry.u ? uncertainIcon(icon) : icon, riseOnHover: true });
        (markers[entry.r] || markers.mention).push(layer);
      }
      entry.i = i;
      layer.dmEntry = entry;
      counts[entry.r] = (counts[entry.r] || 0) + 1;
      placed.push(layer);
    }
    layers.diplomatic_post.addLayers(markers.diplomatic_post);
    layers.meeting.addLayers(markers.meeting);
    layers.mention.addLayers(markers.mention);
    // The layer box counts places (markers); the counts line above the map counts reports.
    layerControl(map, layers, counts, drawing, borders, names, labels);
    var time = timeControl(map, layers, placed);
    if (time) {
      time.addTo(map);
    }
    container.setAttribute("data-dm-ready", "1");
    mark("diplomap-render-end");
  }

  // The archive map (diplomap.archive): the server clustered the points of each zoom on a grid and
  // cut them into tile files; the map asks for the files that cover the view whenever the view
  // changes, and draws their points and clusters in the role layers. A point's popup says what
  // was reported there; its excerpts are read from the database into the panel beside the map.
  function archiveTexts() {
    return {
      get: function () { return null; },
      failed: function () { return false; },
      load: function () { return null; },
      note: "Its excerpts are shown beside the map."
    };
  }

  // A cluster is not a place: a click zooms in on it instead of opening a popup.
  function archiveClicks(map, root) {
    root.off("click", root._openPopup, root);
    root.on("click", function (event) {
      var entry = event.layer && event.layer.dmEntry;
      if (entry && entry.c) {
        map.setView([entry.la, entry.lo], Math.min(map.getZoom() + 2, map.getMaxZoom()));
        return;
      }
      root._openPopup(event);
    });
  }

  var CLUSTER_KIND = { diplomatic_post: "post", meeting: "meeting", conflict: "conflict", mention: "mention" };
  // The clusters of the roles in one cell often stand on the same (most reported) place: each role
  // sits a little to its own side of it, so all of them can be read and clicked.
  var CLUSTER_SHIFT = { conflict: [0, -11], diplomatic_post: [-13, 9], meeting: [13, 9], mention: [0, 0] };

  function archiveLayer(entry) {
    if (entry.c) {
      var size = entry.c < 10 ? 30 : entry.c < 100 ? 36 : entry.c < 1000 ? 42 : 48;
      var node = document.createElement("div");
      node.appendChild(textEl("span", null, entry.c < 10000 ? String(entry.c) : Math.round(entry.c / 1000) + "k"));
      var shift = CLUSTER_SHIFT[entry.r] || [0, 0];
      var icon = L.divIcon({ className: "dm-cluster dm-cluster-" + (CLUSTER_KIND[entry.r] || "mention"),
        html: node, iconSize: [size, size], iconAnchor: [size / 2 - shift[0], size / 2 - shift[1]] });
      return L.marker([entry.la, entry.lo], { icon: icon });
    }
    var base = entry.r === "diplomatic_post" ? postIcon(entry.pt, entry.st)
      : entry.r === "meeting" ? meetingIcon() : entry.r === "conflict" ? conflictIcon() : mentionIcon();
    return L.marker([entry.la, entry.lo], { icon: entry.u ? uncertainIcon(base) : base, riseOnHover: true });
  }

  function drawArchive(map, layers, spec, borders, names, labels) {
    var container = map.getContainer();
    drawBorders(map, borders);
    var levels = {};
    for (var i = 0; i < spec.levels.length; i++) {
      var level = spec.levels[i];
      var held = {};
      for (var j = 0; j < level.tiles.length; j++) {
        held[level.tiles[j]] = true;
      }
      levels[level.z] = { tz: level.tz, held: held };
    }
    var fetched = {};  // file name -> promise of its items
    var drawn = {};  // what is on the map: an id of the item -> its marker
    var generation = 0;
    var views = 0;

    function tile(name) {
      if (!fetched[name]) {
        fetched[name] = fetchJson(spec.base + "/" + name + ".json").catch(function (error) {
          delete fetched[name];  // asked again on the next move
          throw error;
        });
      }
      return fetched[name];
    }

    function refresh() {
      var zoom = Math.round(map.getZoom());
      var z = zoom >= spec.placesFrom ? spec.placesFrom : Math.max(zoom, spec.levels[0].z);
      var level = levels[z];
      if (!level) {
        return;
      }
      var box = map.getPixelBounds();
      var scale = Math.pow(2, level.tz) / (256 * Math.pow(2, zoom));
      var last = Math.pow(2, level.tz) - 1;
      var clamp = function (v) { return Math.min(last, Math.max(0, Math.floor(v * scale))); };
      var names = [];
      for (var x = clamp(box.min.x); x <= clamp(box.max.x); x++) {
        for (var y = clamp(box.min.y); y <= clamp(box.max.y); y++) {
          if (level.held[x + "-" + y]) {
            names.push(z + "-" + x + "-" + y);
          }
        }
      }
      var mine = ++generation;
      // A file holds more than the view: only what is in view, and half a view around it, is drawn.
      var near = map.getBounds().pad(0.5);
      Promise.all(names.map(tile)).then(function (lists) {
        if (mine !== generation) {
          return;  // the view moved on meanwhile
        }
        // Markers already drawn stay (a click in progress keeps its element); only the changes move.
        var next = {};
        for (var a = 0; a < lists.length; a++) {
          var items = Array.isArray(lists[a]) ? lists[a] : [];
          for (var b = 0; b < items.length; b++) {
            var entry = items[b];
            if (!layers[entry.r] || typeof entry.la !== "number" || typeof entry.lo !== "number" ||
                !near.contains([entry.la, entry.lo])) {
              continue;
            }
            var id = z + "|" + entry.r + "|" + entry.la + "|" + entry.lo + "|" + (entry.c ? "c" + entry.c + ":" + entry.cnt : entry.k);
            if (drawn[id]) {
              next[id] = drawn[id];
              delete drawn[id];
            } else {
              var marker = archiveLayer(entry);
              marker.dmEntry = entry;
              layers[entry.r].addLayer(marker);
              next[id] = marker;
            }
          }
        }
        for (var gone in drawn) {
          layers[drawn[gone].dmEntry.r].removeLayer(drawn[gone]);
        }
        drawn = next;
        views += 1;
        container.setAttribute("data-dm-archive-views", String(views));
        container.setAttribute("data-dm-archive-files", String(names.length));
        container.setAttribute("data-dm-ready", "1");
        mark("diplomap-archive-view-" + views);
        if (views === 1) {
          mark("diplomap-render-end");  // the first view is drawn: the map is ready, as draw() marks it
        }
      }).catch(function (error) {
        if (mine === generation) {
          failureControl(map, "Part of the map could not be loaded (" + error.message + "). Move the map to try again.");
        }
      });
    }

    layerControl(map, layers, spec.places || {}, { intensity: spec.intensity || {} }, borders, names, labels);
    map.on("moveend", refresh);
    refresh();
  }

  // The time window: the map shows only the places reported on the days of a window (a day, a
  // week or a month ending at the slider's day), and plays through time. It filters the markers
  // already in the browser (each entry's "d": the days of its reports), so a step redraws no page.
  var DAY_MS = 86400000;
  var WINDOWS = [["7", "week"], ["1", "day"], ["30", "month"]];
  var PLAY_MS = 700;

  function timeControl(map, layers, placed) {
    var first = Infinity, last = -Infinity;
    for (var i = 0; i < placed.length; i++) {
      var d = placed[i].dmEntry.d;
      if (d && d.length) {
        first = Math.min(first, d[0]);
        last = Math.max(last, d[d.length - 1]);
      }
    }
    if (!(last > first)) {
      return null;  // fewer than two days reported: nothing to move through
    }
    var state = { on: false, end: last, width: 7, timer: null, stepMs: null, shown: placed.length };
    var control = L.control({ position: "bottomleft" });
    var els = {};
    var TIME_PARAM = "time";
    var WIDTHS = { "1": 1, "7": 7, "30": 30 };

    // "YYYY-MM-DD,days" (diplomap.viewlink.parse_time): the window's last day and width.
    function timeText() {
      return state.on ? isoDay(state.end) + "," + state.width : "";
    }

    function readTime(text) {
      var parts = String(text || "").split(",");
      if (parts.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(parts[0]) || !WIDTHS[parts[1]]) {
        return false;
      }
      var day = Math.round(Date.parse(parts[0] + "T00:00:00Z") / DAY_MS);
      if (!isFinite(day)) {
        return false;
      }
      state.on = true;
      state.end = Math.min(Math.max(day, first), last);
      state.width = WIDTHS[parts[1]];
      return true;
    }

    // A link's window wins unless this tab wrote it; else the window this tab last had.
    function startingWindow() {
      var kept = keptState();
      var where = pageLocation();
      var linked = where ? new URLSearchParams(where.search).get(TIME_PARAM) : null;
      if (!(linked && (kept.written || []).indexOf(linked) < 0 && readTime(linked))) {
        readTime(kept.time);
      }
    }

    function keepWindow() {
      var text = timeText();
      saveState(function (saved) {
        saved.time = text;
      });
      if (text) {
        remember(text);
      }
      writeParam(TIME_PARAM, text);
    }

    function isoDay(n) {
      return new Date(n * DAY_MS).toISOString().slice(0, 10);
    }

    // How many of a marker's reports (its days, in order, one per report) fall in the window.
    function inWindow(days, start, end) {
      var n = 0;
      for (var k = 0; days && k < days.length && days[k] <= end; k++) {
        if (days[k] >= start) {
          n += 1;
        }
      }
      return n;
    }

    var ROLE_WORDS = [["diplomatic_post", "post"], ["meeting", "meeting"], ["conflict", "conflict"],
      ["mention", "mention"]];

    function reportWords(reports) {
      var parts = [];
      for (var r = 0; r < ROLE_WORDS.length; r++) {
        var n = reports[ROLE_WORDS[r][0]] || 0;
        if (n) {
          parts.push(n + " " + ROLE_WORDS[r][1] + (n === 1 ? "" : "s"));
        }
      }
      return parts.length ? parts.join(", ") : "no reports";
    }

    // A post whose status changed over time ("sd": [day, status] in date order) takes the colour of
    // its status as of the window's last day; with the window off, its latest status.
    function statusAsOf(entry, end) {
      var shown = entry.sd[0][1];
      for (var k = 0; k < entry.sd.length && entry.sd[k][0] <= end; k++) {
        shown = entry.sd[k][1];
      }
      return shown;
    }

    function recolour(layer, end) {
      var entry = layer.dmEntry;
      var status = state.on ? statusAsOf(entry, end) : entry.st;
      if (layer.dmStatus !== status) {
        var icon = postIcon(entry.pt, status);
        layer.setIcon(entry.u ? uncertainIcon(icon) : icon);
        layer.dmStatus = status;
      }
    }

    function apply() {
      var started = window.performance ? performance.now() : Date.now();
      var start = state.end - state.width + 1;
      var keep = { diplomatic_post: [], meeting: [], conflict: [], mention: [] };
      var shown = 0, undated = 0, reports = {};
      for (var i = 0; i < placed.length; i++) {
        var layer = placed[i];
        var entry = layer.dmEntry;
        var n = state.on ? inWindow(entry.d, start, state.end) : entry.cnt;
        if (n > 0) {
          (keep[entry.r] || keep.mention).push(layer);
          shown += 1;
          reports[entry.r] = (reports[entry.r] || 0) + n;
          if (entry.sd) {
            recolour(layer, state.end);
          }
        } else if (!entry.d) {
          undated += 1;
        }
      }
      for (var role in keep) {
        var group = layers[role];
        group.clearLayers();
        if (group.addLayers) {
          group.addLayers(keep[role]);
        } else {
          for (var j = 0; j < keep[role].length; j++) {
            group.addLayer(keep[role][j]);
          }
        }
      }
      state.shown = shown;
      state.reports = reports;
      var places = shown + (shown === 1 ? " place" : " places");
      els.label.textContent = state.on
        ? isoDay(start) + " – " + isoDay(state.end) + " · " + places + " · " + reportWords(reports) +
          (undated ? " (" + undated + " undated places left out)" : "")
        : "All dates · " + places;
      var took = (window.performance ? performance.now() : Date.now()) - started;
      state.stepMs = took;
      keepWindow();
      map.getContainer().setAttribute("data-dm-time", state.on ? isoDay(start) + "/" + isoDay(state.end) : "all");
      return took;
    }

    function pause() {
      if (state.timer) {
        clearInterval(state.timer);
        state.timer = null;
      }
      els.play.textContent = "\u25B6";
      els.play.title = "Play through time";
    }

    function play() {
      if (!state.on) {
        setOn(true);
      }
      if (state.end >= last) {
        state.end = Math.min(first + state.width - 1, last);
      }
      els.play.textContent = "\u275A\u275A";
      els.play.title = "Pause";
      apply();
      els.range.value = String(state.end);
      state.timer = setInterval(function () {
        if (state.end >= last) {
          pause();
          return;
        }
        state.end = Math.min(state.end + state.width, last);
        els.range.value = String(state.end);
        apply();
      }, PLAY_MS);
    }

    function setOn(on) {
      state.on = on;
      els.toggle.checked = on;
      els.range.disabled = !on;
      els.width.disabled = !on;
      if (!on) {
        pause();
      }
      apply();
    }

    control.onAdd = function () {
      var box = textEl("div", "dm-time leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var head = textEl("label", "dm-time-head");
      els.toggle = document.createElement("input");
      els.toggle.type = "checkbox";
      els.toggle.className = "dm-time-toggle";
      head.appendChild(els.toggle);
      head.appendChild(textEl("span", null, "Time window"));
      box.appendChild(head);
      var row = textEl("div", "dm-time-row");
      els.play = textEl("button", "dm-time-play", "\u25B6");
      els.play.type = "button";
      els.play.title = "Play through time";
      els.width = document.createElement("select");
      els.width.className = "dm-time-width";
      for (var w = 0; w < WINDOWS.length; w++) {
        var option = document.createElement("option");
        option.value = WINDOWS[w][0];
        option.textContent = WINDOWS[w][1];
        els.width.appendChild(option);
      }
      els.range = document.createElement("input");
      els.range.type = "range";
      els.range.className = "dm-time-range";
      els.range.min = String(first);
      els.range.max = String(last);
      els.range.step = "1";
      els.range.value = String(last);
      els.range.setAttribute("aria-label", "Last day of the time window");
      row.appendChild(els.play);
      row.appendChild(els.width);
      row.appendChild(els.range);
      box.appendChild(row);
      els.label = textEl("div", "dm-time-label", "");
      box.appendChild(els.label);
      els.toggle.addEventListener("change", function () { setOn(els.toggle.checked); });
      els.width.addEventListener("change", function () {
        state.width = Number(els.width.value);
        apply();
      });
      els.range.addEventListener("input", function () {
        state.end = Number(els.range.value);
        apply();
      });
      els.play.addEventListener("click", function () {
        if (state.timer) {
          pause();
        } else {
          play();
        }
      });
      startingWindow();
      els.toggle.checked = state.on;
      els.range.disabled = !state.on;
      els.width.disabled = !state.on;
      els.width.value = String(state.width);
      els.range.value = String(state.end);
      els.label.textContent = "All dates · " + placed.length + (placed.length === 1 ? " place" : " places");
      if (state.on) {
        setTimeout(apply, 0);  // the markers are in their groups by now
      }
      // Streamlit writes its own copy of the address back when a filter changes: put the window back.
      whileShown(map, function () {
        var where = pageLocation();
        var text = timeText();
        if (where && (new URLSearchParams(where.search).get(TIME_PARAM) || "") !== text) {
          writeParam(TIME_PARAM, text);
        }
      });
      return box;
    };
    // For tests and bench/bench_app_map.py: move the window and say how long the redraw took.
    map.diplomap.time = {
      state: state,
      first: first,
      last: last,
      step: function (end, width) {
        state.on = true;
        els.toggle.checked = true;
        state.end = end;
        if (width) {
          state.width = width;
        }
        return apply();
      }
    };
    return control;
  }

  // "Place names" (on unless the person switched it off) and one intensity layer per role
  // reported (off unless switched on); both kept across reruns like the role layers.
  function extraOverlays(map, drawing, borders, names, labels) {
    var overlays = {};
    var kept = keptState();
    var on = kept.extra || {};
    if (names) {
      var nameLayer = placeNamesLayer(Array.isArray(names) ? names : []);
      overlays["Place names"] = nameLayer;
      if (on.names !== false) {
        nameLayer.addTo(map);
      }
      map.diplomap.names = nameLayer;
      watchExtra(map, nameLayer, "names");
    }
    var intensity = drawing.intensity || {};
    if (borders) {
      var legend = intensityLegend(map, labels);
      var renderer = L.canvas({ padding: 0.5 });
      map.diplomap.intensity = {};
      for (var k = 0; k < INTENSITY_ORDER.length; k++) {
        var role = INTENSITY_ORDER[k];
        if (!intensity[role] || !Object.keys(intensity[role]).length) {
          continue;
        }
        var layer = intensityLayer(role, intensity[role], borders, renderer, legend);
        overlays[INTENSITY_NAMES[role]] = layer;
        map.diplomap.intensity[role] = layer;
        if (on["intensity:" + role]) {
          layer.addTo(map);
        }
        watchExtra(map, layer, "intensity:" + role);
      }
    }
    return overlays;
  }

  var INTENSITY_ORDER = ["conflict", "meeting", "diplomatic_post"];
  var INTENSITY_NAMES = {
    conflict: "Shade countries: conflict reports",
    meeting: "Shade countries: meeting reports",
    diplomatic_post: "Shade countries: post reports"
  };

  function watchExtra(map, layer, key) {
    layer.on("add remove", function (event) {
      saveState(function (state) {
        state.extra = state.extra || {};
        state.extra[key] = event.type === "add";
      });
    });
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function failureControl(map, message) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      return textEl("div", "dm-map-failure leaflet-bar", message);
    };
    control.addTo(map);
    map.getContainer().setAttribute("data-dm-failed", "1");
  }

  // Marks for timing in the browser's performance panel and in bench/bench_map.py.
  function mark(name) {
    if (window.performance && typeof window.performance.mark === "function") {
      window.performance.mark(name);
    }
  }

  window.DiplomapLayer = { render: render };
})();

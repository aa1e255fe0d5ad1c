// Draws the maps of the home, agenda and event pages from GeoJSON the page carries,
// and the campaign map's layers from their vector tiles, once django-leaflet has made them.
// Text from residents is always set with textContent, never parsed as HTML.
import {
  CAMPAIGN_AREA_STYLE,
  CLOSE_ZOOM,
  HIGHLIGHT_STYLE,
  PERIMETER_STYLE,
  PLACE_MARK_STYLE,
  announceNear,
  escapeHtml,
  fetchJSON,
  fillSummary,
  fillText,
  fitTo,
  formatDateRange,
  fragmentTarget,
  layerStyle,
  perimeterHolds,
  readPageData,
  whenMapReady,
} from "./shared.js";
import { placeSearch } from "./places.js";
import { contributionPopup } from "./popups.js";
import { FEATURES_FROM_ZOOM, VectorTileLayer, clusterMarker } from "./tile_layer.js";

L.Icon.Default.imagePath = readPageData("leaflet-images");

// Leaflet's own words, in the page's language, and a name for everything one can press.
const MAP_TEXTS = readPageData("map-texts");
L.Control.Zoom.prototype.options.zoomInTitle = MAP_TEXTS.zoom_in;
L.Control.Zoom.prototype.options.zoomOutTitle = MAP_TEXTS.zoom_out;
L.Marker.prototype.options.alt = MAP_TEXTS.marker;
// A popup opened by a tap pans clear of the zoom buttons (top left: 10 px of margin, 48 px
// of buttons) as well as the edges; site.css keeps it narrow enough to fit beside them.
L.Popup.mergeOptions({ autoPanPaddingTopLeft: L.point(64, 12) });
// Leaflet pans a popup into view from where the map stands as it opens: one opened during a
// zoom (the page's first fit) would stay cut off once the zoom ends, so it pans again then.
L.Map.addInitHook(function () {
  this.on("popupopen", function (event) {
    if (!this._animatingZoom) return;
    this.once("zoomend", function () {
      if (event.popup.isOpen()) event.popup.update();
    });
  });
});

function nameLayersControl(control) {
  const toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
  toggle.title = MAP_TEXTS.layers;
  toggle.setAttribute("aria-label", MAP_TEXTS.layers);
}

// A drawn shape or point is named for screen readers by what it is.
function nameShape(shape, name) {
  shape.on("add", function () {
    const element = shape.getElement && shape.getElement();
    if (!element) return;
    element.setAttribute("role", "img");
    element.setAttribute("aria-label", name);
  });
}

function popup(title, subtitle, href) {
  const box = document.createElement("div");
  const heading = document.createElement(href ? "a" : "strong");
  heading.textContent = title;
  if (href) heading.href = href;
  box.appendChild(heading);
  if (subtitle) {
    const line = document.createElement("div");
    line.textContent = subtitle;
    box.appendChild(line);
  }
  return box;
}

// The articles of a consultation on a text that name this feature, as links back to them.
function linkArticles(box, articles) {
  (articles || []).forEach(function (article) {
    const line = document.createElement("div");
    const link = document.createElement("a");
    link.href = article.url;
    link.textContent = article.label;
    line.appendChild(link);
    box.appendChild(line);
  });
}

// Campaigns may share a perimeter (a whole town): a tap lists every campaign there.
function campaignsAt(collection, latlng) {
  const box = document.createElement("ul");
  box.className = "campaigns-here";
  collection.features.forEach(function (feature) {
    if (!perimeterHolds({ features: [feature] }, [latlng.lng, latlng.lat])) return;
    const item = document.createElement("li");
    item.appendChild(popup(feature.properties.title, null, "campaigns/" + encodeURIComponent(feature.properties.slug) + "/"));
    box.appendChild(item);
  });
  return box;
}

function drawCampaigns(map) {
  const collection = readPageData("campaigns-data");
  const perimeters = L.geoJSON(collection, {
    style: CAMPAIGN_AREA_STYLE,
    onEachFeature: function (feature, layer) {
      nameShape(layer, feature.properties.title);
      layer.on("click", function (event) {
        L.popup().setLatLng(event.latlng).setContent(campaignsAt(collection, event.latlng)).openOn(map);
      });
    },
  }).addTo(map);
  fitTo(map, perimeters.getBounds());
  placeSearch(map, collection);
}

// A layer drawn from its vector tiles: lines, polygons and points as they are, and
// clusters where the server gathered points. Each shape is recorded in `registry`
// under "annotation-<id>" or "feature-<id>" while a tile in view holds it, and
// `onShape(key, shape)` hears of it; a line or polygon several tiles hold is drawn once.
// A tap on a reference feature opens its popup and `onPlaceTap(latlng)` hears of it.
function drawLayer(map, layer, texts, registry, onShape, onPlaceTap) {
  const kind = layer.kind === "contribution" ? "annotation" : "feature";
  const style = layerStyle(layer);
  const shapes = L.featureGroup();
  const holders = {};
  function release(key) {
    holders[key] -= 1;
    if (holders[key] > 0) return;
    shapes.removeLayer(registry[key]);
    delete registry[key];
    delete holders[key];
  }
  function drawFeature(feature) {
    const key = kind + "-" + feature.id;
    if (!registry[key]) {
      const p = feature.properties;
      const shape = L.geoJSON(feature, {
        style: style,
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 8, ...style(f) }); },
      }).getLayers()[0];
      shape.feature = feature;
      if (kind === "annotation") {
        const shown = { id: feature.id, ...p };
        shape.bindPopup(function () { return contributionPopup(shown, texts); });
      } else {
        // A tile carries the attributes the place summary names as JSON text.
        const values = p.values ? JSON.parse(p.values) : null;
        const summary = values && layer.place_summary ? fillSummary(layer.place_summary, values) : null;
        const box = popup(p.label || layer.name, summary || p.style || null);
        linkArticles(box, (texts.articles || {})[feature.id]);
        shape.bindPopup(box);
        // Once the popup has opened: the answer appearing above the map moves it down the page.
        shape.on("click", function (event) { setTimeout(onPlaceTap, 0, event.latlng); });
      }
      // A shape a tile brings while one draws gives its taps to the drawing tools, as
      // geoman makes those already drawn do; they get their popup back when it ends.
      if (map.pm && map.pm.globalDrawModeEnabled()) L.PM.Utils.disablePopup(shape);
      nameShape(shape, p.title || p.label || layer.name);
      registry[key] = shape;
      holders[key] = 0;
      shapes.addLayer(shape);
      onShape(key, shape);
    }
    holders[key] += 1;
    return { remove: function () { release(key); } };
  }
  const tiles = new VectorTileLayer(layer.tiles, {
    draw: function (tileLayers) {
      const drawn = (tileLayers[layer.kind === "contribution" ? "contributions" : "features"] || []).map(drawFeature);
      (tileLayers.clusters || []).forEach(function (cluster) {
        const label = fillText(MAP_TEXTS.cluster, { count: cluster.properties.count });
        drawn.push(clusterMarker(map, cluster, label).addTo(shapes));
      });
      return drawn;
    },
  });
  // The filters of the list, as the tiles' query: the server draws what they choose.
  tiles.filter = function (params) { tiles.setQuery(params); };
  const group = L.layerGroup([tiles, shapes]);
  group.tiles = tiles;
  return group;
}

// Opens the map on one drawn shape and its popup.
function show(map, target) {
  if (target.getLatLng) {
    // A point may sit in a cluster: open its popup where it stands.
    map.setView(target.getLatLng(), map.getMaxZoom());
    map.openPopup(target.getPopup().getContent(), target.getLatLng());
  } else {
    map.fitBounds(target.getBounds(), { maxZoom: CLOSE_ZOOM });
    target.openPopup();
  }
}

// A link such as ?annotation=12, ?feature=3 or ?at=48.89,2.20 (from a timeline
// milestone) opens the map on that contribution, feature or place. A contribution is
// looked up first, for the map to go where its tile will draw it.
function focusOn(map, data, pending, params) {
  const at = (params.get("at") || "").split(",").map(Number);
  if (at.length === 2 && at.every(Number.isFinite)) {
    map.setView(at, CLOSE_ZOOM);
    L.circleMarker(at, PLACE_MARK_STYLE).addTo(map);
    return false;
  }
  const kind = ["annotation", "feature"].find(function (name) { return /^\d+$/.test(params.get(name) || ""); });
  if (!kind) return false;
  pending.key = kind + "-" + params.get(kind);
  if (kind === "annotation") {
    fetchJSON(data.annotation_url.replace("/0/", "/" + params.get(kind) + "/"))
      .then(function (feature) { goTo(map, feature); })
      .catch(function () { pending.key = null; });
  }
  return kind === "annotation";
}

// Brings a contribution (a GeoJSON feature) into view, close enough for its tile to
// draw it rather than a cluster.
function goTo(map, feature) {
  const bounds = L.geoJSON(feature).getBounds();
  if (!bounds.isValid()) return;
  if (feature.geometry.type === "Point") map.setView(bounds.getCenter(), FEATURES_FROM_ZOOM);
  else map.fitBounds(bounds, { maxZoom: CLOSE_ZOOM });
}

// The contribution a link names stands out: a ring round a point, a shape outlined.
function highlight(map, target) {
  if (target.getLatLng) L.circleMarker(target.getLatLng(), { ...PLACE_MARK_STYLE, interactive: false }).addTo(map);
  else if (target.setStyle) target.setStyle(HIGHLIGHT_STYLE);
}

// The page's confirmation ("Thank you…") comes where the eye is: over the map the page
// opens on, announced once the page is there (a status present from the start is not);
// beside the element the address's #fragment names when it is not the map (the Follow button).
function announceOverMap() {
  const messages = document.querySelector(".messages");
  const notice = document.getElementById("map-notice");
  if (!messages || !notice) return;
  const named = fragmentTarget();
  if (named && !named.contains(notice)) {
    announceNear(named);
    return;
  }
  messages.hidden = true;
  notice.hidden = false;
  setTimeout(function () {
    notice.textContent = messages.textContent.trim();
    notice.scrollIntoView({ block: "nearest" });
  }, 100);
}

// Placing or drawing a contribution takes the taps on the map: they are not questions.
function placingContribution(map) {
  if (document.body.classList.contains("contributing")) return true;
  return Boolean(map.pm) && (map.pm.globalDrawModeEnabled() || map.pm.globalEditModeEnabled()
    || map.pm.globalDragModeEnabled() || map.pm.globalRemovalModeEnabled());
}

function drawCampaign(map) {
  const data = readPageData("campaign-data");
  map.getContainer().setAttribute("role", "region");
  map.getContainer().setAttribute("aria-label", data.map_label);
  const perimeter = L.geoJSON(data.perimeter, {
    style: PERIMETER_STYLE,
    interactive: false,
  }).addTo(map);
  const overlays = {};
  const registry = {};
  const contributions = [];
  const pending = { key: null };
  const shapeListeners = [];
  function onShape(key, shape) {
    shapeListeners.forEach(function (listener) { listener(key, shape); });
    if (key === pending.key) {
      pending.key = null;
      show(map, shape);
      highlight(map, shape);
    }
  }
  // A tap on the map, where no contribution or cluster takes it, says what applies
  // there as an address does. Registered before the drawing tools start, this hears
  // a tap while they still say whether it placed something.
  const answerAt = placeSearch(map, data.perimeter);
  function onPlaceTap(latlng) {
    if (answerAt && !placingContribution(map)) answerAt(latlng);
  }
  map.on("click", function (event) { onPlaceTap(event.latlng); });
  const loading = [];
  data.layers.forEach(function (layer) {
    const drawn = drawLayer(map, layer, data, registry, onShape, onPlaceTap).addTo(map);
    overlays[escapeHtml(layer.name)] = drawn;
    if (layer.kind === "contribution") contributions.push(drawn);
    if (layer.attribution) map.attributionControl.addAttribution(escapeHtml(layer.attribution));
    // Shapes of the tiles the view left go at once, not after Leaflet's fade.
    drawn.tiles.on("load", function () { drawn.tiles._pruneTiles(); });
    loading.push(new Promise(function (resolve) { drawn.tiles.once("load", resolve); }));
  });
  nameLayersControl(L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map));
  // Marks the container once the first view's tiles are drawn.
  Promise.all(loading).then(function () { map.getContainer().dataset.ready = "true"; });
  fitTo(map, perimeter.getBounds());
  focusOn(map, data, pending, new URLSearchParams(window.location.search));
  announceOverMap();
  // The list beside the map and the drawing tools start from the drawn map.
  map.getContainer().dispatchEvent(new CustomEvent("geoconsult:campaign-map", {
    bubbles: true,
    detail: {
      map: map,
      registry: registry,
      perimeter: perimeter,
      // `listener(key, shape)` hears of each shape a tile draws.
      onShape: function (listener) { shapeListeners.push(listener); },
      // Opens the popup of a contribution, going where it is first when no tile in view holds it.
      show: function (key, feature) {
        if (registry[key]) return show(map, registry[key]);
        pending.key = key;
        if (feature) goTo(map, feature);
      },
      filterContributions: function (params) {
        contributions.forEach(function (drawn) { drawn.tiles.filter(params); });
      },
    },
  }));
}

// The agenda's upcoming events as points, each linking to its page.
function drawAgenda(map) {
  const formats = readPageData("date-formats");
  const events = L.geoJSON(readPageData("agenda-data"), {
    onEachFeature: function (feature, marker) {
      const p = feature.properties;
      const when = formatDateRange(p.starts_at, p.ends_at, formats);
      marker.bindPopup(popup(p.title, [when, p.place].filter(Boolean).join(" · "), p.url));
    },
  }).addTo(map);
  fitTo(map, events.getBounds());
  placeSearch(map, null);
}

function drawEvent(map) {
  const place = L.geoJSON(readPageData("event-data")).addTo(map);
  map.setView(place.getBounds().getCenter(), 16);
  placeSearch(map, null);
}

whenMapReady("campaigns-map", drawCampaigns);
whenMapReady("campaign-map", drawCampaign);
whenMapReady("agenda-map", drawAgenda);
whenMapReady("event-map", drawEvent);

// Draws the maps of the home, campaign, agenda and event pages from GeoJSON the page
// carries, once django-leaflet has made them.
// Text from residents is always set with textContent, never parsed as HTML.
import {
  CAMPAIGN_AREA_STYLE,
  CLOSE_ZOOM,
  HIGHLIGHT_STYLE,
  PERIMETER_STYLE,
  PLACE_MARK_STYLE,
  escapeHtml,
  fillSummary,
  fillText,
  fitTo,
  layerStyle,
  perimeterHolds,
  readPageData,
  whenMapReady,
} from "./shared.js";
import { placeSearch } from "./places.js";
import { contributionPopup } from "./popups.js";

L.Icon.Default.imagePath = readPageData("leaflet-images");

// Leaflet's own words, in the page's language, and a name for everything one can press.
const MAP_TEXTS = readPageData("map-texts");
L.Control.Zoom.prototype.options.zoomInTitle = MAP_TEXTS.zoom_in;
L.Control.Zoom.prototype.options.zoomOutTitle = MAP_TEXTS.zoom_out;
L.Marker.prototype.options.alt = MAP_TEXTS.marker;

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

// A cluster of points says how many it holds and that pressing it zooms in.
function namedClusterIcon(cluster) {
  const icon = L.MarkerClusterGroup.prototype._defaultIconCreateFunction(cluster);
  const create = icon.createIcon.bind(icon);
  const label = fillText(MAP_TEXTS.cluster, { count: cluster.getChildCount() });
  icon.createIcon = function (old) {
    const element = create(old);
    element.setAttribute("aria-label", label);
    return element;
  };
  return icon;
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

function isPoint(feature) {
  return feature.geometry.type === "Point";
}

// A layer's shapes as one group: lines and polygons as they are, points in clusters.
// Each shape is recorded in `registry` under "annotation-<id>" or "feature-<id>".
function drawLayer(layer, texts, registry) {
  const kind = layer.kind === "contribution" ? "annotation" : "feature";
  const style = layerStyle(layer);
  const options = {
    style: style,
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 8, ...style(feature) });
    },
    onEachFeature: function (feature, shape) {
      const p = feature.properties;
      if (kind === "annotation") {
        const shown = { id: feature.id, ...p };
        shape.bindPopup(function () { return contributionPopup(shown, texts); });
      } else {
        const summary = p.values && layer.place_summary ? fillSummary(layer.place_summary, p.values) : null;
        const box = popup(p.label || layer.name, summary || p.style || null);
        linkArticles(box, (texts.articles || {})[feature.id]);
        shape.bindPopup(box);
      }
      nameShape(shape, p.title || p.label || layer.name);
      shape.feature = feature;
      registry[kind + "-" + feature.id] = shape;
    },
  };
  let wanted = function () { return true; };
  const shapes = L.geoJSON(null, Object.assign({ filter: function (f) { return !isPoint(f) && wanted(f); } }, options));
  const points = L.geoJSON(null, Object.assign({ filter: function (f) { return isPoint(f) && wanted(f); } }, options));
  const clusters = L.markerClusterGroup({ showCoverageOnHover: false, iconCreateFunction: namedClusterIcon });
  const group = L.featureGroup([shapes, clusters]);
  // Draws the layer again with only the features `keep` accepts (the list's filters).
  group.showOnly = function (keep) {
    wanted = keep;
    layer.geojson.features.forEach(function (f) { delete registry[kind + "-" + f.id]; });
    [shapes, points, clusters].forEach(function (part) { part.clearLayers(); });
    shapes.addData(layer.geojson);
    points.addData(layer.geojson);
    clusters.addLayer(points);
  };
  group.showOnly(wanted);
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
// milestone) opens the map on that contribution, feature or place.
function focusOn(map, registry, params) {
  const at = (params.get("at") || "").split(",").map(Number);
  if (at.length === 2 && at.every(Number.isFinite)) {
    map.setView(at, CLOSE_ZOOM);
    L.circleMarker(at, PLACE_MARK_STYLE).addTo(map);
    return;
  }
  const key = ["annotation", "feature"]
    .filter(function (kind) { return params.get(kind); })
    .map(function (kind) { return kind + "-" + params.get(kind); })[0];
  if (!registry[key]) return;
  show(map, registry[key]);
  // The contribution the link names stands out: a ring round a point, a shape outlined.
  const target = registry[key];
  if (target.getLatLng) L.circleMarker(target.getLatLng(), { ...PLACE_MARK_STYLE, interactive: false }).addTo(map);
  else if (target.setStyle) target.setStyle(HIGHLIGHT_STYLE);
}

// The page's confirmation ("Thank you…") comes where the eye is: over the map the page
// opens on, announced once the page is there (a status present from the start is not).
function announceOverMap() {
  const messages = document.querySelector(".messages");
  const notice = document.getElementById("map-notice");
  if (!messages || !notice) return;
  messages.hidden = true;
  notice.hidden = false;
  setTimeout(function () {
    notice.textContent = messages.textContent.trim();
    notice.scrollIntoView({ block: "nearest" });
  }, 100);
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
  const content = L.latLngBounds([]);
  const contributions = [];
  data.layers.forEach(function (layer) {
    layer.geojson = readPageData("layer-" + layer.id + "-geojson");
    const drawn = drawLayer(layer, data, registry).addTo(map);
    overlays[escapeHtml(layer.name)] = drawn;
    if (layer.kind === "contribution") contributions.push(drawn);
    if (drawn.getBounds().isValid()) content.extend(drawn.getBounds());
    if (layer.attribution) map.attributionControl.addAttribution(escapeHtml(layer.attribution));
  });
  nameLayersControl(L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map));
  // Marks the container once the first view is set (clusters may still be
  // animating: their pane then has the class leaflet-cluster-anim).
  map.once("moveend", function () { map.getContainer().dataset.ready = "true"; });
  // Open on what people drew and staff imported; the perimeter when there is nothing yet.
  fitTo(map, content.isValid() ? content : perimeter.getBounds());
  focusOn(map, registry, new URLSearchParams(window.location.search));
  placeSearch(map, data.perimeter);
  announceOverMap();
  // The list beside the map and the drawing tools start from the drawn map.
  map.getContainer().dispatchEvent(new CustomEvent("geoconsult:campaign-map", {
    bubbles: true,
    detail: {
      map: map,
      registry: registry,
      perimeter: perimeter,
      show: function (key) { if (registry[key]) show(map, registry[key]); },
      filterContributions: function (keep) {
        contributions.forEach(function (drawn) { drawn.showOnly(keep); });
      },
    },
  }));
}

// The agenda's upcoming events as points, each linking to its page.
function drawAgenda(map) {
  const events = L.geoJSON(readPageData("agenda-data"), {
    onEachFeature: function (feature, marker) {
      const p = feature.properties;
      const when = new Date(p.starts_at).toLocaleString(document.documentElement.lang);
      marker.bindPopup(popup(p.title, [when, p.place].filter(Boolean).join(" · "), p.url));
    },
  }).addTo(map);
  fitTo(map, events.getBounds());
  placeSearch(map, null);
}

function drawEvent(map) {
  const place = L.geoJSON(readPageData("event-data")).addTo(map);
  map.setView(place.getBounds().getCenter(), 16);
}

whenMapReady("campaigns-map", drawCampaigns);
whenMapReady("campaign-map", drawCampaign);
whenMapReady("agenda-map", drawAgenda);
whenMapReady("event-map", drawEvent);

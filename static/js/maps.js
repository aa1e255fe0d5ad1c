// Draws the maps of the home, campaign, agenda and event pages from GeoJSON the page
// carries, once django-leaflet has made them.
// Text from residents is always set with textContent, never parsed as HTML.
import {
  CAMPAIGN_AREA_STYLE,
  CLOSE_ZOOM,
  PERIMETER_STYLE,
  PLACE_MARK_STYLE,
  escapeHtml,
  fillText,
  fitTo,
  layerStyle,
  readPageData,
  whenMapReady,
} from "./shared.js";

L.Icon.Default.imagePath = readPageData("leaflet-images");

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

function drawCampaigns(map) {
  const perimeters = L.geoJSON(readPageData("campaigns-data"), {
    style: CAMPAIGN_AREA_STYLE,
    onEachFeature: function (feature, layer) {
      const p = feature.properties;
      layer.bindPopup(popup(p.title, null, "campaigns/" + encodeURIComponent(p.slug) + "/"));
    },
  }).addTo(map);
  fitTo(map, perimeters.getBounds());
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
      const subtitle = p.group_name
        ? fillText(texts.collective_label, { group: p.group_name, people: p.participant_count })
        : texts.labels.category[p.category] || p.style || null;
      shape.bindPopup(popup(p.title || p.label || layer.name, subtitle));
      shape.feature = feature;
      registry[kind + "-" + feature.id] = shape;
    },
  };
  let wanted = function () { return true; };
  const shapes = L.geoJSON(null, Object.assign({ filter: function (f) { return !isPoint(f) && wanted(f); } }, options));
  const points = L.geoJSON(null, Object.assign({ filter: function (f) { return isPoint(f) && wanted(f); } }, options));
  const clusters = L.markerClusterGroup({ showCoverageOnHover: false });
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
  if (registry[key]) show(map, registry[key]);
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
  L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
  // Marks the container once the first view is set (clusters may still be
  // animating: their pane then has the class leaflet-cluster-anim).
  map.once("moveend", function () { map.getContainer().dataset.ready = "true"; });
  // Open on what people drew and staff imported; the perimeter when there is nothing yet.
  fitTo(map, content.isValid() ? content : perimeter.getBounds());
  focusOn(map, registry, new URLSearchParams(window.location.search));
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
}

function drawEvent(map) {
  const place = L.geoJSON(readPageData("event-data")).addTo(map);
  map.setView(place.getBounds().getCenter(), 16);
}

whenMapReady("campaigns-map", drawCampaigns);
whenMapReady("campaign-map", drawCampaign);
whenMapReady("agenda-map", drawAgenda);
whenMapReady("event-map", drawEvent);

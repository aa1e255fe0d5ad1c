// Contributing on the campaign map: the drawing tools (leaflet-geoman) fill the form's
// hidden geometry field with GeoJSON, or a reference feature's popup sets the feature
// the contribution annotates. After an error the page comes back with what was drawn,
// which is drawn again here. Every text comes from the page.
import {
  HIGHLIGHT_STYLE,
  UNHIGHLIGHT_STYLE,
  fillText,
  perimeterHolds,
  readPageData,
  setUpDrawing,
  showDrawingTools,
} from "./shared.js";

const form = document.getElementById("contribute-form");
const layers = readPageData("contribute-data");
const geometryInput = form.elements.geometry;
const featureInput = form.elements.target_feature;
const layerInput = form.elements.layer;
const status = document.getElementById("drawing-status");
const clearButton = document.getElementById("drawing-clear");
const mapMessage = document.getElementById("map-message");
const perimeterWarning = document.getElementById("perimeter-warning");
const centreButton = document.getElementById("point-at-centre");
const FAMILY_OF_TOOL = { marker: "point", polyline: "line", polygon: "polygon" };

const summary = document.getElementById("contribute-errors");
if (summary) summary.focus();

let map = null;
let registry = null;
let perimeter = null;
let drawn = null;
let annotated = null;

function chosenLayer() {
  return layers.find(function (layer) { return String(layer.id) === layerInput.value; }) || layers[0];
}

// The page lists every open layer's question; only the chosen layer's is shown.
function showQuestion() {
  const chosen = String(chosenLayer().id);
  form.querySelectorAll(".layer-question").forEach(function (question) {
    question.hidden = question.dataset.layer !== chosen;
  });
}

function accepts(list, value) {
  return list.length === 0 || list.indexOf(value) !== -1;
}

function say(key, label) {
  status.textContent = fillText(status.dataset[key], { label: label || "" });
  clearButton.hidden = key === "none";
}

// Only the tools the chosen layer accepts, each with a name screen readers announce.
function showTools() {
  const layer = chosenLayer();
  const tools = Object.keys(FAMILY_OF_TOOL).filter(function (tool) {
    return accepts(layer.geometry_types, FAMILY_OF_TOOL[tool]);
  });
  showDrawingTools(map, "topleft", tools, form.dataset);
  // Without a mouse: move the map with the arrow keys, then place the point at its centre.
  centreButton.hidden = !accepts(layer.geometry_types, "point");
  Array.from(form.elements.category.options).forEach(function (option) {
    option.disabled = option.value !== "" && !accepts(layer.categories, option.value);
  });
}

function forgetFeature() {
  if (annotated) annotated.setStyle(UNHIGHLIGHT_STYLE);
  annotated = null;
  featureInput.value = "";
}

function forgetDrawing() {
  if (drawn) map.removeLayer(drawn);
  drawn = null;
  geometryInput.value = "";
}

function keep(shape) {
  forgetFeature();
  if (drawn && drawn !== shape) map.removeLayer(drawn);
  drawn = shape;
  geometryInput.value = JSON.stringify(shape.toGeoJSON().geometry);
  shape.pm.enable({ allowSelfIntersection: true });
  shape.on("pm:edit", function () {
    geometryInput.value = JSON.stringify(shape.toGeoJSON().geometry);
    warnIfOutside(shape.toGeoJSON().geometry);
  });
  say("drawn");
  warnIfOutside(shape.toGeoJSON().geometry);
}

function positions(geometry) {
  if (geometry.type === "Point") return [geometry.coordinates];
  if (geometry.type === "LineString") return geometry.coordinates;
  return geometry.coordinates.flat(geometry.type === "Polygon" ? 1 : 2);
}

// Said on the map as soon as a point or a vertex falls outside the campaign's
// perimeter, not only once the form is sent; a shape back inside takes it away.
// The server's own message, when the page came back with one, stands in its place.
function warnIfOutside(geometry) {
  const outside = positions(geometry).some(function (point) { return !perimeterHolds(perimeter, point); });
  perimeterWarning.hidden = !outside || Boolean(mapMessage && !mapMessage.hidden);
}

function annotate(key) {
  forgetDrawing();
  forgetFeature();
  annotated = registry[key];
  featureInput.value = annotated.feature.id;
  if (annotated.setStyle) annotated.setStyle(HIGHLIGHT_STYLE);
  const p = annotated.feature.properties;
  say("feature", p.label || p.title || "");
}

// A reference feature's popup offers to annotate it.
function offerAnnotation(key, shape) {
  shape.on("popupopen", function (event) {
    const content = event.popup.getContent();
    if (content.querySelector(".annotate-feature")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "annotate-feature";
    button.textContent = form.dataset.annotateFeature;
    button.addEventListener("click", function () {
      annotate(key);
      map.closePopup();
      form.elements.title.focus();
    });
    content.appendChild(button);
  });
}

// What the person drew before the page came back with an error, drawn again.
function restore() {
  if (geometryInput.value) {
    try {
      const shapes = L.geoJSON(JSON.parse(geometryInput.value)).getLayers();
      if (shapes.length) {
        const shape = shapes[0].addTo(map);
        const text = geometryInput.value;
        keep(shape);
        geometryInput.value = text; // exactly as sent, even if the map would round it
        // The rejected shape and the perimeter it had to lie in, both in view.
        const view = L.featureGroup([shape]).getBounds().extend(L.geoJSON(perimeter).getBounds());
        if (mapMessage && !mapMessage.hidden) map.fitBounds(view, { animate: false });
      }
    } catch (error) {
      geometryInput.value = "";
    }
  }
  const key = "feature-" + featureInput.value;
  if (featureInput.value && registry[key]) annotate(key);
  else if (!drawn) say("none");
}

function startDrawing(event) {
  map = event.detail.map;
  registry = event.detail.registry;
  perimeter = event.detail.perimeter.toGeoJSON();
  setUpDrawing(map);
  map.on("pm:drawstart", function (drawing) {
    if (drawing.workingLayer) {
      drawing.workingLayer.on("pm:vertexadded", function (added) {
        warnIfOutside({ type: "Point", coordinates: [added.latlng.lng, added.latlng.lat] });
      });
    }
  });
  showTools();
  if (layerInput.tagName === "SELECT") layerInput.addEventListener("change", showTools);
  // Reference features come with the map's tiles, as the view reaches them.
  event.detail.onShape(function (key, shape) {
    if (key.indexOf("feature-") === 0) offerAnnotation(key, shape);
    if (key === "feature-" + featureInput.value && !annotated && !drawn) annotate(key);
  });
  map.on("pm:create", function (created) {
    if (mapMessage) mapMessage.hidden = true;
    keep(created.layer);
  });
  centreButton.addEventListener("click", function () {
    if (mapMessage) mapMessage.hidden = true;
    keep(L.marker(map.getCenter()).addTo(map));
  });
  clearButton.addEventListener("click", function () {
    forgetDrawing();
    forgetFeature();
    say("none");
  });
  restore();
}

// When the layer closed meanwhile, the form stays, without tools.
if (layers.length) {
  showQuestion();
  if (layerInput.tagName === "SELECT") layerInput.addEventListener("change", showQuestion);
  document.addEventListener("geoconsult:campaign-map", startDrawing);
}

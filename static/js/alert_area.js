// Drawing an alert area: a circle around an address (the address search of places.js, then
// a radius), or a polygon drawn with the drawing tools (leaflet-geoman, as on the campaign
// map). The form's hidden fields carry the chosen place or the drawn GeoJSON; the server
// makes the circle and checks everything. After an error the page comes back with what was
// chosen or drawn, shown again here. Every text comes from the page.
import {
  FIT_PADDING,
  GREEN,
  PERIMETER_STYLE,
  fitTo,
  readPageData,
  setUpDrawing,
  showDrawingTools,
  whenMapReady,
} from "./shared.js";
import { placeSearch } from "./places.js";

const form = document.getElementById("area-form");
const data = readPageData("area-data");
const status = document.getElementById("area-status");
const message = document.getElementById("area-map-message");
const radiusField = document.getElementById("radius-field");
const addressInput = document.getElementById("area-map-place");
const AREA_STYLE = Object.freeze({ color: GREEN, weight: 3, fillOpacity: 0.2 });

const summary = document.getElementById("area-errors");
if (summary) summary.focus();

whenMapReady("area-map", function (map) {
  let circle = null;
  let drawn = null;

  function shape() {
    return form.elements.shape.value;
  }

  function centre() {
    const lat = parseFloat(form.elements.latitude.value);
    const lng = parseFloat(form.elements.longitude.value);
    return Number.isFinite(lat) && Number.isFinite(lng) ? L.latLng(lat, lng) : null;
  }

  // Only the chosen shape is on the map: the circle round the address, or the drawing.
  function show() {
    const place = centre();
    if (circle) map.removeLayer(circle);
    circle = null;
    if (shape() === "circle" && place) {
      circle = L.circle(place, { ...AREA_STYLE, radius: Number(form.elements.radius.value), interactive: false }).addTo(map);
    }
    if (drawn) {
      if (shape() === "polygon") drawn.addTo(map);
      else map.removeLayer(drawn);
    }
    radiusField.hidden = shape() !== "circle";
    const shown = shape() === "circle" ? circle : drawn && shape() === "polygon" ? drawn : null;
    status.textContent = shown ? status.dataset[shape()] : status.dataset.none;
    return shown;
  }

  // A new choice replaces the one the server refused: its message goes.
  function choose(value) {
    form.elements.shape.value = value;
    message.hidden = true;
    const shown = show();
    if (shown) map.fitBounds(shown.getBounds(), { padding: FIT_PADDING });
  }

  function keep(layer) {
    if (drawn && drawn !== layer) map.removeLayer(drawn);
    drawn = layer.addTo(map);
    drawn.setStyle(AREA_STYLE);
    form.elements.geometry.value = JSON.stringify(layer.toGeoJSON().geometry);
    layer.pm.enable({ allowSelfIntersection: true });
    layer.on("pm:edit", function () { form.elements.geometry.value = JSON.stringify(layer.toGeoJSON().geometry); });
  }

  const perimeter = data.perimeter ? L.geoJSON(data.perimeter, { style: PERIMETER_STYLE, interactive: false }).addTo(map) : null;
  if (perimeter) fitTo(map, perimeter.getBounds());

  placeSearch(map, data.perimeter, function (latlng) {
    form.elements.longitude.value = latlng.lng.toFixed(6);
    form.elements.latitude.value = latlng.lat.toFixed(6);
    choose("circle");
  });
  // A place typed anew no longer is the one chosen: the server looks the text up instead.
  addressInput.addEventListener("input", function () {
    form.elements.longitude.value = "";
    form.elements.latitude.value = "";
    show();
  });
  form.elements.radius.addEventListener("change", function () { choose("circle"); });
  Array.from(form.elements.shape).forEach(function (radio) {
    radio.addEventListener("change", function () { choose(radio.value); });
  });

  setUpDrawing(map);
  // Top right, apart from the zoom buttons: its actions then open over the map's top,
  // clear of the middle where one draws.
  showDrawingTools(map, "topright", ["polygon"], form.dataset);
  map.on("pm:create", function (created) {
    keep(created.layer);
    choose("polygon");
  });

  // What was drawn or chosen before the page came back with an error, and the perimeter
  // it had to lie over, both in view.
  if (form.elements.geometry.value) {
    const text = form.elements.geometry.value;
    try {
      const layer = L.geoJSON(JSON.parse(text)).getLayers()[0];
      if (layer) keep(layer);
      form.elements.geometry.value = text; // exactly as sent, even if the map would round it
    } catch (error) {
      form.elements.geometry.value = "";
    }
  }
  const shown = show();
  if (shown) {
    const view = shown.getBounds();
    if (perimeter && !message.hidden) view.extend(perimeter.getBounds());
    map.fitBounds(view, { padding: FIT_PADDING });
  }
});

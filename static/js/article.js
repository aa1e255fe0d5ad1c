// An article's places on its small map: the reference features it names and the place
// drawn for it, each with a popup naming it.
import {
  CLOSE_ZOOM,
  CONTRIBUTION_POINT_STYLE,
  CONTRIBUTION_STYLE,
  FIT_PADDING,
  readPageData,
  whenMapReady,
} from "./shared.js";
import { placeSearch } from "./places.js";

function popupText(feature) {
  const properties = feature.properties || {};
  // Text nodes, never HTML: labels come from imported files.
  const box = document.createElement("div");
  const name = document.createElement("strong");
  name.textContent = properties.label || properties.layer || "";
  box.append(name);
  if (properties.layer && properties.label) box.append(document.createTextNode(" · " + properties.layer));
  return box;
}

function drawPlaces(map) {
  const drawn = readPageData("article-drawn");
  const places = L.geoJSON(readPageData("article-places"), {
    style: CONTRIBUTION_STYLE,
    pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, CONTRIBUTION_POINT_STYLE); },
    onEachFeature: function (feature, layer) { layer.bindPopup(popupText(feature)); },
  });
  if (drawn) places.addData({ type: "Feature", geometry: drawn, properties: {} });
  places.addTo(map);
  map.fitBounds(places.getBounds(), { maxZoom: CLOSE_ZOOM, padding: FIT_PADDING, animate: false });
  placeSearch(map, null);
  map.getContainer().dataset.ready = "true";
}

whenMapReady("article-map", drawPlaces);

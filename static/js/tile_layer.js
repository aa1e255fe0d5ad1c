// A map layer drawn from its vector tiles (/tiles/layers/<id>/{z}/{x}/{y}.mvt): the
// server sends the shapes in view and, at low zooms, clusters carrying their count, so
// a page weighs the same whatever the number of contributions.
// Leaflet's GridLayer decides which tiles the view needs and when they go; each tile's
// shapes are drawn as ordinary Leaflet shapes, so popups and styles work as before.
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";

// The server draws contributions themselves from this zoom (tiles/mvt.py); past it
// the tiles of this zoom serve every closer view.
export const FEATURES_FROM_ZOOM = 18;

// The shapes of one tile as GeoJSON features in longitude and latitude, by layer name.
export async function fetchTile(url, coords, signal) {
  const response = await fetch(url, { credentials: "same-origin", signal });
  if (response.status === 204) return {};
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const tile = new VectorTile(new PbfReader(await response.arrayBuffer()));
  const layers = {};
  Object.keys(tile.layers).forEach(function (name) {
    const layer = tile.layers[name];
    layers[name] = [];
    for (let i = 0; i < layer.length; i++) {
      layers[name].push(layer.feature(i).toGeoJSON(coords.x, coords.y, coords.z));
    }
  });
  return layers;
}

function tileUrl(template, coords, query) {
  const url = template.replace("{z}", coords.z).replace("{x}", coords.x).replace("{y}", coords.y);
  const search = query.toString();
  return search ? url + (url.includes("?") ? "&" : "?") + search : url;
}

// A GridLayer that draws nothing itself: for each tile in view it calls
// `options.draw(tileLayers, coords)`, which answers the Leaflet layers it drew, and
// removes them when the tile leaves the view. `setQuery(params)` changes the tiles'
// filters and draws again.
export const VectorTileLayer = L.GridLayer.extend({
  options: { maxNativeZoom: FEATURES_FROM_ZOOM, tileSize: 256, keepBuffer: 1, updateWhenZooming: false },

  initialize: function (template, options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this._template = template;
    this._query = new URLSearchParams();
    this._drawn = {};
    this._requests = {};
    this.on("tileunload", function (event) { this._forget(this._tileCoordsToKey(event.coords)); });
  },

  setQuery: function (params) {
    this._query = new URLSearchParams(params);
    Object.keys(this._drawn).forEach(this._forget, this);
    return this.redraw();
  },

  createTile: function (coords, done) {
    const element = document.createElement("div");
    const key = this._tileCoordsToKey(coords);
    const request = new AbortController();
    this._requests[key] = request;
    const layer = this;
    fetchTile(tileUrl(this._template, coords, this._query), coords, request.signal)
      .then(function (tileLayers) {
        if (request.signal.aborted) return;
        layer._drawn[key] = layer.options.draw(tileLayers, coords);
        done(null, element);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") done(error, element);
      });
    return element;
  },

  _forget: function (key) {
    if (this._requests[key]) this._requests[key].abort();
    delete this._requests[key];
    (this._drawn[key] || []).forEach(function (drawn) { drawn.remove(); });
    delete this._drawn[key];
  },

  onRemove: function (map) {
    Object.keys(this._drawn).forEach(this._forget, this);
    L.GridLayer.prototype.onRemove.call(this, map);
  },
});

// A cluster: a round marker with its count, in Leaflet.markercluster's look. It is a
// marker, so it takes the keyboard's focus; Enter or a click zooms in on it. The server
// keeps each one 20 px inside its 64 px cell (tiles/mvt.py MARKER_MARGIN): at 40 px,
// markers of neighbouring cells never overlap.
export function clusterMarker(map, feature, label) {
  const count = feature.properties.count;
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  const text = document.createElement("span");
  // "106 k" fits the round marker where "105,792" would not; its label says the whole count.
  text.textContent = count.toLocaleString(document.documentElement.lang, {
    notation: count < 10000 ? "standard" : "compact",
  });
  const inner = document.createElement("div");
  inner.appendChild(text);
  const [lon, lat] = feature.geometry.coordinates;
  const marker = L.marker([lat, lon], {
    icon: L.divIcon({ html: inner, className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40] }),
    title: label,
    alt: label,
    keyboard: true,
  });
  marker.on("click", function () {
    map.setView([lat, lon], Math.min(map.getZoom() + 2, FEATURES_FROM_ZOOM));
  });
  // A div icon has no alt text: screen readers read the button's own name.
  marker.on("add", function () {
    const element = marker.getElement();
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", label);
  });
  return marker;
}

// The staff dashboard's heat map, inside the campaign's perimeter drawn as a dashed
// outline: each contribution weighs as many people as it speaks for. The points come
// from the contribution layers' vector tiles, a cluster weighing all its points.
import { PERIMETER_STYLE, readPageData, whenMapReady } from "./shared.js";
import { VectorTileLayer } from "./tile_layer.js";

// [latitude, longitude, weight] of each contribution or cluster of a tile.
function heatPoints(tileLayers) {
  const contributions = (tileLayers.contributions || []).map(function (feature) {
    const centre = L.geoJSON(feature).getBounds().getCenter();
    return [centre.lat, centre.lng, feature.properties.participant_count];
  });
  const clusters = (tileLayers.clusters || []).map(function (cluster) {
    const [lon, lat] = cluster.geometry.coordinates;
    return [lat, lon, cluster.properties.weight];
  });
  return contributions.concat(clusters);
}

function drawHeatmap(map) {
  const data = readPageData("dashboard-data");
  const perimeter = L.geoJSON(data.perimeter, {
    style: PERIMETER_STYLE,
    interactive: false,
  }).addTo(map);
  if (perimeter.getBounds().isValid()) map.fitBounds(perimeter.getBounds(), { padding: [8, 8] });
  // leaflet.heat fades points as the map zooms out from `maxZoom`: at the opening
  // view every contribution shows at full strength, and the heaviest one is red.
  const heat = L.heatLayer([], {
    max: data.heaviest,
    maxZoom: map.getZoom(),
    minOpacity: 0.3,
    radius: 20,
  }).addTo(map);
  const byTile = new Map();
  function redraw() { heat.setLatLngs([].concat(...byTile.values())); }
  // What the dashboard counts: the statuses it names, nothing moderation hid.
  const query = new URLSearchParams(data.statuses.map(function (status) { return ["status", status]; }));
  query.set("hidden", "false");
  const loading = data.layers.map(function (template) {
    const tiles = new VectorTileLayer(template, {
      draw: function (tileLayers) {
        const key = {};
        byTile.set(key, heatPoints(tileLayers));
        redraw();
        return [{ remove: function () { byTile.delete(key); redraw(); } }];
      },
    });
    tiles.setQuery(query).addTo(map);
    return new Promise(function (resolve) { tiles.once("load", resolve); });
  });
  Promise.all(loading).then(function () { map.getContainer().dataset.ready = "true"; });
}

whenMapReady("dashboard-map", drawHeatmap);

// The staff dashboard's heat map: one weighted point per contribution, inside the
// campaign's perimeter drawn as a dashed outline. The page carries the data.
import { PERIMETER_STYLE, readPageData, whenMapReady } from "./shared.js";

function drawHeatmap(map) {
  const data = readPageData("dashboard-data");
  const perimeter = L.geoJSON(data.perimeter, {
    style: PERIMETER_STYLE,
    interactive: false,
  }).addTo(map);
  if (perimeter.getBounds().isValid()) map.fitBounds(perimeter.getBounds(), { padding: [8, 8] });
  // leaflet.heat fades points as the map zooms out from `maxZoom`: at the opening
  // view every contribution shows at full strength, and the heaviest one is red.
  L.heatLayer(readPageData("dashboard-heat-points"), {
    max: data.heaviest,
    maxZoom: map.getZoom(),
    minOpacity: 0.3,
    radius: 20,
  }).addTo(map);
  map.getContainer().dataset.ready = "true";
}

whenMapReady("dashboard-map", drawHeatmap);

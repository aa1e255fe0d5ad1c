// The staff dashboard's heat map: one weighted point per contribution, inside the
// campaign's perimeter drawn as a dashed outline. The page carries the data.
(function () {
  "use strict";

  function drawHeatmap(map) {
    function readData(id) { return JSON.parse(document.getElementById(id).textContent); }
    const data = readData("dashboard-data");
    const perimeter = L.geoJSON(data.perimeter, {
      style: { color: "#333", weight: 2, dashArray: "6 4", fill: false },
      interactive: false,
    }).addTo(map);
    if (perimeter.getBounds().isValid()) map.fitBounds(perimeter.getBounds(), { padding: [8, 8] });
    // leaflet.heat fades points as the map zooms out from `maxZoom`: at the opening
    // view every contribution shows at full strength, and the heaviest one is red.
    L.heatLayer(readData("dashboard-heat-points"), {
      max: data.heaviest,
      maxZoom: map.getZoom(),
      minOpacity: 0.3,
      radius: 20,
    }).addTo(map);
    map.getContainer().dataset.ready = "true";
  }

  window.geoconsultDashboard = { drawHeatmap: drawHeatmap };
})();

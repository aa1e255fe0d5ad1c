// Draws the maps of the home and campaign pages from GeoJSON the page carries.
// Text from residents is always set with textContent, never parsed as HTML.
(function () {
  "use strict";

  function readData(id) {
    return JSON.parse(document.getElementById(id).textContent);
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

  function fitTo(map, bounds) {
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
  }

  function drawCampaigns(map) {
    const perimeters = L.geoJSON(readData("campaigns-data"), {
      style: { color: "#1d6f42", weight: 2, fillOpacity: 0.15 },
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
  function drawLayer(layer, collectiveLabel) {
    const style = { color: layer.color, fillColor: layer.color, fillOpacity: layer.opacity, weight: 3 };
    const options = {
      style: style,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({ radius: 8, fillOpacity: 0.9 }, style));
      },
      onEachFeature: function (feature, shape) {
        const p = feature.properties;
        const subtitle = p.group_name
          ? collectiveLabel
              .replace("%(group)s", function () { return p.group_name; })
              .replace("%(people)s", function () { return p.participant_count; })
          : p.category || null;
        shape.bindPopup(popup(p.title || p.label || layer.name, subtitle));
      },
    };
    const shapes = L.geoJSON(layer.geojson, Object.assign({ filter: function (f) { return !isPoint(f); } }, options));
    const points = L.geoJSON(layer.geojson, Object.assign({ filter: isPoint }, options));
    const clusters = L.markerClusterGroup({ showCoverageOnHover: false }).addLayer(points);
    return L.featureGroup([shapes, clusters]);
  }

  function drawCampaign(map) {
    const data = readData("campaign-data");
    const perimeter = L.geoJSON(data.perimeter, {
      style: { color: "#333", weight: 2, dashArray: "6 4", fill: false },
      interactive: false,
    }).addTo(map);
    const overlays = {};
    const content = L.latLngBounds([]);
    data.layers.forEach(function (layer) {
      const drawn = drawLayer(layer, data.collective_label).addTo(map);
      overlays[layer.name] = drawn;
      if (drawn.getBounds().isValid()) content.extend(drawn.getBounds());
      if (layer.attribution) map.attributionControl.addAttribution(layer.attribution);
    });
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
    // Open on what people drew and staff imported; the perimeter when there is nothing yet.
    fitTo(map, content.isValid() ? content : perimeter.getBounds());
  }

  // The agenda's upcoming events as points, each linking to its page.
  function drawAgenda(map) {
    const events = L.geoJSON(readData("agenda-data"), {
      onEachFeature: function (feature, marker) {
        const p = feature.properties;
        const when = new Date(p.starts_at).toLocaleString(document.documentElement.lang);
        marker.bindPopup(popup(p.title, [when, p.place].filter(Boolean).join(" · "), p.url));
      },
    }).addTo(map);
    fitTo(map, events.getBounds());
  }

  function drawEvent(map) {
    const place = L.geoJSON(readData("event-data")).addTo(map);
    map.setView(place.getBounds().getCenter(), 16);
  }

  window.geoconsult = {
    drawCampaigns: drawCampaigns,
    drawCampaign: drawCampaign,
    drawAgenda: drawAgenda,
    drawEvent: drawEvent,
  };
})();

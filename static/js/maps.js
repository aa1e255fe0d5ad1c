// Draws the maps of the home and campaign pages from GeoJSON the page carries.
// Text from residents is always set with textContent, never parsed as HTML.
(function () {
  "use strict";

  L.Icon.Default.imagePath = document.currentScript.dataset.leafletImages;

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
  // Each shape is recorded in `registry` under "annotation-<id>" or "feature-<id>".
  // A reference layer styled by an attribute gives each value its colour of the legend.
  function drawLayer(layer, texts, registry) {
    const kind = layer.kind === "contribution" ? "annotation" : "feature";
    const colours = {};
    (layer.style_classes || []).forEach(function (c) { colours[c.value] = c.color; });
    function style(feature) {
      const colour = colours[feature.properties.style] || layer.color;
      return { color: colour, fillColor: colour, fillOpacity: layer.opacity, weight: 3 };
    }
    const options = {
      style: style,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({ radius: 8, fillOpacity: 0.9 }, style(feature)));
      },
      onEachFeature: function (feature, shape) {
        const p = feature.properties;
        const subtitle = p.group_name
          ? texts.collective_label
              .replace("%(group)s", function () { return p.group_name; })
              .replace("%(people)s", function () { return p.participant_count; })
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
      map.fitBounds(target.getBounds(), { maxZoom: 17 });
      target.openPopup();
    }
  }

  // A link such as ?annotation=12, ?feature=3 or ?at=48.89,2.20 (from a timeline
  // milestone) opens the map on that contribution, feature or place.
  function focusOn(map, registry, params) {
    const at = (params.get("at") || "").split(",").map(Number);
    if (at.length === 2 && at.every(Number.isFinite)) {
      map.setView(at, 17);
      L.circleMarker(at, { radius: 12, color: "#000", weight: 3, fill: false }).addTo(map);
      return;
    }
    const key = ["annotation", "feature"]
      .filter(function (kind) { return params.get(kind); })
      .map(function (kind) { return kind + "-" + params.get(kind); })[0];
    if (registry[key]) show(map, registry[key]);
  }

  function drawCampaign(map) {
    const data = readData("campaign-data");
    map.getContainer().setAttribute("role", "region");
    map.getContainer().setAttribute("aria-label", data.map_label);
    const perimeter = L.geoJSON(data.perimeter, {
      style: { color: "#333", weight: 2, dashArray: "6 4", fill: false },
      interactive: false,
    }).addTo(map);
    const overlays = {};
    const registry = {};
    const content = L.latLngBounds([]);
    const contributions = [];
    data.layers.forEach(function (layer) {
      layer.geojson = readData("layer-" + layer.id + "-geojson");
      const drawn = drawLayer(layer, data, registry).addTo(map);
      overlays[layer.name] = drawn;
      if (layer.kind === "contribution") contributions.push(drawn);
      if (drawn.getBounds().isValid()) content.extend(drawn.getBounds());
      if (layer.attribution) map.attributionControl.addAttribution(layer.attribution);
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

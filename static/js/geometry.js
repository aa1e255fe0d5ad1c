// Plane geometry the pages need without a map library; nothing here touches the page, so
// Node's test runner imports it too (tests/js/).

// Whether the ring (an array of [x, y], closed or not) holds the point, by ray casting.
function ringHolds(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonHolds(rings, x, y) {
  return ringHolds(rings[0], x, y) && !rings.slice(1).some((hole) => ringHolds(hole, x, y));
}

// Whether a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection holds the point
// (longitude, latitude).
export function holds(geojson, longitude, latitude) {
  if (!geojson) return false;
  switch (geojson.type) {
    case "FeatureCollection":
      return geojson.features.some((feature) => holds(feature, longitude, latitude));
    case "Feature":
      return holds(geojson.geometry, longitude, latitude);
    case "Polygon":
      return polygonHolds(geojson.coordinates, longitude, latitude);
    case "MultiPolygon":
      return geojson.coordinates.some((polygon) => polygonHolds(polygon, longitude, latitude));
    default:
      return false;
  }
}

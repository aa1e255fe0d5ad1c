// The perimeter test that decides whether a photo's GPS position is offered as the pin.
import assert from "node:assert/strict";
import { test } from "node:test";

import { holds } from "../../static/js/geometry.js";

const square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];

test("a point inside a polygon is held, one outside is not", () => {
  const polygon = { type: "Polygon", coordinates: [square] };
  assert.equal(holds(polygon, 5, 5), true);
  assert.equal(holds(polygon, 15, 5), false);
});

test("a point in a hole is outside", () => {
  const polygon = { type: "Polygon", coordinates: [square, hole] };
  assert.equal(holds(polygon, 5, 5), false);
  assert.equal(holds(polygon, 2, 2), true);
});

test("a feature collection of multipolygons, as the campaign page carries its perimeter", () => {
  const far = [[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]];
  const collection = {
    type: "FeatureCollection",
    features: [{ type: "Feature", geometry: { type: "MultiPolygon", coordinates: [[square], [far]] } }],
  };
  assert.equal(holds(collection, 25, 25), true);
  assert.equal(holds(collection, 15, 15), false);
  assert.equal(holds(null, 1, 1), false);
});

"""The Web Mercator (EPSG:3857) grid of XYZ tiles, numbered as QGIS, Leaflet and MapLibre do."""

import math
from dataclasses import dataclass

from django.contrib.gis.geos import Polygon

# The sphere Web Mercator projects, and half the side of its square world, in metres.
EARTH_RADIUS = 6378137.0
WORLD_HALF = math.pi * EARTH_RADIUS
MAX_ZOOM = 22


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int

    @classmethod
    def checked(cls, z, x, y):
        """The tile, or None when its numbers lie outside the grid."""
        if 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z:
            return cls(z, x, y)
        return None

    @property
    def side(self):
        """The tile's side in Web Mercator metres."""
        return 2 * WORLD_HALF / 2**self.z

    @property
    def bounds(self):
        """(xmin, ymin, xmax, ymax) in Web Mercator metres."""
        xmin = -WORLD_HALF + self.x * self.side
        ymax = WORLD_HALF - self.y * self.side
        return xmin, ymax - self.side, xmin + self.side, ymax

    def envelope_4326(self, margin=0.0):
        """The tile in degrees, widened by `margin` (a fraction of its side): what the
        spatial index looks up; a Mercator square is a longitude-latitude rectangle."""
        xmin, ymin, xmax, ymax = self.bounds
        pad = margin * self.side
        west, south = _degrees(max(xmin - pad, -WORLD_HALF), max(ymin - pad, -WORLD_HALF))
        east, north = _degrees(min(xmax + pad, WORLD_HALF), min(ymax + pad, WORLD_HALF))
        envelope = Polygon.from_bbox((west, south, east, north))
        envelope.srid = 4326
        return envelope


def _degrees(x, y):
    longitude = math.degrees(x / EARTH_RADIUS)
    latitude = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
    return longitude, latitude

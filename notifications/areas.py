"""The geometry of an alert area: a circle around a place, and how large an area is.

Both are PostGIS's, on the ellipsoid (`geography`), so a radius in metres and an area in
km² mean the same at any latitude (docs/principles.md, principle 1).
"""

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

# The radii the page offers, in metres; the API takes any value between the first and last.
RADII = (100, 200, 300, 500, 1000, 2000)
DEFAULT_RADIUS = 300
MIN_RADIUS = RADII[0]
MAX_RADIUS = RADII[-1]
# 16 segments a quarter: a circle of 65 vertices, round on any map.
QUARTER_SEGMENTS = 16


def radius_label(metres):
    if metres >= 1000:
        return _("%(km)s km") % {"km": f"{metres / 1000:g}"}
    return _("%(metres)s m") % {"metres": metres}


RADIUS_CHOICES = [(metres, radius_label(metres)) for metres in RADII]


def circle(longitude, latitude, radius):
    """The polygon `radius` metres around a place, in SRID 4326."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsEWKB(ST_Buffer(ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography,"
            " %s, %s)::geometry)",
            [longitude, latitude, radius, f"quad_segs={QUARTER_SEGMENTS}"],
        )
        return GEOSGeometry(memoryview(bytes(cursor.fetchone()[0])))


def square_kilometres(geometry):
    """The area of a polygon in SRID 4326, in km² on the ellipsoid."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Area(ST_GeomFromEWKB(%s)::geography) / 1e6", [bytes(geometry.ewkb)]
        )
        return cursor.fetchone()[0]


def one_polygon(geometry):
    """The polygon an area is: a multipolygon of one part counts as it, anything else is
    refused before the model, whose field holds a polygon alone, ever sees it."""
    if geometry is not None and geometry.geom_type == "MultiPolygon" and len(geometry) == 1:
        geometry = geometry[0]
    if geometry is not None and geometry.geom_type != "Polygon":
        raise ValidationError(
            {"geometry": ValidationError(_("Draw one area, in one piece."), code="wrong_type")}
        )
    return geometry

"""Shapes the alert area tests draw, around the factories' point in Nanterre."""

import math

from django.contrib.gis.geos import Point, Polygon

from tests.support import factories
from tests.support.addresses import searchable_address

INSIDE = factories.INSIDE
# 12 allée des Tilleuls, Nanterre: the address the circle tests look up.
TILLEULS = Point(2.2085, 48.8940, srid=4326)
# About 500 m by 450 m around INSIDE: a street block or two.
SMALL = Polygon.from_bbox((2.2055, 48.8930, 2.2120, 48.8970))
SMALL.srid = 4326
# About 15 km by 11 km: more than the 50 km² cap.
HUGE = Polygon.from_bbox((2.10, 48.84, 2.30, 48.94))
HUGE.srid = 4326
# A bow tie: its outline crosses itself.
BOW_TIE = Polygon(
    ((2.205, 48.893), (2.212, 48.897), (2.212, 48.893), (2.205, 48.897), (2.205, 48.893)),
    srid=4326,
)
# In Paris, kilometres from Nanterre's outline.
IN_PARIS = Polygon.from_bbox((2.345, 48.853, 2.350, 48.857))
IN_PARIS.srid = 4326


def east_of(point, metres):
    """The point `metres` due east of `point` (a sphere is close enough at this scale)."""
    degrees = metres / (111_320 * math.cos(math.radians(point.y)))
    return Point(point.x + degrees, point.y, srid=4326)


def tilleuls_address():
    """12 allée des Tilleuls in the built-in geocoder's table, searchable."""
    searchable_address("12", "Allée des Tilleuls", TILLEULS.x, TILLEULS.y)

"""Filters every app's lists share: the map viewport as a bounding box."""

import math

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


def parse_bbox(text):
    """Read "west,south,east,north" in degrees; return a Polygon in SRID 4326.

    A zoomed-out map asks for more than the world: the box is clamped to
    ±180°/±90° rather than refused (docs/principles.md, principle 3).
    Raises forms.ValidationError with a message naming the problem.
    """
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise forms.ValidationError(
            _("bbox takes four numbers: west,south,east,north (in degrees)."), code="bbox_format"
        ) from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise forms.ValidationError(_("bbox has a value that is not a number."), code="bbox_nan")
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    if west >= east or south >= north:
        raise forms.ValidationError(
            _("bbox must have west < east and south < north."), code="bbox_order"
        )
    bbox = Polygon.from_bbox((west, south, east, north))
    bbox.srid = 4326
    return bbox


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return parse_bbox(value) if value else None


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    """`?bbox=west,south,east,north`: rows whose geometry meets the (clamped) box."""

    field_class = BBoxField

    def __init__(self, field_name="geometry", **kwargs):
        kwargs.setdefault("lookup_expr", "intersects")
        kwargs.setdefault("label", _("Bounding box: west,south,east,north in degrees"))
        super().__init__(field_name=field_name, **kwargs)

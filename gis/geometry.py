"""Geometry validation and SRID policy shared by models, forms and the API.

Every geometry a person sends goes through `validate_geometry` before it
reaches the database. Each rejection is a `ValidationError` whose code names
the problem and whose message says it in the user's language.
"""

import functools

import numpy
import shapely
from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry, LineString
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Value
from django.utils.translation import gettext_lazy as _

STORAGE_SRID = 4326

# Coordinate systems accepted from users and files, each with where it is
# meaningful in degrees (west, south, east, north): EPSG's area of use, widened
# for data drawn at the edges. WGS84, Web Mercator, Lambert-93 and the nine
# Lambert conformal conic zones CC42 to CC50 (zone NN is centred on latitude NN).
# GDAL here is older than 3.9 and cannot block file or network access while
# resolving a free-text reference, so only these EPSG codes ever reach it.
AREAS_OF_USE = {
    4326: (-180, -90, 180, 90),
    3857: (-180, -85.06, 180, 85.06),
    2154: (-9.86, 41.15, 10.38, 51.56),
    **{3900 + zone: (-9.86, zone - 2, 10.38, zone + 2) for zone in range(42, 51)},
}
ALLOWED_SRIDS = frozenset(AREAS_OF_USE)


@functools.cache
def native_bounds(srid):
    """The area of use of `srid` in its own units, as (xmin, ymin, xmax, ymax).

    Coordinates are checked against it before any reprojection: PROJ wraps
    far-out values into plausible-looking places, and hangs on huge ones.
    """
    west, south, east, north = AREAS_OF_USE[srid]
    if srid == STORAGE_SRID:
        return west, south, east, north
    steps = [i / 32 for i in range(33)]
    edge = (
        [(west + (east - west) * t, south) for t in steps]
        + [(east, south + (north - south) * t) for t in steps]
        + [(east - (east - west) * t, north) for t in steps]
        + [(west, north - (north - south) * t) for t in steps]
    )
    return LineString(edge, srid=STORAGE_SRID).transform(srid, clone=True).extent


class GeometryFamily(models.TextChoices):
    """The kinds of geometry a contribution layer may accept."""

    POINT = "point", _("point")
    LINE = "line", _("line")
    POLYGON = "polygon", _("polygon")


_FAMILY_OF_TYPE = {
    "Point": GeometryFamily.POINT,
    "MultiPoint": GeometryFamily.POINT,
    "LineString": GeometryFamily.LINE,
    "MultiLineString": GeometryFamily.LINE,
    "Polygon": GeometryFamily.POLYGON,
    "MultiPolygon": GeometryFamily.POLYGON,
}


def geometry_family(geom):
    """Return the GeometryFamily of a geometry, or None for a collection of mixed parts."""
    return _FAMILY_OF_TYPE.get(geom.geom_type)


def to_storage_srid(geom):
    """Return the geometry in SRID 4326.

    Coordinate systems off the allow-list, and coordinates outside the area
    their system covers, are refused before PROJ sees them.
    """
    srid = geom.srid or STORAGE_SRID
    if srid not in ALLOWED_SRIDS:
        raise ValidationError(
            _("The coordinate system EPSG:%(srid)s is not accepted; use one of %(allowed)s."),
            code="srid_not_allowed",
            params={"srid": srid, "allowed": ", ".join(map(str, sorted(ALLOWED_SRIDS)))},
        )
    xmin, ymin, xmax, ymax = native_bounds(srid)
    x_low, y_low, x_high, y_high = geom.extent
    if x_low < xmin or x_high > xmax or y_low < ymin or y_high > ymax:
        if srid == STORAGE_SRID:
            message = _(
                "The coordinates are out of range: longitude must lie within "
                "-180..180 and latitude within -90..90."
            )
        else:
            message = _("The coordinates lie outside the area that EPSG:%(srid)s covers.")
        raise ValidationError(message, code="out_of_range", params={"srid": srid})
    if srid == STORAGE_SRID:
        geom.srid = STORAGE_SRID
        return geom
    return geom.transform(STORAGE_SRID, clone=True)


def validate_geometry(geom, *, families=None, perimeter=None, max_vertices=None):
    """Check a geometry a person sent; return it in SRID 4326 or raise ValidationError.

    `families` limits the accepted GeometryFamily values;
    `perimeter` is a (Multi)Polygon in 4326 the geometry must lie within;
    `max_vertices` defaults to the GEOMETRY_MAX_VERTICES setting.
    """
    if geom is None or not isinstance(geom, GEOSGeometry):
        raise ValidationError(_("A geometry is required."), code="required")
    if geom.empty:
        raise ValidationError(_("The geometry is empty."), code="empty")

    max_vertices = max_vertices or settings.GEOMETRY_MAX_VERTICES
    if geom.num_coords > max_vertices:
        raise ValidationError(
            _("The geometry has %(count)s vertices; at most %(max)s are allowed."),
            code="too_many_vertices",
            params={"count": geom.num_coords, "max": max_vertices},
        )

    if not numpy.isfinite(shapely.get_coordinates(shapely.from_wkb(bytes(geom.wkb)))).all():
        raise ValidationError(
            _("The geometry has coordinates that are not numbers (NaN or infinite)."),
            code="not_finite",
        )

    geom = to_storage_srid(geom)

    if not geom.valid:
        raise ValidationError(
            _("The geometry is invalid: %(reason)s."),
            code="invalid",
            params={"reason": geom.valid_reason},
        )

    if families is not None:
        family = geometry_family(geom)
        if family not in families:
            raise ValidationError(
                _("A %(found)s is not accepted here; accepted: %(accepted)s."),
                code="wrong_type",
                params={
                    "found": geom.geom_type,
                    "accepted": ", ".join(str(GeometryFamily(f).label) for f in families),
                },
            )

    if perimeter is not None and not perimeter.covers(geom):
        raise ValidationError(
            _("The geometry lies outside the campaign perimeter."),
            code="outside_perimeter",
        )
    return geom


def clean_geometry_field(instance, field_name, **checks):
    """Validate one geometry field of a model instance in its `clean()`.

    The checked geometry, in SRID 4326, replaces the field's value; a rejection
    is reported against the field so forms show it beside the map widget.
    """
    geom = getattr(instance, field_name)
    if geom is None:
        return
    try:
        setattr(instance, field_name, validate_geometry(geom, **checks))
    except ValidationError as error:
        raise ValidationError({field_name: error}) from error


# An outline for an overview map around zoom 11, where a pixel spans about 0.0007°:
# vertices closer than that to the line are dropped, the rest rounded to 0.0001° (~10 m).
OVERVIEW_TOLERANCE = 0.0005
OVERVIEW_GRID = 0.0001


def overview_outline(field):
    """`field`'s (multi) geometry simplified for an overview map, in SQL: its size no longer grows
    with the vertices it was drawn with (a perimeter traced from a cadastre has 50,000)."""
    simplified = Func(
        field,
        Value(OVERVIEW_TOLERANCE),
        function="ST_SimplifyPreserveTopology",
        output_field=GeometryField(srid=STORAGE_SRID),
    )
    rounded = Func(
        simplified,
        Value(OVERVIEW_GRID),
        function="ST_SnapToGrid",
        output_field=GeometryField(srid=STORAGE_SRID),
    )
    # GEOS gives a multipolygon of one part back as a polygon; its readers expect the type kept.
    return Func(rounded, function="ST_Multi", output_field=GeometryField(srid=STORAGE_SRID))

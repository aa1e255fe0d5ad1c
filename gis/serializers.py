"""The API's GeoJSON geometry field: GeoJSON in, checked by the same rules as every geometry."""

import json

import shapely
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeoJsonDict, GeometryField

from .geometry import STORAGE_SRID, validate_geometry

# How deep each type nests its positions ([x, y] is depth 1).
COORDINATE_DEPTH = {
    "Point": 1,
    "MultiPoint": 2,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}
GEOJSON_GEOMETRY_TYPES = (*COORDINATE_DEPTH, "GeometryCollection")


def _is_nested_positions(value, depth):
    """Whether `value` is positions nested `depth` deep, as RFC 7946 shapes them.

    shapely alone would accept some wrongly nested coordinates by flattening them.
    """
    if not isinstance(value, list):
        return False
    if depth == 1:
        return value == [] or (
            len(value) in (2, 3)
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
        )
    return all(_is_nested_positions(part, depth - 1) for part in value)


@extend_schema_field(
    {
        "type": "object",
        "description": _("A GeoJSON geometry (RFC 7946), in WGS84 longitude and latitude."),
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": list(GEOJSON_GEOMETRY_TYPES)}},
    }
)
class GeoJSONGeometryField(GeometryField):
    """A GeoJSON (RFC 7946) geometry object in, a 2D GEOS geometry in SRID 4326 out.

    Built by shapely rather than GDAL, so a `crs` member or any other text
    never reaches GDAL as a spatial reference (docs/principles.md, principle 4), and
    every malformed input becomes a 400 naming the problem, never a 500.
    The geometry's own checks (range, validity, type, perimeter) stay in
    `gis.geometry.validate_geometry`, run by the model's `clean()`.
    """

    default_error_messages = {
        "not_an_object": _(
            'The geometry must be a GeoJSON geometry object, such as {"type": "Point", '
            '"coordinates": [2.2, 48.9]}.'
        ),
        "unknown_type": _("“%(type)s” is not a GeoJSON geometry type; use one of %(types)s."),
        "crs": _(
            "GeoJSON geometry is in WGS84 longitude and latitude (RFC 7946); "
            "a “crs” member is not accepted."
        ),
        "malformed": _("The coordinates of this %(type)s are not well-formed GeoJSON."),
    }

    def __init__(self, *, families=None, **kwargs):
        # For a model field of one geometry type (a PointField), which cannot even
        # hold another type until the model's clean() would refuse it.
        self.families = families
        super().__init__(**kwargs)

    def to_representation(self, value):
        """GeoJSON written by GEOS through shapely: GeoDjango's `geojson` goes through GDAL
        and builds a spatial reference from the SRID each time, twice a geometry in
        rest_framework_gis, which was most of a list page's time (bench/scale.py)."""
        if value is None or isinstance(value, dict):
            return value
        if value.empty:
            return GeoJsonDict({"type": value.geom_type, "coordinates": []})
        return GeoJsonDict(json.loads(shapely.to_geojson(shapely.from_wkb(bytes(value.wkb)))))

    def to_internal_value(self, value):
        if not isinstance(value, dict):
            self.fail("not_an_object")
        try:
            self._check_members(value)
            shape = shapely.force_2d(shapely.geometry.shape(value))
            geometry = GEOSGeometry(memoryview(shapely.to_wkb(shape)), srid=STORAGE_SRID)
        # shapely reports malformed coordinates with any of these, GEOS with its own.
        except (shapely.errors.ShapelyError, GEOSException, ValueError, TypeError, LookupError):
            self.fail("malformed", type=value["type"])
        if self.families is None:
            return geometry
        try:
            return validate_geometry(geometry, families=self.families)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from error

    def _check_members(self, value):
        kind = value.get("type")
        if kind not in GEOJSON_GEOMETRY_TYPES:
            self.fail("unknown_type", type=kind, types=", ".join(GEOJSON_GEOMETRY_TYPES))
        if "crs" in value:
            self.fail("crs")
        if kind != "GeometryCollection":
            if not _is_nested_positions(value.get("coordinates"), COORDINATE_DEPTH[kind]):
                self.fail("malformed", type=kind)
            return
        parts = value.get("geometries")
        if not isinstance(parts, list):
            self.fail("malformed", type=kind)
        for part in parts:
            if not isinstance(part, dict):
                self.fail("not_an_object")
            self._check_members(part)

    def fail(self, key, **kwargs):
        # DRF formats messages with str.format; ours use %-placeholders like Django's.
        raise serializers.ValidationError(self.error_messages[key] % kwargs, code=key)

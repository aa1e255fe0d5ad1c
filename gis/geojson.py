"""GeoJSON built by PostGIS (docs/principles.md, principle 1): Python never loops over features."""

import itertools
import json

from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db import transaction
from django.db.models import Aggregate, F, Func, TextField, Value
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

# RFC 7946 asks for no more precision than is meaningful; 7 decimals is ~1 cm.
COORDINATE_PRECISION = 7


class JSONBuildObject(Func):
    """PostgreSQL's json_build_object over keyword pairs.

    Django's JSONObject builds jsonb, which PostgreSQL decomposes into its
    binary form row by row; GeoJSON is only ever written out, and the json
    builder assembles it about twice as fast (see bench/map_data.py).
    """

    function = "JSON_BUILD_OBJECT"
    output_field = TextField()

    # `self` positional-only: a key may be called anything, "self" included.
    def __init__(self, /, **fields):
        expressions = []
        for key, value in fields.items():
            # Keys are cast so PostgreSQL knows their type inside VARIADIC "any".
            expressions += [
                Cast(Value(key), TextField()),
                F(value) if isinstance(value, str) else value,
            ]
        super().__init__(*expressions)


# PostgreSQL passes a function at most 100 arguments: json_build_object takes 50 pairs.
JSON_BUILD_OBJECT_MAX_PAIRS = 50


def json_object(fields):
    """A json object of `fields` (name to field name or expression). Past 50 pairs, objects
    of 50 are merged as jsonb (whose keys then come in jsonb's order) and turned back to json:
    a reference layer may carry hundreds of attributes."""
    pairs = list(fields.items())
    if len(pairs) <= JSON_BUILD_OBJECT_MAX_PAIRS:
        return JSONBuildObject(**fields)
    parts = [
        Func(JSONBuildObject(**dict(pairs[start : start + JSON_BUILD_OBJECT_MAX_PAIRS])),
             template="(%(expressions)s)::jsonb")
        for start in range(0, len(pairs), JSON_BUILD_OBJECT_MAX_PAIRS)
    ]  # fmt: skip
    return Func(
        *parts, template="(%(expressions)s)::json", arg_joiner=" || ", output_field=TextField()
    )


class JSONAgg(Aggregate):
    function = "JSON_AGG"
    output_field = TextField()


def feature(geometry="geometry", /, **properties):
    """One GeoJSON Feature as a PostgreSQL json expression.

    `properties` maps each output property name (any name, "geometry" included) to a field
    name or expression.
    """
    return JSONBuildObject(
        type=Value("Feature"),
        id=F("pk"),
        geometry=Func(
            AsGeoJSON(geometry, precision=COORDINATE_PRECISION),
            template="(%(expressions)s)::json",
            output_field=TextField(),
        ),
        properties=json_object(properties),
    )


def feature_collection_text(queryset, geometry="geometry", **properties):
    """A FeatureCollection for `queryset` as the JSON text PostgreSQL wrote, in one query.

    For pages that embed a large collection as it is: parsing it in Python only
    to write it out again took twice as long as the query (bench/pages.py).
    """
    features = queryset.order_by().aggregate(
        features=Cast(JSONAgg(feature(geometry, **properties)), TextField())
    )
    return '{"type": "FeatureCollection", "features": %s}' % (features["features"] or "[]")


def feature_collection(queryset, geometry="geometry", **properties):
    """A FeatureCollection dict for `queryset`, assembled in one SQL query."""
    return json.loads(feature_collection_text(queryset, geometry, **properties))


STREAM_CHUNK_SIZE = 2000


def stream_feature_collection(
    queryset,
    /,
    geometry="geometry",
    chunk_size=STREAM_CHUNK_SIZE,
    srid=None,
    members=None,
    properties=None,
    **named_properties,
):
    """Yield a FeatureCollection for `queryset` as text chunks, for a StreamingHttpResponse.

    PostgreSQL writes each feature's JSON; rows come `chunk_size` at a time
    from a server-side cursor, so memory stays flat whatever the size
    (docs/principles.md, principle 2). The queryset's ordering is kept.
    `members` are more top-level members (counts, links), written before the features.
    `srid`, other than 4326, has PostGIS reproject the geometry and names the
    system in a `crs` member: RFC 7946 knows only WGS84, GIS software reads
    the member of the 2008 GeoJSON format.
    The properties are `named_properties`, or, when their names are data (a reference
    layer's attributes may be called `srid` or `members`), the mapping `properties`.
    """
    properties = {**(properties or {}), **named_properties}
    members = {"type": "FeatureCollection", **(members or {})}
    if srid not in (None, 4326):
        geometry = Transform(geometry, srid)
        members["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
    header = "".join(f"{json.dumps(key)}:{json.dumps(value)}," for key, value in members.items())
    rows = (
        queryset.annotate(geojson_feature=Cast(feature(geometry, **properties), TextField()))
        .values_list("geojson_feature", flat=True)
        .iterator(chunk_size=chunk_size)
    )
    yield "{" + header + '"features":['
    # Inside a transaction the server-side cursor needs no WITH HOLD, which would
    # have PostgreSQL compute every row before sending the first (22 s against
    # 0.6 s for a million contributions); here features flow as they are built.
    with transaction.atomic():
        separator = ""
        while chunk := list(itertools.islice(rows, chunk_size)):
            yield separator + ",".join(chunk)
            separator = ","
    yield "]}\n"


GEOJSON = "application/geo+json"
STREAMED_FEATURE_COLLECTION = {
    (200, GEOJSON): OpenApiResponse(
        OpenApiTypes.OBJECT, description=_("A GeoJSON FeatureCollection, streamed.")
    )
}


def geojson_response(chunks):
    """A response streaming the chunks of `stream_feature_collection` as they come."""
    return StreamingHttpResponse(chunks, content_type=GEOJSON)

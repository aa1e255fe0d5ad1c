"""GeoJSON built by PostGIS (DESIGN.md, principle 1): Python never loops over features."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Aggregate, F, Func, TextField, Value
from django.db.models.functions import Cast

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

    def __init__(self, **fields):
        expressions = []
        for key, value in fields.items():
            # Keys are cast so PostgreSQL knows their type inside VARIADIC "any".
            expressions += [
                Cast(Value(key), TextField()),
                F(value) if isinstance(value, str) else value,
            ]
        super().__init__(*expressions)


class JSONAgg(Aggregate):
    function = "JSON_AGG"
    output_field = TextField()


def feature_collection(queryset, geometry="geometry", **properties):
    """Return a FeatureCollection dict for `queryset`, assembled in one SQL query.

    `properties` maps each output property name to a field name or expression.
    """
    feature = JSONBuildObject(
        type=Value("Feature"),
        id=F("pk"),
        geometry=Func(
            AsGeoJSON(geometry, precision=COORDINATE_PRECISION),
            template="(%(expressions)s)::json",
            output_field=TextField(),
        ),
        properties=JSONBuildObject(**properties),
    )
    features = queryset.order_by().aggregate(features=Cast(JSONAgg(feature), TextField()))
    return {"type": "FeatureCollection", "features": json.loads(features["features"] or "[]")}

"""GeoJSON built by PostGIS (DESIGN.md, principle 1): Python never loops over features."""

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import F, JSONField, Value
from django.db.models.functions import Cast, JSONObject

# RFC 7946 asks for no more precision than is meaningful; 7 decimals is ~1 cm.
COORDINATE_PRECISION = 7


def feature_collection(queryset, geometry="geometry", **properties):
    """Return a FeatureCollection dict for `queryset`, assembled in one SQL query.

    `properties` maps each output property name to a field name or expression.
    """
    feature = JSONObject(
        type=Value("Feature"),
        id=F("pk"),
        geometry=Cast(AsGeoJSON(geometry, precision=COORDINATE_PRECISION), JSONField()),
        properties=JSONObject(**properties) if properties else Value({}, JSONField()),
    )
    features = queryset.order_by().aggregate(features=JSONBAgg(feature, default=[]))["features"]
    return {"type": "FeatureCollection", "features": features}

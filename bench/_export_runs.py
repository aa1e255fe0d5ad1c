"""The runs of bench/export.py, each in its own process so its peak memory is its own.

    .venv/bin/python bench/_export_runs.py RUN [ROWS]

prints one line of JSON. The database's work is the same SQL for the view,
COPY and ogr2ogr: the export's query for the benchmark layer.
"""

import json
import sys
import time

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.test import Client
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.models import User
from annotations.models import Annotation
from annotations.properties import contribution_properties
from gis.geojson import feature
from layers.models import Layer

PLANNER = "bench-planner"


def bench_layer():
    return Layer.objects.select_related("campaign").get(campaign__slug="bench")


def exported_rows(layer):
    """The export's queryset for `layer`, as the view builds it."""
    return Annotation.objects.visible().filter(layer=layer).order_by("pk")


def setup(_rows):
    """Everything the parent needs, so that it never loads Django itself."""
    layer = bench_layer()
    User.objects.get_or_create(username=PLANNER, defaults={"is_staff": True})
    properties = contribution_properties(layer.campaign.show_author_names)
    columns = exported_rows(layer).values(
        **{f"p_{name}": value for name, value in properties.items()}, g=F("geometry")
    )
    db = settings.DATABASES["default"]
    return {
        "count": exported_rows(layer).count(),
        "ogr2ogr_sql": connection.ops.compose_sql(*columns.query.sql_with_params()),
        "pg_source": f"PG:host={db['HOST']} port={db['PORT'] or 5432} dbname={db['NAME']} "
        f"user={db['USER']}",
        "pg_password": db["PASSWORD"],
    }


def nothing(_rows):
    return {"features": 0}


def _export(export_format):
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=PLANNER))
    response = client.get(
        "/exports/contributions", {"layer": bench_layer().pk, "format": export_format}
    )
    return response.streaming_content


def view(_rows):
    """The export view's streamed GeoJSON, consumed to the end, and how long the first
    feature took to come."""
    start = time.perf_counter()
    features, first_feature = 0, None
    for chunk in _export("geojson"):
        features += chunk.count(b'"Feature"')  # each chunk holds whole features
        if features and first_feature is None:
            first_feature = time.perf_counter() - start
    return {"features": features, "first_feature": first_feature}


def csv_view(_rows):
    """The export view's streamed CSV: a line per row (the generated texts hold no newline)."""
    return {"features": sum(chunk.count(b"\n") for chunk in _export("csv")) - 1}


def copy(_rows):
    """The floor: COPY of the very SQL the view streams, one feature per line."""
    layer = bench_layer()
    properties = contribution_properties(layer.campaign.show_author_names)
    rows = exported_rows(layer).annotate(
        geojson_feature=Cast(feature("geometry", **properties), TextField())
    )
    sql, params = rows.values_list("geojson_feature", flat=True).query.sql_with_params()
    features = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT", params) as data:
        for block in data:
            features += bytes(block).count(b"\n")
    return {"features": features}


class AnnotationSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Annotation
        geo_field = "geometry"
        fields = [
            "id", "layer", "category", "title", "body", "status", "response_text",
            "group_name", "participant_count", "created_at", "updated_at", "target_feature",
        ]  # fmt: skip


def serializer(rows):
    """The naive way: DRF-gis's serializer over the first `rows` rows, rendered to JSON."""
    queryset = exported_rows(bench_layer())[:rows]
    body = JSONRenderer().render(AnnotationSerializer(queryset, many=True).data)
    return {"features": body.count(b'"Feature"')}


RUNS = {run.__name__: run for run in (setup, nothing, view, csv_view, copy, serializer)}

if __name__ == "__main__":
    run, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
    start = time.perf_counter()
    result = RUNS[run](rows)
    print(json.dumps({**result, "seconds": time.perf_counter() - start}))

"""Time the campaign map's GeoJSON: PostGIS-built vs raw SQL vs Django's serializer.

    .venv/bin/python bench/generate.py --count 100000 --reset
    .venv/bin/python bench/map_data.py --repeat 3

`annotations.properties.map_geojson()` asks PostGIS for the whole FeatureCollection in
one query, as the campaign page embeds it.
The floor is the same json_agg written by hand in SQL; the naive approach is
Django's GeoJSON serializer, which builds every feature in Python.
"""

import argparse
import json

import _setup  # noqa: F401
from _common import best
from django.core import serializers
from django.db import connection

from annotations.models import Annotation
from annotations.properties import map_geojson
from layers.models import Layer

RAW_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', ST_AsGeoJSON(geometry, 7)::json,
        'properties', json_build_object(
            'layer', layer_id, 'title', title, 'category', category, 'status', status,
            'group_name', group_name, 'participant_count', participant_count)
    )), '[]'::json))::text
FROM annotations_annotation
WHERE layer_id = %s AND NOT is_hidden AND status NOT IN ('submitted', 'withdrawn')
"""


def raw_sql(layer):
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, [layer.pk])
        return json.loads(cursor.fetchone()[0])


def postgis_built(layer):
    return json.loads(map_geojson(layer.annotations.visible()))


def django_serializer(layer):
    return json.loads(
        serializers.serialize(
            "geojson",
            Annotation.objects.filter(layer=layer).visible(),
            geometry_field="geometry",
            fields=["title", "category", "status", "group_name", "participant_count"],
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    layer = Layer.objects.get(campaign__slug="bench")
    raw_sql(layer)  # warm the cache so the first approach is not penalised
    results = {
        name: best(args.repeat, lambda f=function: len(f(layer)["features"]))
        for name, function in [
            ("raw SQL json_agg (floor)", raw_sql),
            ("map_geojson (PostGIS)", postgis_built),
            ("Django geojson serializer", django_serializer),
        ]
    }
    floor, count = results["raw SQL json_agg (floor)"]
    print(f"{count} features, best of {args.repeat}")
    print(f"{'approach':<28}{'seconds':>10}{'features/s':>14}{'x raw SQL':>12}")
    for name, (seconds, features) in results.items():
        assert features == count, f"{name} returned {features} features, expected {count}"
        print(f"{name:<28}{seconds:>10.3f}{features / seconds:>14,.0f}{seconds / floor:>12.2f}")


if __name__ == "__main__":
    main()

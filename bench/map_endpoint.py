"""Time the streamed map endpoint against raw SQL (the floor) and a DRF serializer (naive).

    .venv/bin/python bench/generate.py --count 100000 --reset
    .venv/bin/python bench/map_endpoint.py
    .venv/bin/python bench/map_endpoint.py --skip-naive-layer   # at 1,000,000

`GET /api/annotations/map/?layer=…` (and `&bbox=…` for a viewport holding about
--viewport-size contributions) is requested through Django's test Client, and
its streamed body consumed in full. The floor is the same features written by
PostgreSQL through a raw server-side cursor; the naive approach is a plain
rest_framework_gis GeoFeatureModelSerializer over the same rows, rendered by
DRF. Each run happens in a fresh subprocess, so its peak resident memory
(ru_maxrss, above the process's baseline once Django is loaded) is its own.
The benchmark campaign is published for the run, as the endpoint shows
anonymous visitors published campaigns only, and unpublished afterwards.
"""

import argparse
import functools
import json
import resource
import subprocess
import sys
import time

import _setup  # noqa: F401
from django.contrib.gis.db.models import Extent
from django.db import connection
from django.test import Client
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from annotations.models import Annotation
from campaigns.models import Campaign
from gis.filters import parse_bbox
from gis.geojson import STREAM_CHUNK_SIZE
from layers.models import Layer

EMPTY_VIEWPORT = "0,0,0.0001,0.0001"  # in the Gulf of Guinea, far from the bench's Nanterre
PROPERTIES = ["layer", "title", "category", "status", "group_name", "participant_count"]

RAW_SQL = """
SELECT json_build_object(
    'type', 'Feature', 'id', id,
    'geometry', ST_AsGeoJSON(geometry, 7)::json,
    'properties', json_build_object(
        'layer', layer_id, 'title', title, 'category', category, 'status', status,
        'group_name', group_name, 'participant_count', participant_count))::text
FROM annotations_annotation
WHERE layer_id = %(layer)s AND NOT is_hidden AND status NOT IN ('submitted', 'withdrawn')
  AND (%(bbox)s::text IS NULL OR ST_Intersects(geometry, ST_MakeEnvelope(
        split_part(%(bbox)s, ',', 1)::float, split_part(%(bbox)s, ',', 2)::float,
        split_part(%(bbox)s, ',', 3)::float, split_part(%(bbox)s, ',', 4)::float, 4326)))
"""


class PlainAnnotationSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Annotation
        geo_field = "geometry"
        fields = ["id", *PROPERTIES]


@functools.cache
def client():
    # Once per process: loading the middleware (WhiteNoise scans static files) is not the endpoint.
    return Client(HTTP_HOST="localhost")


def endpoint(layer, bbox):
    parameters = {"layer": layer.pk, **({"bbox": bbox} if bbox else {})}
    response = client().get("/api/annotations/map/", parameters)
    assert response.status_code == 200, response.content
    features = size = 0
    for chunk in response.streaming_content:  # chunks hold whole features
        features += chunk.count(b'"type" : "Feature"')
        size += len(chunk)
    response.close()
    return features, size


def raw_sql(layer, bbox):
    features = size = 0
    size += len('{"type":"FeatureCollection","features":[')
    with connection.chunked_cursor() as cursor:  # a server-side cursor, like .iterator()
        cursor.execute(RAW_SQL, {"layer": layer.pk, "bbox": bbox})
        while rows := cursor.fetchmany(STREAM_CHUNK_SIZE):
            text = ",".join(row[0] for row in rows)
            features += len(rows)
            size += len(text) + 1
    return features, size


def naive_serializer(layer, bbox):
    annotations = Annotation.objects.visible().filter(layer=layer)
    if bbox:
        annotations = annotations.filter(geometry__intersects=parse_bbox(bbox))
    data = PlainAnnotationSerializer(annotations, many=True).data
    body = JSONRenderer().render(data)
    return len(data["features"]), len(body)


APPROACHES = {
    "raw SQL cursor (floor)": raw_sql,
    "map endpoint (streamed)": endpoint,
    "DRF GeoFeatureModelSerializer": naive_serializer,
}


def run_one(approach, bbox):
    """In a subprocess: one timed run, printed as JSON."""
    layer = Layer.objects.get(campaign__slug="bench")
    APPROACHES[approach](layer, EMPTY_VIEWPORT)  # warm up: imports, URL resolving, connection
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    features, size = APPROACHES[approach](layer, bbox)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
    print(json.dumps({"seconds": seconds, "features": features, "bytes": size, "peak_kb": peak}))


def measure(approach, bbox, repeat):
    runs = []
    for _ in range(repeat):
        command = [sys.executable, __file__, "--worker", approach]
        output = subprocess.run(
            command + (["--bbox", bbox] if bbox else []),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    return min(runs, key=lambda run: run["seconds"])


def viewport_holding(layer, target):
    """A box around the layer's centre holding about `target` visible contributions."""
    west, south, east, north = Annotation.objects.filter(layer=layer).aggregate(
        extent=Extent("geometry")
    )["extent"]
    cx, cy = (west + east) / 2, (south + north) / 2
    low, high = 0.0, 1.0
    for _ in range(20):
        scale = (low + high) / 2
        dx, dy = (east - west) * scale / 2, (north - south) * scale / 2
        bbox = f"{cx - dx:.6f},{cy - dy:.6f},{cx + dx:.6f},{cy + dy:.6f}"
        count = raw_sql(layer, bbox)[0]
        if abs(count - target) < target * 0.02:
            break
        low, high = (scale, high) if count < target else (low, scale)
    return bbox, count


def report(title, results):
    floor = results["raw SQL cursor (floor)"]
    print(f"\n{title}: {floor['features']:,} features")
    print(
        f"{'approach':<32}{'seconds':>9}{'features/s':>13}{'x floor':>9}"
        f"{'MB sent':>9}{'peak RSS MB':>13}"
    )
    for name, run in results.items():
        assert run["features"] == floor["features"], (name, run["features"], floor["features"])
        print(
            f"{name:<32}{run['seconds']:>9.3f}{run['features'] / run['seconds']:>13,.0f}"
            f"{run['seconds'] / floor['seconds']:>9.2f}{run['bytes'] / 1e6:>9.1f}"
            f"{run['peak_kb'] / 1024:>13.1f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--viewport-size", type=int, default=10_000)
    parser.add_argument(
        "--skip-naive-layer",
        action="store_true",
        help="skip the serializer on the whole layer (slow and memory-hungry at 1,000,000)",
    )
    parser.add_argument("--worker", choices=APPROACHES, help=argparse.SUPPRESS)
    parser.add_argument("--bbox", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_one(args.worker, args.bbox)

    layer = Layer.objects.get(campaign__slug="bench")
    Campaign.objects.filter(slug="bench").update(is_published=True)
    try:
        bbox, count = viewport_holding(layer, args.viewport_size)
        print(f"layer {layer.pk}; viewport {bbox} holds {count:,}; best of {args.repeat}")
        for title, scope in [("viewport", bbox), ("whole layer", None)]:
            results = {}
            for name in APPROACHES:
                if scope is None and args.skip_naive_layer and name.startswith("DRF"):
                    continue
                results[name] = measure(name, scope, args.repeat)
            report(title, results)
    finally:
        Campaign.objects.filter(slug="bench").update(is_published=False)


if __name__ == "__main__":
    main()

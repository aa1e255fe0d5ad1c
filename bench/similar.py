"""Time the duplicate hint (`annotations.duplicates.similar_contributions`) on a big layer.

    .venv/bin/python bench/generate.py --count 100000 --reset
    .venv/bin/python bench/similar.py --repeat 5

The hint asks for published contributions of a layer within DUPLICATE_HINT_DISTANCE_M of
a shape, or with a title alike. The floor is the same question in raw SQL answered by the
GiST index alone (a box in degrees, no exact distance, no titles); the naive approach
measures the exact distance to every row of the layer and compares every title (no index
can help). The bench campaign is published for the run only, inside a transaction rolled
back at the end.
"""

import argparse

import _setup  # noqa: F401
from _common import best
from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Q

from annotations.duplicates import HINT_LENGTH, _degrees_around, similar_contributions
from annotations.models import Annotation
from layers.models import Layer

HERE = Point(2.2088, 48.8950, srid=4326)
TITLE = "Banc cassé près de l'arrêt de bus"

FLOOR_SQL = """
SELECT id FROM annotations_annotation
WHERE layer_id = %s AND ST_DWithin(geometry, ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s)
  AND NOT is_hidden AND status NOT IN ('submitted', 'withdrawn')
LIMIT %s
"""


def floor(layer):
    degrees = _degrees_around(HERE, settings.DUPLICATE_HINT_DISTANCE_M)
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [layer.pk, HERE.x, HERE.y, degrees, HINT_LENGTH])
        return cursor.fetchall()


def hint(layer):
    return list(similar_contributions(layer, HERE, TITLE))


def naive(layer):
    rows = (
        Annotation.objects.visible()
        .filter(layer=layer)
        .annotate(distance=Distance("geometry", HERE), similarity=TrigramSimilarity("title", TITLE))
        .filter(
            Q(distance__lte=settings.DUPLICATE_HINT_DISTANCE_M)
            | Q(similarity__gte=settings.DUPLICATE_HINT_TITLE_SIMILARITY)
        )
        .order_by("distance")[:HINT_LENGTH]
    )
    return list(rows.values_list("pk", flat=True))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    layer = Layer.objects.select_related("campaign").get(campaign__slug="bench")
    count = layer.annotations.count()
    with transaction.atomic():
        layer.campaign.is_published = True
        layer.campaign.save(update_fields=["is_published"])
        floor(layer)  # warm the cache so the first approach is not penalised
        results = {
            name: best(args.repeat, lambda f=function: len(f(layer)))
            for name, function in [
                ("GiST box only (floor)", floor),
                ("similar_contributions", hint),
                ("exact distance + similarity, every row (naive)", naive),
            ]
        }
        transaction.set_rollback(True)
    base, _found = results["GiST box only (floor)"]
    print(f"{count} contributions in the layer, best of {args.repeat}")
    print(f"{'approach':<50}{'ms':>10}{'found':>7}{'x floor':>10}")
    for name, (seconds, found) in results.items():
        print(f"{name:<50}{seconds * 1000:>10.1f}{found:>7}{seconds / base:>10.1f}")


if __name__ == "__main__":
    main()

"""Generate N contributions on a benchmark campaign over Nanterre.

    .venv/bin/python bench/generate.py --count 100000
    .venv/bin/python bench/generate.py --count 1000000 --reset

Points are drawn inside the perimeter by PostGIS (ST_GeneratePoints) and
inserted in batches by one SQL statement each, with a progress bar.
"""

import argparse

import _setup  # noqa: F401
from django.db import connection, transaction
from tqdm import tqdm

from accounts.models import User
from campaigns.models import Campaign
from demo.loader import nanterre_perimeter
from layers.models import Category, Layer

BENCH_SLUG = "bench"
BATCH = 20_000

INSERT_BATCH = """
INSERT INTO annotations_annotation (
    layer_id, geometry, category, title, body, author_id, status, response_text,
    group_name, participant_count, is_hidden, hidden_reason, created_at, updated_at
)
SELECT %(layer)s, ST_SetSRID((dump).geom, 4326),
       (%(categories)s::text[])[1 + floor(random() * cardinality(%(categories)s::text[]))::int],
       'Contribution ' || (%(offset)s + (dump).path[1]), 'Generated for the benchmark.',
       %(author)s, 'published', '', '', 1, false, '', now(), now()
FROM (SELECT ST_Dump(ST_GeneratePoints(perimeter, %(size)s)) AS dump
      FROM campaigns_campaign WHERE id = %(campaign)s) AS points
"""


def bench_layer(reset):
    if reset:
        Campaign.objects.filter(slug=BENCH_SLUG).delete()
    campaign, _ = Campaign.objects.get_or_create(
        slug=BENCH_SLUG,
        defaults={
            "title": "Benchmark",
            "perimeter": nanterre_perimeter(),
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    )
    layer, _ = Layer.objects.get_or_create(
        campaign=campaign,
        kind=Layer.Kind.CONTRIBUTION,
        name="Benchmark contributions",
        defaults={"accepted_geometry_types": ["point"]},
    )
    author, _ = User.objects.get_or_create(username="bench", defaults={"display_name": "Bench"})
    return layer, author


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--reset", action="store_true", help="delete earlier benchmark data")
    args = parser.parse_args()

    layer, author = bench_layer(args.reset)
    categories = [c.value for c in Category]
    with tqdm(total=args.count, unit="annotation") as progress:
        for offset in range(0, args.count, BATCH):
            size = min(BATCH, args.count - offset)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    INSERT_BATCH,
                    {
                        "layer": layer.pk,
                        "campaign": layer.campaign_id,
                        "author": author.pk,
                        "categories": categories,
                        "offset": offset,
                        "size": size,
                    },
                )
            progress.update(size)
    # Fresh statistics, as autovacuum would give a live database in time: the planner
    # otherwise misjudges the subqueries counting votes and comments (bench/pages.py).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotations_annotation, annotations_vote, annotations_comment")
    print(f"layer {layer.pk} now holds {layer.annotations.count()} annotations")


if __name__ == "__main__":
    main()

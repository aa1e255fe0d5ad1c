"""Generate N contributions on benchmark campaigns over Nanterre, with votes and comments.

    .venv/bin/python bench/generate.py --count 100000
    .venv/bin/python bench/generate.py --count 1000000 --reset
    .venv/bin/python bench/generate.py --count 2000000 --campaigns 4 --reset

Points are drawn inside the perimeter by PostGIS (ST_GeneratePoints) and
inserted in batches by one SQL statement each, with a progress bar. With
`--campaigns K`, the campaign `bench` holds N contributions and K-1 more
(`bench-2`...) a tenth of N each, over the same place. One contribution in
five gets 1 to 6 votes (mostly for) and one in seven 1 to 3 comments, from
1,000 bench voters, so the counts kept on each row are real.
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
VOTERS = 1_000

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


# Votes and comments go in by one statement per batch of contributions; the triggers that
# keep each row's counts are off meanwhile, and the counts are computed once at the end.
INSERT_VOTES = """
INSERT INTO annotations_vote (annotation_id, user_id, value, created_at)
SELECT a.id, (%(voters)s::bigint[])[1 + (a.id * 31 + g * 17) %% cardinality(%(voters)s::bigint[])],
       CASE WHEN (a.id + g) %% 5 = 0 THEN -1 ELSE 1 END, now()
FROM annotations_annotation a, generate_series(1, 1 + a.id %% 6) AS g
WHERE a.layer_id = %(layer)s AND a.id %% 5 = 0 AND a.id > %(after)s
"""
INSERT_COMMENTS = """
INSERT INTO annotations_comment (annotation_id, author_id, body, is_hidden, hidden_reason,
                                 awaits_moderation, created_at, updated_at)
SELECT a.id, (%(voters)s::bigint[])[1 + (a.id + g) %% cardinality(%(voters)s::bigint[])],
       'Generated for the benchmark.', false, '', false, now(), now()
FROM annotations_annotation a, generate_series(1, 1 + a.id %% 3) AS g
WHERE a.layer_id = %(layer)s AND a.id %% 7 = 0 AND a.id > %(after)s
"""
COUNT = """
UPDATE annotations_annotation AS a SET
    votes_for = (SELECT count(*) FROM annotations_vote v
                 WHERE v.annotation_id = a.id AND v.value = 1),
    votes_against = (SELECT count(*) FROM annotations_vote v
                     WHERE v.annotation_id = a.id AND v.value = -1),
    comment_count = (SELECT count(*) FROM annotations_comment c
                     WHERE c.annotation_id = a.id AND NOT c.is_hidden
                     AND NOT c.awaits_moderation)
WHERE a.layer_id = %(layer)s AND a.id > %(after)s AND (a.id %% 5 = 0 OR a.id %% 7 = 0)
"""
COUNTED_TABLES = ("annotations_vote", "annotations_comment")


def bench_layer(reset, slug=BENCH_SLUG):
    if reset:
        Campaign.objects.filter(slug=slug).delete()
    campaign, _ = Campaign.objects.get_or_create(
        slug=slug,
        defaults={
            "title": f"Benchmark {slug}",
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


def bench_voters():
    voters = User.objects.filter(username__startswith="bench-voter-")
    existing = set(voters.values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, display_name=name, password="!")
        for name in (f"bench-voter-{i}" for i in range(VOTERS))
        if name not in existing
    )
    return list(voters.values_list("pk", flat=True))


def generate(layer, author, count, voters):
    """Insert `count` contributions on `layer`, with their votes and comments."""
    categories = [c.value for c in Category]
    after = layer.annotations.order_by("-pk").values_list("pk", flat=True).first() or 0
    with tqdm(total=count, unit="annotation", desc=layer.campaign.slug) as progress:
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
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
    arguments = {"layer": layer.pk, "voters": voters, "after": after}
    with connection.cursor() as cursor:
        for table in COUNTED_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            with transaction.atomic():
                cursor.execute(INSERT_VOTES, arguments)
                cursor.execute(INSERT_COMMENTS, arguments)
                cursor.execute(COUNT, arguments)
        finally:
            for table in COUNTED_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--reset", action="store_true", help="delete earlier benchmark data")
    parser.add_argument("--campaigns", type=int, default=1, help="how many bench campaigns")
    parser.add_argument("--slug", default=BENCH_SLUG, help="the main campaign's slug")
    args = parser.parse_args()

    voters = bench_voters()
    layer, author = bench_layer(args.reset, slug=args.slug)
    generate(layer, author, args.count, voters)
    for number in range(2, args.campaigns + 1):
        other, _ = bench_layer(args.reset, slug=f"{args.slug}-{number}")
        generate(other, author, args.count // 10, voters)
    # Fresh statistics, as autovacuum would give a live database in time: the planner
    # otherwise misjudges the subqueries counting votes and comments (bench/pages.py).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotations_annotation, annotations_vote, annotations_comment")
    print(f"layer {layer.pk} now holds {layer.annotations.count()} annotations")


if __name__ == "__main__":
    main()

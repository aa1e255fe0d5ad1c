"""Time a consultation's results: `consultations.results.results()` against one raw SQL
GROUP BY over the same votes (the floor) and counting the votes in Python (naive).

    .venv/bin/python bench/consultation_results.py --voters 10000 --articles 20 --repeat 3

Keeps its data on the unpublished campaign `bench` (made if missing), in a consultation
with the slug `bench-text`, re-created on each run: `--voters` people each vote on the
whole text and on every article, and propose one amendment in twenty.
"""

import argparse
from collections import Counter
from datetime import timedelta

import _setup  # noqa: F401
from _common import best
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign
from consultations.models import Amendment, Article, ArticleText, Consultation, Version, Vote
from consultations.results import results
from demo.loader import nanterre_perimeter

RAW_SQL = """
SELECT article_id,
       count(*) FILTER (WHERE value = 1), count(*) FILTER (WHERE value = -1),
       count(*) FILTER (WHERE value = 0)
FROM consultations_vote WHERE consultation_id = %s GROUP BY article_id
"""


@transaction.atomic
def build(voters, articles):
    campaign = Campaign.objects.filter(slug="bench").first() or Campaign.objects.create(
        slug="bench",
        title="Bench",
        perimeter=nanterre_perimeter(),
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=30),
    )
    Consultation.objects.filter(slug="bench-text").delete()
    consultation = Consultation.objects.create(
        campaign=campaign,
        slug="bench-text",
        title="Bench text",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
        phase=Consultation.Phase.OPEN,
    )
    version = Version.objects.create(consultation=consultation, number=1)
    made = Article.objects.bulk_create(
        Article(consultation=consultation, number=n) for n in range(1, articles + 1)
    )
    ArticleText.objects.bulk_create(
        ArticleText(version=version, article=a, title=f"Article {a.number}", body="Texte.")
        for a in made
    )
    User = get_user_model()
    have = User.objects.filter(username__startswith="bench-voter-").count()
    User.objects.bulk_create(
        User(username=f"bench-voter-{i}", password="!") for i in range(have, voters)
    )
    with connection.cursor() as cursor:
        # Every voter on the whole text (NULL article) and on each article, values at random.
        cursor.execute(
            """
            INSERT INTO consultations_vote (consultation_id, article_id, user_id, value, created_at)
            SELECT %s, a.id, u.id, (floor(random() * 3) - 1)::smallint, now()
            FROM (SELECT id FROM accounts_user WHERE username LIKE 'bench-voter-%%'
                  ORDER BY id LIMIT %s) u
            CROSS JOIN (SELECT id FROM consultations_article WHERE consultation_id = %s
                        UNION ALL SELECT NULL) a
            """,
            [consultation.pk, voters, consultation.pk],
        )
    authors = User.objects.filter(username__startswith="bench-voter-").order_by("pk")[
        : voters // 20
    ]
    Amendment.objects.bulk_create(
        Amendment(article=made[i % articles], base_version=version, author=u, body=f"Texte {i}.")
        for i, u in enumerate(authors)
    )
    return consultation


def raw_sql(consultation):
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, [consultation.pk])
        return cursor.fetchall()


def in_python(consultation):
    counts = Counter(
        Vote.objects.filter(consultation=consultation).values_list("article_id", "value")
    )
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    consultation = build(options.voters, options.articles)
    votes = Vote.objects.filter(consultation=consultation).count()
    outcome = results(consultation)
    raw = {row[0]: row[1:] for row in raw_sql(consultation)}
    for line in [*outcome.articles, outcome.whole_text]:
        key = line.article.pk if line.article else None
        tally = line.tally
        assert (tally.for_, tally.against, tally.abstain) == raw[key], "results disagree"
    floor, _ = best(options.repeat, lambda: raw_sql(consultation))
    scope = f"{options.articles} articles and the whole text"
    print(f"{votes:,} votes on {scope}, best of {options.repeat}")
    print(f"raw SQL GROUP BY (floor)   {floor:.3f} s")
    for name, function in (
        ("results() (page, CSV, API)", results),
        ("counted in Python (naive)", in_python),
    ):
        seconds, _ = best(options.repeat, lambda f=function: f(consultation))
        print(f"{name:<27}{seconds:.3f} s  ({seconds / floor:.2f}x)")


if __name__ == "__main__":
    main()

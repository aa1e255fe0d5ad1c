"""Time the Atom feeds on a big campaign: a reader polling, the feed built, an area's feed.

    .venv/bin/python bench/generate.py --count 100000 --reset
    .venv/bin/python bench/feeds.py --repeat 20

The floor is the one query a feed cannot do without: the 50 newest public contributions
of the campaign, in raw SQL through its index; `/healthz` shows what Django's request stack
costs by itself. Against them: a reader asking again with the
ETag it holds (304: the version's aggregates, nothing built), a reader without it (the
same, then the body from the cache), the feed built (cache emptied first), the feed of an
area drawn around the campaign's middle (the GiST index, then the newest 50), and the
naive feed, every public contribution of the campaign (no bound). Requests go through
Django's test client in this process; the bench campaign is published for the run only,
inside a transaction rolled back at the end.
"""

import argparse
import statistics

import _setup  # noqa: F401
from _common import timings
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from campaigns.models import Campaign
from notifications import feeds
from notifications.areas import circle
from notifications.models import AlertArea

MIDDLE = Point(2.2088, 48.8950, srid=4326)

FLOOR_SQL = """
SELECT a.id, a.title, a.body, a.created_at FROM annotations_annotation a
WHERE a.layer_id = ANY(%s) AND NOT a.is_hidden AND a.status NOT IN ('submitted', 'withdrawn')
ORDER BY a.created_at DESC, a.id DESC LIMIT 50
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = Client(HTTP_ACCEPT_LANGUAGE="fr", HTTP_HOST="localhost")
    with transaction.atomic():
        campaign = Campaign.objects.get(slug=args.slug)
        Campaign.objects.filter(pk=campaign.pk).update(is_published=True)
        layer_ids = list(campaign.layers.values_list("pk", flat=True))
        owner = User.objects.create(username="bench-feed-owner")
        area = AlertArea.objects.create(
            user=owner, name="bench", geometry=circle(MIDDLE.x, MIDDLE.y, 300)
        )
        campaign_url = reverse("notifications:campaign_feed", args=[campaign.slug])
        area_url = reverse("notifications:area_feed", args=[area.feed_token])
        etag = client.get(campaign_url)["ETag"]

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, [layer_ids])
                return cursor.fetchall()

        def get(url, **headers):
            def run():
                response = client.get(url, **headers)
                assert response.status_code in (200, 304), response.status_code
                return response

            return run

        def built(url):
            def run():
                cache.clear()
                get(url)()

            return run

        def naive():
            bound = feeds.ITEMS
            feeds.ITEMS = None  # every public contribution: what a feed without a bound is
            try:
                cache.clear()
                get(campaign_url)()
            finally:
                feeds.ITEMS = bound

        area_entries = client.get(area_url).content.count(b"<entry>")
        runs = [
            ("floor: the 50 newest, raw SQL", floor),
            ("the request stack alone (/healthz)", get(reverse("healthz"))),
            ("revalidated (If-None-Match: 304)", get(campaign_url, HTTP_IF_NONE_MATCH=etag)),
            ("from the cache (200)", get(campaign_url)),
            ("built (cache emptied)", built(campaign_url)),
            (f"area feed built ({area_entries} entries)", built(area_url)),
            ("naive: every contribution, unbounded", naive),
        ]
        results = []
        for name, run in runs:
            repeat = 1 if run is naive else args.repeat
            times = timings(run, repeat)
            results.append((name, statistics.median(times) * 1000, min(times) * 1000))
        transaction.set_rollback(True)

    floor_ms = results[0][1]
    print(f"campaign {args.slug!r}; median (best) of {args.repeat} runs, 1 for the naive one")
    for name, median, best in results:
        print(f"{name:45} {median:9.1f} ms ({best:8.1f})  {median / floor_ms:7.1f}x the floor")


if __name__ == "__main__":
    main()

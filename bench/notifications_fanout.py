"""The notification fan-out and the header's unread count, at 10,000 followers and areas.

In one transaction on the database in DATABASE_URL, rolled back at the end (nothing stays):
--people residents, each following one contribution's campaign, half of them following the
contribution too, and each drawing an alert area (half of the areas cover the contribution).
Then it times, median of --rounds:

  (a) baseline: the same notification rows written by Django's bulk_create from a Python
      list of recipients (what a loop over followers would do at best)
  (b) `fanout.fan_out`: one INSERT … SELECT … ON CONFLICT DO NOTHING for a new contribution
      (campaign followers + covering areas) and for an answer (the contribution's followers)
  (c) the same fan-out run again (idempotent: writes nothing)

with the queries each made and the Python memory it peaked at (tracemalloc); and the
header's unread count for a person with --people unread notifications against a primary-key
lookup of the same person.

    .venv/bin/python bench/notifications_fanout.py [--people 10000] [--rounds 3]
"""

import argparse
import statistics
import time
import tracemalloc

import _setup  # noqa: F401
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from annotations.models import Annotation
from campaigns.models import Campaign
from layers.models import Layer
from notifications import fanout
from notifications.context_processors import UNREAD_SHOWN_MAX
from notifications.models import Activity, AlertArea, Delivery, Follow, Notification

CENTRE = (2.2088, 48.8950)


class Rollback(Exception):
    pass


def measure(work, rounds, reset):
    """Median seconds, queries of the last run and peak Python memory (MiB) of `work()`."""
    times, peak, queries = [], 0, 0
    for _ in range(rounds):
        reset()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        queries = len(captured)
    return statistics.median(times), queries, peak / 2**20


def build(people):
    x, y = CENTRE
    perimeter = MultiPolygon(Polygon.from_bbox((x - 0.1, y - 0.1, x + 0.1, y + 0.1)))
    campaign = Campaign.objects.create(
        title="Bench notifications",
        slug="bench-notifications",
        perimeter=perimeter,
        start_date="2026-01-01",
        end_date="2027-01-01",
        phase=Campaign.Phase.OPEN,
        is_published=True,
    )
    layer = Layer.objects.create(
        campaign=campaign, kind=Layer.Kind.CONTRIBUTION, name="Bench", accepted_categories=[]
    )
    users = User.objects.bulk_create(
        User(username=f"bench-notify-{n}", email=f"bench-notify-{n}@example.org", password="!")
        for n in range(people)
    )
    author = users[0]
    annotation = Annotation.objects.create(
        layer=layer, geometry=Point(x, y, srid=4326), category="issue", title="Bench", author=author
    )
    Follow.objects.bulk_create(
        [Follow(user=user, campaign=campaign) for user in users]
        + [Follow(user=user, annotation=annotation) for user in users[::2]],
        ignore_conflicts=True,
        batch_size=5000,
    )
    areas = []
    for n, user in enumerate(users):
        # Half the areas around the contribution, half a kilometre or more away.
        dx = 0 if n % 2 == 0 else 0.01 + (n % 50) * 0.001
        box = (x + dx - 0.002, y - 0.002, x + dx + 0.002, y + 0.002)
        areas.append(AlertArea(user=user, name=f"Area {n}", geometry=Polygon.from_bbox(box)))
    AlertArea.objects.bulk_create(areas, batch_size=5000)
    return campaign, annotation, author, users


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            run(args.people, args.rounds)
            raise Rollback
    except Rollback:
        pass


def run(people, rounds):
    started = time.perf_counter()
    campaign, annotation, author, users = build(people)
    print(f"built {people:,} people, follows and areas in {time.perf_counter() - started:.1f} s")
    new = Activity.objects.create(
        kind=Activity.Kind.NEW_CONTRIBUTION, campaign=campaign, annotation=annotation, actor=author
    )
    answer = Activity.objects.create(
        kind=Activity.Kind.ANSWERED, campaign=campaign, annotation=annotation
    )

    def forget(*activities):
        return lambda: Notification.objects.filter(activity__in=activities).delete()

    def naive():
        recipients = set(
            Follow.objects.filter(campaign=campaign, active=True).values_list("user_id", flat=True)
        ) | set(
            AlertArea.objects.covering(annotation.geometry, campaign.pk).values_list(
                "user_id", flat=True
            )
        )
        recipients.discard(author.pk)
        Notification.objects.bulk_create(
            [
                Notification(recipient_id=r, activity=new, delivery=Delivery.DIGEST)
                for r in recipients
            ],
            ignore_conflicts=True,
            batch_size=5000,
        )

    rows = {}

    def fan_out_new():
        rows["new"] = fanout.fan_out(new.pk)

    def fan_out_answer():
        rows["answer"] = fanout.fan_out(answer.pk)

    baseline = measure(naive, rounds, forget(new))
    results = [
        (
            "(a) bulk_create from Python",
            baseline,
            Notification.objects.filter(activity=new).count(),
        ),
    ]
    new_contribution = measure(fan_out_new, rounds, forget(new))
    results.append(("(b) fan-out, new contribution", new_contribution, rows["new"]))
    results.append(
        ("(c) the same, run again", measure(fan_out_new, rounds, lambda: None), rows["new"])
    )
    answered = measure(fan_out_answer, rounds, forget(answer))
    results.append(("(b) fan-out, answer", answered, rows["answer"]))
    print(f"{'':34} {'median':>9} {'queries':>8} {'peak MiB':>9} {'rows':>7} {'vs (a)':>7}")
    for name, (seconds, queries, peak), written in results:
        ratio = seconds / baseline[0]
        print(
            f"{name:34} {seconds * 1000:7.1f}ms {queries:8} {peak:9.2f} {written:7,} {ratio:6.2f}x"
        )

    reader = users[1]
    backlog = Activity.objects.bulk_create(
        [
            Activity(kind=Activity.Kind.COMMENTED, campaign=campaign, annotation=annotation)
            for _ in range(people)
        ],
        batch_size=5000,
    )
    Notification.objects.bulk_create(
        [Notification(recipient=reader, activity=a, delivery=Delivery.DIGEST) for a in backlog],
        batch_size=5000,
    )
    lookups = []
    counts = []
    for _ in range(200):
        started = time.perf_counter()
        User.objects.filter(pk=reader.pk).exists()
        lookups.append(time.perf_counter() - started)
        started = time.perf_counter()
        shown = Notification.objects.unread_count(reader, UNREAD_SHOWN_MAX + 1)
        counts.append(time.perf_counter() - started)
    unread = Notification.objects.filter(recipient=reader).unread().count()
    print(
        f"header count ({unread} unread, shows {shown}): "
        f"{statistics.median(counts) * 1000:.2f} ms, primary-key lookup "
        f"{statistics.median(lookups) * 1000:.2f} ms, ratio "
        f"{statistics.median(counts) / statistics.median(lookups):.2f}x"
    )


if __name__ == "__main__":
    main()

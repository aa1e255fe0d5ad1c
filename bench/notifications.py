"""Time notification e-mails to 10,000 people, from the change to the SMTP server.

    export DATABASE_URL=postgis://geoconsult:geoconsult@127.0.0.1:5432/gc_bench_notifications
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/notifications.py --recipients 1000 10000

Builds its own data (people with confirmed addresses whose preferences want every e-mail at
once, on a campaign with the slug `bench-notifications`; `--reset` removes it first), then
for each count N:

- **answer**: one contribution followed by N people; the city's answer is written
  (`Annotation.respond`: the answer, its Activity and its fan-out job, one transaction),
  then the fan-out runs (one INSERT … SELECT of N notifications, then
  `mail.queue_immediate`: N / NOTIFICATION_EMAIL_BATCH sending jobs); then a real worker
  (`manage.py procrastinate worker`) sends them to a local aiosmtpd sink in a process of
  its own, timed until the sink has received all N; the worker's peak memory (VmHWM);
- **area** (largest N only): N people with an alert area around one place (among
  `--background` areas elsewhere in France), a new contribution there: the same steps,
  the area match done by PostGIS through the areas' GiST index;
- **baselines**, in the same run: the naive way, one `send()` per recipient from the
  request, each over its own SMTP connection, no queue; and the area match with the index
  turned off (`enable_indexscan`, `enable_bitmapscan`).
"""

import argparse
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import _setup  # noqa: F401
from _common import timed
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from accounts.models import User
from annotations.models import Annotation
from campaigns.models import Campaign
from demo.loader import nanterre_perimeter
from layers.models import Category, Layer
from notifications import emails, fanout
from notifications.models import Activity, AlertArea, Delivery, Follow, Notification, Preferences

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-notifications"
PREFIX = "bench-mail-"
HERE = Point(2.2088, 48.8950, srid=4326)


# The SMTP sink: its own process, counting what it receives.


def _sink(port, received, ready):
    import asyncio
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Count:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    signal.sigwait({signal.SIGTERM})
    controller.stop()
    asyncio.set_event_loop(None)


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self):
        self.port = free_port()
        self.received = multiprocessing.Value("q", 0)
        ready = multiprocessing.Event()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        self.process = multiprocessing.Process(
            target=_sink, args=(self.port, self.received, ready), daemon=True
        )
        self.process.start()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        ready.wait(10)

    def count(self):
        return self.received.value

    def reset(self):
        with self.received.get_lock():
            self.received.value = 0

    def stop(self):
        self.process.terminate()
        self.process.join(10)


# The data.


def reset():
    User.objects.filter(username__startswith=PREFIX).delete()
    Campaign.objects.filter(slug=SLUG).delete()


def people(count):
    """`count` bench people with confirmed addresses, wanting every e-mail at once."""
    existing = User.objects.filter(username__startswith=PREFIX).count()
    User.objects.bulk_create(
        [
            User(
                username=f"{PREFIX}{n}",
                email=f"{PREFIX}{n}@example.org",
                display_name=f"Bench {n}",
                password="!",
                language="fr" if n % 2 else "en",
            )
            for n in range(existing, count)
        ],
        batch_size=5000,
    )
    ids = list(
        User.objects.filter(username__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
    )[:count]
    have = set(Preferences.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    Preferences.objects.bulk_create(
        [
            Preferences(
                user_id=pk,
                about_my_contributions=Delivery.IMMEDIATE,
                about_the_rest=Delivery.IMMEDIATE,
            )
            for pk in ids
            if pk not in have
        ],
        batch_size=5000,
    )
    return ids


def bench_layer():
    campaign, _ = Campaign.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench notifications",
            "perimeter": nanterre_perimeter(),
            "is_published": True,
            "phase": Campaign.Phase.OPEN,
            "start_date": date.today() - timedelta(days=10),
            "end_date": date.today() + timedelta(days=300),
        },
    )
    layer, _ = Layer.objects.get_or_create(
        campaign=campaign,
        kind=Layer.Kind.CONTRIBUTION,
        defaults={
            "name": "Bench",
            "accepted_geometry_types": ["point"],
            "accepted_categories": [c.value for c in Category],
        },
    )
    return layer


def contribution(layer, title):
    return Annotation.objects.create(
        layer=layer,
        geometry=HERE,
        category=Category.ISSUE,
        title=title,
        body="Bench",
        author=User.objects.get_or_create(username=f"{PREFIX}author", defaults={"password": "!"})[
            0
        ],
    )


def areas(user_ids, background):
    """An area around HERE for each person (200 m to 1.5 km, centres up to 150 m off), and
    `background` areas of the first people elsewhere in mainland France."""
    AlertArea.objects.filter(user_id__in=user_ids).delete()
    random.seed(15)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO notifications_alertarea (user_id, name, geometry, feed_token, active,
                created_at)
            SELECT u, 'Bench', ST_Buffer(ST_SetSRID(ST_MakePoint(%s + (random() - 0.5) * 0.004,
                   %s + (random() - 0.5) * 0.002), 4326)::geography, 200 + random() * 1300, 8
                   )::geometry, gen_random_uuid(), true, now()
            FROM unnest(%s::bigint[]) AS u
            """,
            [HERE.x, HERE.y, user_ids],
        )
        cursor.execute(
            """
            INSERT INTO notifications_alertarea (user_id, name, geometry, feed_token, active,
                created_at)
            SELECT %s, 'Elsewhere', ST_Buffer(ST_SetSRID(ST_MakePoint(-1 + random() * 8,
                   43.5 + random() * 5), 4326)::geography, 200 + random() * 1300, 8)::geometry,
                   gen_random_uuid(), true, now()
            FROM generate_series(1, %s)
            """,
            [user_ids[0], background],
        )
        cursor.execute("ANALYZE notifications_alertarea")


def forget_jobs(*queues):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE queue_name = ANY(%s)",
            [list(queues or ("mail", "notifications"))],
        )


# The measures.


def write_and_fan_out(write):
    """The change, then its fan-out and the sending jobs, each in its transaction."""
    write_seconds, activity = timed(lambda: transaction.atomic()(write)())
    # Its fan-out job is run here instead, to time it apart.
    forget_jobs("notifications")
    fan_out_seconds, written = timed(lambda: transaction.atomic()(fanout.fan_out)(activity.pk))
    jobs = ProcrastinateJob.objects.filter(task_name="notifications.send_emails", status="todo")
    return write_seconds, fan_out_seconds, written, jobs.count()


def vm_hwm_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def deliver(sink, expected):
    """A real worker sends the queued e-mails; seconds until the sink has them all, and the
    worker's peak resident memory in MB."""
    sink.reset()
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "SITE_URL": "https://participer.example.fr",
        "LOG_LEVEL": "WARNING",
    }
    start = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        while sink.count() < expected:
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        peak = vm_hwm_kb(worker.pid) / 1024
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
    return seconds, peak


def naive(sink, activity, recipients):
    """One message per recipient from the request, each `send()` on its own connection."""
    sink.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    start = time.perf_counter()
    for n, user in enumerate(User.objects.filter(pk__in=recipients).iterator()):
        emails.notification_message(Notification(pk=n, recipient=user, activity=activity)).send()
    while sink.count() < len(recipients):
        time.sleep(0.01)
    return time.perf_counter() - start


def area_match(geometry, campaign_id, indexed):
    with transaction.atomic(), connection.cursor() as cursor:
        if not indexed:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        timings = []
        for _ in range(5):
            seconds, count = timed(AlertArea.objects.covering(geometry, campaign_id).count)
            timings.append(seconds)
        return min(timings), count


def report(label, n, write, fan, jobs, delivery, peak, naive_seconds=None):
    line = (
        f"{label:<7} {n:>6,}  write {write * 1000:7.1f} ms  fan-out+enqueue {fan:6.2f} s "
        f"({jobs} jobs)  worker to SMTP {delivery:6.1f} s ({n / delivery:6.0f}/s)  "
        f"worker peak {peak:5.0f} MB"
    )
    if naive_seconds is not None:
        line += f"  naive {naive_seconds:6.1f} s ({naive_seconds / delivery:.2f}x the worker)"
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()

    if args.reset:
        reset()
    largest = max(args.recipients)
    everyone = people(largest)
    layer = bench_layer()
    staff, _ = User.objects.get_or_create(
        username=f"{PREFIX}staff", defaults={"password": "!", "is_staff": True}
    )
    connection.close()  # not shared with the sink's process
    sink = Sink()
    try:
        for n in sorted(args.recipients):
            forget_jobs()
            annotation = contribution(layer, f"Benches, followed by {n}")
            Follow.objects.bulk_create(
                [Follow(user_id=pk, annotation=annotation) for pk in everyone[:n]],
                batch_size=5000,
            )
            forget_jobs()  # the contribution's own fan-out: nobody follows the campaign

            def answer(annotation=annotation):
                annotation.respond(staff, "Five benches in spring.", Annotation.Status.ACCEPTED)
                return Activity.objects.filter(annotation=annotation).latest("pk")

            write, fan, written, jobs = write_and_fan_out(answer)
            assert written == n + 1, written  # the followers and the author, who has no address
            delivery, peak = deliver(sink, n)
            naive_seconds = None
            if n == largest and not args.skip_naive:
                activity = Activity.objects.filter(annotation=annotation).latest("pk")
                naive_seconds = naive(sink, activity, everyone[:n])
            report("answer", n, write, fan, jobs, delivery, peak, naive_seconds)

        areas(everyone, args.background)
        forget_jobs()
        write, fan, written, jobs = write_and_fan_out(
            lambda: Activity.objects.get(
                annotation=contribution(layer, "A bench here"), kind=Activity.Kind.NEW_CONTRIBUTION
            )
        )
        assert written == largest, written
        delivery, peak = deliver(sink, largest)
        report("area", largest, write, fan, jobs, delivery, peak)
        indexed, matched = area_match(HERE, layer.campaign_id, indexed=True)
        scanned, _ = area_match(HERE, layer.campaign_id, indexed=False)
        total = AlertArea.objects.count()
        print(
            f"area match: {matched:,} of {total:,} areas  GiST index {indexed * 1000:.1f} ms  "
            f"without {scanned * 1000:.1f} ms ({scanned / indexed:.1f}x)",
            flush=True,
        )
    finally:
        sink.stop()
        forget_jobs()


if __name__ == "__main__":
    main()

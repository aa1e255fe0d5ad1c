"""The load test: `make run`'s stack (gunicorn + the queue's worker) under Locust, headless.

Prepares an open campaign `bench-load` (one contribution layer, --contributions
contributions, --residents residents with API tokens), starts scripts/serve.sh on --port,
runs bench/load/locustfile.py for each --users count (residents plus one planner
exporting), prints per route: requests, failures, requests/s, p50/p95/p99, then checks that
every contribution's vote counts in the API equal the votes table.

    .venv/bin/python bench/load/run.py --users 50 200 --duration 60s [--port 8148]
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _setup  # noqa: F401
from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models import Count, Q
from rest_framework.authtoken.models import Token

from accounts.models import User
from annotations.models import Annotation, Vote
from campaigns.models import Campaign
from layers.models import Layer

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent


def prepare(residents, contributions):
    campaign, _ = Campaign.objects.update_or_create(
        slug="bench-load",
        defaults={
            "title": "Bench load",
            "perimeter": MultiPolygon(Point(2.2, 48.89, srid=4326).buffer(0.03)),
            "start_date": date.today() - timedelta(days=1),
            "end_date": date.today() + timedelta(days=365),
            "phase": Campaign.Phase.OPEN,
            "is_published": True,
        },
    )
    layer, _ = Layer.objects.get_or_create(
        campaign=campaign, name="Bench load", defaults={"kind": Layer.Kind.CONTRIBUTION}
    )
    missing = contributions - layer.annotations.count()
    Annotation.objects.bulk_create(
        Annotation(
            layer=layer,
            geometry=Point(2.18 + (i % 40) / 1000, 48.88 + (i // 40) / 1000, srid=4326),
            category="proposal",
            title=f"Load {i}",
            body="Load test",
            status=Annotation.Status.PUBLISHED,
        )
        for i in range(max(missing, 0))
    )
    tokens = []
    for i in range(residents):
        user, _ = User.objects.get_or_create(username=f"bench-resident-{i}")
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return {
        "campaign": campaign.slug,
        "layer": layer.pk,
        "contributions": list(layer.annotations.values_list("pk", flat=True)),
        "tokens": tokens,
    }


def serve(port):
    env = {**os.environ, "WEB_BIND": f"127.0.0.1:{port}", "WEB_ACCESS_LOG": "/dev/null",
           "LOG_LEVEL": "WARNING"}  # fmt: skip
    stack = subprocess.Popen(
        [str(ROOT / "scripts/serve.sh")], cwd=ROOT, env=env, start_new_session=True
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1)
            return stack
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the stack did not start")


def locust(port, users, duration, fixture, folder):
    prefix = Path(folder) / f"users{users}"
    subprocess.run(
        [str(ROOT / ".venv/bin/locust"), "-f", str(HERE / "locustfile.py"), "--headless",
         "-u", str(users), "-r", str(max(users // 10, 5)), "-t", duration,
         "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING"],
        env={**os.environ, "LOAD_FIXTURE": fixture}, check=False,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_failures.csv") as failures:
        for failure in csv.DictReader(failures):
            print(f"failure: {failure['Method']} {failure['Name']}: {failure['Error']} "
                  f"(x{failure['Occurrences']})")  # fmt: skip
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def print_table(users, rows):
    print(f"\n### {users} users (residents + 1 planner)\n")
    print("| route | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )


def settle(fixture, quiet=3, timeout=60):
    """Wait until no vote has changed for `quiet` seconds: requests Locust left in flight
    when it stopped are still answered by the server."""
    votes = Vote.objects.filter(annotation__in=fixture["contributions"])
    deadline, last, since = time.monotonic() + timeout, None, time.monotonic()
    while time.monotonic() < deadline:
        state = list(votes.order_by("pk").values_list("pk", "value"))
        if state != last:
            last, since = state, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.5)


def check_votes(port, fixture):
    """Every contribution's counts, as the API shows them, against the votes table."""
    settle(fixture)
    table = {
        row["annotation"]: (row["up"], row["down"])
        for row in Vote.objects.filter(annotation__in=fixture["contributions"])
        .values("annotation")
        .annotate(up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1)))
    }
    mismatches = 0
    for pk in fixture["contributions"]:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/annotations/{pk}/") as answer:
            shown = json.load(answer)["properties"]
        if (shown["votes_for"], shown["votes_against"]) != table.get(pk, (0, 0)):
            mismatches += 1
    votes = sum(up + down for up, down in table.values())
    print(f"\nvote counts: {len(fixture['contributions'])} contributions, {votes} votes in the "
          f"table, {mismatches} contribution(s) whose counts differ")  # fmt: skip
    return mismatches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--port", type=int, default=8148)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--contributions", type=int, default=400)
    args = parser.parse_args()

    fixture = prepare(args.residents, args.contributions)
    with tempfile.TemporaryDirectory() as folder:
        fixture_file = Path(folder) / "fixture.json"
        fixture_file.write_text(json.dumps(fixture))
        stack = serve(args.port)
        try:
            for users in args.users:
                print_table(
                    users, locust(args.port, users, args.duration, str(fixture_file), folder)
                )
            mismatches = check_votes(args.port, fixture)
        finally:
            os.killpg(stack.pid, signal.SIGTERM)
            stack.wait()
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()

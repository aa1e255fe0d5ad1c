"""Pages while four GIS exports are built: their latency against the same pages idle.

Runs against a server started by `make run` (or `scripts/serve.sh`: gunicorn and the job
queue's worker) at --base. First it times --rounds rounds of the pages alone (the
baseline); then it asks for four GIS exports of --campaign at once (GeoPackage in WGS84 and
Lambert-93, Shapefile, KML: each a job for the worker), times the same pages while those jobs
run, and prints p50/p95/max per phase, the ratio, and how long the exports took.

    .venv/bin/python bench/generate.py --count 100000 --reset   # then publish `bench`
    .venv/bin/python bench/pages_during_exports.py --base http://127.0.0.1:8000 --campaign bench
"""

import argparse
import json
import time
import urllib.parse
import urllib.request

import _setup  # noqa: F401
from _common import p50_p95, timed

from layers.models import Layer

EXPORTS = [("gpkg", 4326), ("gpkg", 2154), ("shp", 4326), ("kml", 4326)]
PAGES = ["/", "/campaigns/quartier-du-parc/", "/api/campaigns/", "/agenda/"]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def timed_rounds(base, rounds, keep_going=lambda: True):
    times = []
    for _ in range(rounds):
        if not keep_going():
            break
        times += [timed(lambda url=base + page: fetch(url))[0] for page in PAGES]
    return times


def ask_exports(base, campaign):
    """Ask for each export as an API client does: 202 and the job's address."""
    jobs = []
    for file_format, srid in EXPORTS:
        query = urllib.parse.urlencode({"campaign": campaign, "format": file_format, "srid": srid})
        request = urllib.request.Request(
            f"{base}/exports/contributions?{query}", headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            jobs.append(response.headers["Location"])
    return jobs


def unfinished(base, jobs):
    states = [json.loads(fetch(base + job)[1])["status"] for job in jobs]
    return [state for state in states if state not in ("done", "failed")]


def summary(times):
    return (*p50_p95(times), max(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--campaign", default="bench")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    idle = timed_rounds(args.base, args.rounds)
    # A new content version, so the exports are built rather than reused from an earlier run.
    for layer in Layer.objects.filter(campaign__slug=args.campaign):
        Layer.content_changed(layer.pk)
    started = time.perf_counter()
    jobs = ask_exports(args.base, args.campaign)
    busy = []
    while unfinished(args.base, jobs):
        busy += timed_rounds(args.base, 1)
    built = time.perf_counter() - started
    states = [json.loads(fetch(args.base + job)[1])["status"] for job in jobs]

    print(f"pages: {', '.join(PAGES)}")
    print(f"{'phase':<28}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, times in (("idle", idle), ("while 4 exports build", busy)):
        p50, p95, worst = (1000 * value for value in summary(times))
        print(f"{name:<28}{len(times):>9}{p50:>9.0f}{p95:>9.0f}{worst:>9.0f}")
    if busy:
        ratio = summary(busy)[1] / summary(idle)[1]
        print(f"p95 while exporting / idle: {ratio:.2f}x")
    print(f"the four exports: {', '.join(states)} in {built:.1f} s")


if __name__ == "__main__":
    main()

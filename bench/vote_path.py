"""Votes per second against a plain `GET /api/campaigns/`, on the same server in the same run.

Starts gunicorn (the production settings: geoconsult/gunicorn.conf.py) on the database in
DATABASE_URL, gives --voters residents an API token each on an open contribution layer of
the `bench-votes` campaign, then runs wrk (Debian's package), alternating --rounds runs of
--seconds, against:

  (a) GET /api/campaigns/                        the baseline: one read, anonymous
  (b) PUT /api/annotations/<id>/vote/ {"value"}  a token, a random contribution, for or against

and prints the median run's requests per second and latency, and the ratio (b)/(a).
`--profile` instead profiles 200 votes in this process with pyinstrument.

    .venv/bin/python bench/vote_path.py [--connections 6] [--seconds 5] [--rounds 3] [--port 8142]
"""

import argparse
import json
import shutil
import sys
from datetime import date, timedelta

import _setup  # noqa: F401
from _common import gunicorn, wrk
from django.contrib.gis.geos import MultiPolygon, Point
from rest_framework.authtoken.models import Token

from accounts.models import User
from annotations.models import Annotation
from campaigns.models import Campaign
from layers.models import Layer

WRK_SCRIPT = """
local tokens = {%(tokens)s}
local ids = {%(ids)s}
math.randomseed(os.time())
request = function()
  local token = tokens[math.random(#tokens)]
  local id = ids[math.random(#ids)]
  local value = (math.random(2) == 1) and "1" or "-1"
  return wrk.format("PUT", "/api/annotations/" .. id .. "/vote/",
    {["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json",
     ["Host"] = "127.0.0.1"}, '{"value": ' .. value .. '}')
end
"""


def bench_data(voters, contributions):
    campaign, _ = Campaign.objects.get_or_create(
        slug="bench-votes",
        defaults={
            "title": "Bench votes",
            "perimeter": MultiPolygon(Point(2.2, 48.89, srid=4326).buffer(0.05)),
            "start_date": date.today() - timedelta(days=1),
            "end_date": date.today() + timedelta(days=365),
        },
    )
    campaign.phase, campaign.is_published = Campaign.Phase.OPEN, True
    campaign.save()
    layer, _ = Layer.objects.get_or_create(
        campaign=campaign, name="Bench votes", defaults={"kind": Layer.Kind.CONTRIBUTION}
    )
    while layer.annotations.count() < contributions:
        Annotation.objects.create(
            layer=layer, geometry=Point(2.2, 48.89, srid=4326), category="proposal",
            title="Bench", body="Bench", status=Annotation.Status.PUBLISHED,
        )  # fmt: skip
    tokens = []
    for i in range(voters):
        user, _ = User.objects.get_or_create(username=f"bench-voter-{i}")
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    ids = list(layer.annotations.values_list("pk", flat=True)[:contributions])
    return tokens, ids


def profile(tokens, ids):
    from pyinstrument import Profiler
    from rest_framework.test import APIClient

    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[0]}")
    url = f"/api/annotations/{ids[0]}/vote/"
    for _ in range(20):
        client.put(url, {"value": 1}, format="json")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(200):
            client.put(url, {"value": 1}, format="json")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8142)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--contributions", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk") and not args.profile:
        sys.exit("wrk is missing: apt-get install wrk")

    tokens, ids = bench_data(args.voters, args.contributions)
    if args.profile:
        profile(tokens, ids)
        return
    script = WRK_SCRIPT % {
        "tokens": ",".join(json.dumps(t) for t in tokens),
        "ids": ",".join(map(str, ids)),
    }
    with gunicorn(args.port, workers=args.workers, threads=args.threads):
        base = f"http://127.0.0.1:{args.port}"
        wrk(f"{base}/api/campaigns/", args.connections, 2)  # warm every worker up
        # Alternated rounds, the median of each: the shared machine's load drifts.
        runs = {"GET /api/campaigns/": [], "PUT /api/annotations/<id>/vote/": []}
        for _ in range(args.rounds):
            runs["GET /api/campaigns/"].append(
                wrk(f"{base}/api/campaigns/", args.connections, args.seconds)
            )
            runs["PUT /api/annotations/<id>/vote/"].append(
                wrk(base, args.connections, args.seconds, script=script)
            )
        results = {route: sorted(rounds)[len(rounds) // 2] for route, rounds in runs.items()}
    print(f"\n{args.connections} connections, median of {args.rounds} alternated runs of "
          f"{args.seconds} s, gunicorn "
          f"{args.workers} workers x {args.threads} threads\n")  # fmt: skip
    print("| route | requests/s | p50 | p99 | errors |\n| --- | --- | --- | --- | --- |")
    for route, run in results.items():
        print(f"| {route} | {run.rate:.0f} | {run.p50:.2f}ms | {run.p99:.2f}ms | {run.errors} |")
    (base_rate, *_), (vote_rate, *_) = results.values()
    print(f"\nvotes / plain GET = {vote_rate / base_rate:.2f}")


if __name__ == "__main__":
    main()

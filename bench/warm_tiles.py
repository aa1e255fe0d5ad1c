"""Warm vector tiles (served from the cache) under 1, 2 and 4 connections, this code against
another checkout of it (the baseline) in the same run.

    git worktree add /tmp/gc-before <commit>        # the code to compare with
    .venv/bin/python bench/warm_tiles.py --baseline /tmp/gc-before --seconds 10 --rounds 3

Serves each tree with gunicorn as `tiles.py` does (2 sync workers) on the database and cache
of the environment, publishes the campaign `bench` for the run, fetches the middle tile of
zoom 13 once (so it is cached) then runs `wrk` on it, the two servers in turn, each
connection count and audience (the public, and staff with a session) `--rounds` times:
tiles per second and latency p50 and p95, the median of the rounds, with each one's ratio
to the baseline.
"""

import argparse
import statistics
from pathlib import Path

import _setup  # noqa: F401
from _common import gunicorn, tile_of, wait_for, wrk
from django.conf import settings
from django.test import Client

from accounts.models import User
from campaigns.models import Campaign
from layers.models import Layer

CONNECTIONS = (1, 2, 4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout to compare with")
    parser.add_argument("--seconds", type=int, default=10, help="of wrk per measure")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8131, help="this code's; the baseline's next")
    parser.add_argument("--zoom", type=int, default=13)
    args = parser.parse_args()

    layer = Layer.objects.get(campaign__slug="bench", kind=Layer.Kind.CONTRIBUTION)
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    client = Client()
    client.force_login(staff)
    audiences = {
        "public": {},
        "staff": {"Cookie": client.cookies[settings.SESSION_COOKIE_NAME].OutputString(attrs=[])},
    }
    was_published = layer.campaign.is_published
    Campaign.objects.filter(pk=layer.campaign_id).update(is_published=True)
    centre = layer.campaign.perimeter.centroid
    x, y = tile_of(centre.x, centre.y, args.zoom)
    path = f"/tiles/layers/{layer.pk}/{args.zoom}/{x}/{y}.mvt"
    servers = {"baseline": args.port + 1, "this code": args.port}
    try:
        with gunicorn(servers["baseline"], tree=args.baseline), gunicorn(args.port):
            results = measure(servers, audiences, path, args)
    finally:
        Campaign.objects.filter(pk=layer.campaign_id).update(is_published=was_published)
    print(f"zoom {args.zoom} tile {x}/{y}; median of {args.rounds} rounds of {args.seconds} s")
    print(f"{'conn':>4} {'audience':<8} {'server':<10}{'tiles/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for connections in CONNECTIONS:
        for audience in audiences:
            medians = {
                name: [
                    statistics.median(
                        getattr(run, figure) for run in results[connections, audience, name]
                    )
                    for figure in ("rate", "p50", "p95")
                ]
                for name in servers
            }
            for name, (rate, p50, p95) in medians.items():
                row = f"{connections:>4} {audience:<8} {name:<10}"
                print(f"{row}{rate:>9.0f}{p50:>9.1f}{p95:>9.1f}")
            ours, base = medians["this code"], medians["baseline"]
            print(
                f"{'':>4} {'':<8} {'ratio':<10}{ours[0] / base[0]:>8.2f}x"
                f"{ours[1] / base[1]:>8.2f}x{ours[2] / base[2]:>8.2f}x"
            )


def measure(servers, audiences, path, args):
    """wrk's figures for each connection count, audience and server, `--rounds` times."""
    for port in servers.values():
        for headers in audiences.values():
            wait_for(f"http://127.0.0.1:{port}{path}", headers)
    results = {}
    for _ in range(args.rounds):
        for connections in CONNECTIONS:
            for audience, headers in audiences.items():
                for name, port in servers.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    figures = wrk(url, connections, args.seconds, headers)
                    results.setdefault((connections, audience, name), []).append(figures)
    return results


if __name__ == "__main__":
    main()

"""Vector tiles: geoconsult's /tiles/ against tipg on the same rows and the same tiles.

    .venv/bin/python bench/generate.py --count 2000000 --campaigns 3 --reset
    .venv/bin/python bench/tiles.py --duration 10

Serves geoconsult with gunicorn (2 workers, port `--port`, 8131) and tipg with uvicorn
(2 workers, the next port); tipg is installed from PyPI into bench/.tipg-venv, never
into the project. tipg reads a view of the benchmark layer's visible
contributions with the properties our tiles carry, so both draw the same rows.
geoconsult is asked twice: as the public (no session: the campaign `bench`, a draft,
is published for the run and put back after) and as staff (a session, whose user is
read on each request). The cache is Django's database cache, or Redis when REDIS_URL
is set (run the script once each way). For zooms 10, 13 and 16, the 3x3 tiles around
the middle of the campaign (the densest area: points are uniform in it):

- cold: each tile once, in turn, geoconsult's cache emptied first (tipg keeps
  none), `--rounds` times: latency p50 and p95;
- warm: `wrk` on the middle tile for `--duration` seconds: tiles per second and
  latency p50 and p95.

geoconsult gathers points into clusters below zoom 18 and tipg does not (it
stops at its 10,000 features per tile): the tiles differ in what they hold,
and the table gives each one's size.
"""

import argparse
import os
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

import _setup  # noqa: F401
from _common import gunicorn, p50_p95, serve, tile_of, timed, wrk
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from accounts.models import User
from campaigns.models import Campaign
from layers.models import Layer

BENCH = Path(__file__).resolve().parent
TIPG_VENV = BENCH / ".tipg-venv"
ZOOMS = (10, 13, 16)
VIEW = """
CREATE SCHEMA IF NOT EXISTS bench_tipg;
CREATE OR REPLACE VIEW bench_tipg.contributions AS
SELECT id, title, category, status, votes_for, votes_against, comment_count, group_name,
       participant_count, geometry
FROM annotations_annotation
WHERE layer_id = %s AND NOT is_hidden AND status NOT IN ('submitted', 'withdrawn');
"""


def ratio(ours, theirs):
    # wrk gives no percentile when a server answered too few requests in the time given.
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def install_tipg():
    python = TIPG_VENV / "bin" / "python"
    if not python.exists():
        uv = Path(sys.executable).parent / "uv"
        subprocess.run([uv, "venv", "-q", "--python", "3.11", TIPG_VENV], check=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", python, "tipg>=1.0,<2", "uvicorn>=0.30"],
            check=True,
        )
    return python


def fetch(url, headers):
    """Milliseconds to fetch `url`, and the body's length."""

    def read():
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=120) as r:
            return len(r.read())

    seconds, size = timed(read)
    return seconds * 1000, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per tile")
    parser.add_argument("--rounds", type=int, default=3, help="cold passes over the tiles")
    parser.add_argument("--port", type=int, default=8131, help="geoconsult's; tipg's is next")
    args = parser.parse_args()
    ours_port, tipg_port = args.port, args.port + 1

    layer = Layer.objects.get(campaign__slug="bench", kind=Layer.Kind.CONTRIBUTION)
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    client = Client()
    client.force_login(staff)
    staff_headers = {"Cookie": client.cookies[settings.SESSION_COOKIE_NAME].OutputString(attrs=[])}
    was_published = layer.campaign.is_published
    Campaign.objects.filter(pk=layer.campaign_id).update(is_published=True)
    with connection.cursor() as cursor:
        cursor.execute(VIEW, [layer.pk])
    database = settings.DATABASES["default"]
    dsn = f"postgresql://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"

    tipg_python = install_tipg()
    tipg_server = serve(
        [
            tipg_python,
            "-m",
            "uvicorn",
            "tipg.main:app",
            "--port",
            str(tipg_port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        f"http://127.0.0.1:{tipg_port}/collections",
        env={
            **os.environ,
            "DATABASE_URL": dsn,
            "TIPG_DB_SCHEMAS": '["bench_tipg"]',
            "TIPG_DB_EXCLUDE_FUNCTION_SCHEMAS": '["public"]',
        },
    )
    try:
        with gunicorn(ours_port), tipg_server:
            measure(layer, staff_headers, ours_port, tipg_port, args)
    finally:
        Campaign.objects.filter(pk=layer.campaign_id).update(is_published=was_published)


def measure(layer, staff_headers, ours_port, tipg_port, args):
    centre = layer.campaign.perimeter.centroid
    ours = f"http://127.0.0.1:{ours_port}/tiles/layers/{layer.pk}/{{z}}/{{x}}/{{y}}.mvt"
    tipg = f"http://127.0.0.1:{tipg_port}/collections/bench_tipg.contributions/tiles/WebMercatorQuad/{{z}}/{{x}}/{{y}}"
    count = layer.annotations.count()
    print(f"{count:,} contributions on the layer; tiles around {centre.y:.4f}, {centre.x:.4f}")
    cache_name = "Redis" if settings.REDIS_URL else "the database"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"geoconsult's cache: {cache_name}; load average: {load}")
    header = (
        f"{'server':<11}{'zoom':>5}{'KB/tile':>9}{'cold p50':>10}{'cold p95':>10}"
        f"{'warm tiles/s':>14}{'warm p50':>10}{'warm p95':>10}"
    )
    print(header)
    for z in ZOOMS:
        cx, cy = tile_of(centre.x, centre.y, z)
        tiles = [(z, cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        results = {}
        for name, template, headers in (
            ("geoconsult", ours, {}),
            ("  as staff", ours, staff_headers),
            ("tipg", tipg, {}),
        ):
            cold, sizes = [], []
            for _ in range(args.rounds):
                cache.clear()
                for tz, tx, ty in tiles:
                    url = template.format(z=tz, x=tx, y=ty)
                    elapsed, size = fetch(url, headers)
                    cold.append(elapsed)
                    sizes.append(size)
            warm = wrk(template.format(z=z, x=cx, y=cy), 4, args.duration, headers)
            cold_p50, cold_p95 = p50_p95(cold)
            results[name] = (cold_p50, cold_p95, warm.rate, warm.p95)
            print(
                f"{name:<11}{z:>5}{statistics.mean(sizes) / 1024:>9.1f}"
                f"{cold_p50:>8.1f}ms{cold_p95:>8.1f}ms"
                f"{warm.rate:>14.0f}{warm.p50:>8.1f}ms{warm.p95:>8.1f}ms"
            )
        ours_r, tipg_r = results["geoconsult"], results["tipg"]
        print(
            f"{'ratio':<11}{z:>5}{'':>9}{ratio(ours_r[0], tipg_r[0]):>10}"
            f"{ratio(ours_r[1], tipg_r[1]):>10}{ratio(ours_r[2], tipg_r[2]):>14}{'':>10}"
            f"{ratio(ours_r[3], tipg_r[3]):>10}   (geoconsult / tipg)"
        )


if __name__ == "__main__":
    main()

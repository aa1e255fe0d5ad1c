"""What a request pays when it opens the database connection: the same tile drawn (the tile
cache emptied each time) on a new connection and on a kept one, in turns.

    .venv/bin/python bench/new_connection.py --zoom 16 --repeat 5

The middle tile of `bench` at `--zoom`, through Django's test client as the public (the
campaign is published for the run and put back after); per turn, the time to connect, the
first PostGIS call of the new server process, and the whole tile each way; medians.
"""

import argparse
import statistics
import time

import _setup  # noqa: F401
from _common import tile_of
from django.core.cache import cache
from django.db import connection
from django.test import Client

from campaigns.models import Campaign
from layers.models import Layer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zoom", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    layer = Layer.objects.get(campaign__slug="bench", kind=Layer.Kind.CONTRIBUTION)
    was_published = layer.campaign.is_published
    Campaign.objects.filter(pk=layer.campaign_id).update(is_published=True)
    centre = layer.campaign.perimeter.centroid
    x, y = tile_of(centre.x, centre.y, args.zoom)
    url = f"/tiles/layers/{layer.pk}/{args.zoom}/{x}/{y}.mvt"
    client = Client(HTTP_HOST="127.0.0.1")
    timings = {
        "connect": [],
        "first PostGIS call": [],
        "tile, new connection": [],
        "tile, kept": [],
    }
    try:
        client.get(url)
        for _ in range(args.repeat):
            cache.clear()
            connection.close()
            started = time.perf_counter()
            connection.ensure_connection()
            connected = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SELECT ST_AsText(ST_MakePoint(1, 2))")
            loaded = time.perf_counter()
            timings["connect"].append(connected - started)
            timings["first PostGIS call"].append(loaded - connected)
            for name, fresh in (("tile, new connection", True), ("tile, kept", False)):
                cache.clear()
                if fresh:
                    connection.close()
                started = time.perf_counter()
                assert client.get(url).status_code == 200
                timings[name].append(time.perf_counter() - started)
    finally:
        Campaign.objects.filter(pk=layer.campaign_id).update(is_published=was_published)
    print(f"zoom {args.zoom} tile {x}/{y}, median of {args.repeat} turns")
    for name, values in timings.items():
        print(f"{name:<24}{statistics.median(values) * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()

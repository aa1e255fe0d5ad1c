"""The campaign page, the list beside the map and the statistics at scale, before and after.

    .venv/bin/python bench/generate.py --count 2000000 --campaigns 3 --reset
    .venv/bin/python bench/generate.py --count 10000 --slug bench-10k --reset
    .venv/bin/python bench/generate.py --count 100000 --slug bench-100k --reset
    .venv/bin/python bench/scale.py --repeat 3

Through Django's test client as staff (the benchmark campaigns are drafts), best of
`--repeat`:

- the campaign page of each `bench*` campaign: its HTML's size and server time, and,
  as the baseline, the GeoJSON the page embedded before it drew tiles
  (`annotations.properties.map_geojson()`, still used to measure it);
- on the campaign `bench`, the list beside the map (`/api/annotations/` over the
  whole perimeter, 20 a page) for each ordering: the first page, a page 800,000
  rows deep by cursor, and, as the baseline, page 40,000 by offset (`?page=`); then
  the first page with a category, a status none has, and a status with a category;
- the campaign's statistics (`/api/campaigns/<slug>/statistics/`);
- the home page (`/`) anonymously, with 200 more published campaigns
  (`homebench-*`, deleted afterwards), one with a perimeter of 50,000 vertices: its
  HTML's size and server time, and, as the baseline, the GeoJSON it embedded before
  (every published campaign's perimeter as drawn).

`--only pages|list|home` measures one part alone.
"""

import argparse
import math
import random

import _setup  # noqa: F401
from _common import best
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection, transaction
from django.test import Client

from accounts.models import User
from annotations.filters import ORDERINGS
from annotations.models import Annotation
from annotations.properties import map_geojson
from campaigns.models import Campaign
from core.pagination import KeysetPaginationMixin
from gis.geojson import feature_collection_text

HOME_CAMPAIGNS = 200
HOME_FINEST_VERTICES = 50_000
DEPTH = 800_000
# Past this size the old page's GeoJSON is not built (it took 246 MB at 1,000,000).
BEFORE_UP_TO = 200_000
PAGE_SIZE = 20


def cursor_at(campaign, ordering, depth):
    """The cursor the list gives after `depth` rows (found once, not timed)."""
    fields = [name.lstrip("-") for name in ORDERINGS[ordering]]
    row = (
        Annotation.objects.filter(layer__campaign=campaign)
        .order_by(*ORDERINGS[ordering])
        .only(*[f for f in fields if f != "pk"])[depth - 1 : depth]
        .get()
    )
    return KeysetPaginationMixin._encode(row, fields)


def traced_perimeter(number, vertices):
    """A ring around Nanterre with `vertices` points a few metres off a circle, as a
    perimeter traced from a cadastre is: every vertex carries a little information."""
    rng = random.Random(number)
    centre_x, centre_y = 2.20 + (number % 20) * 0.002, 48.89 + (number // 20) * 0.002
    ring = []
    for step in range(vertices):
        angle = 2 * math.pi * step / vertices
        radius = 0.02 + rng.uniform(-0.0001, 0.0001) + 0.002 * math.sin(7 * angle)
        ring.append((centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)))
    return MultiPolygon(Polygon([*ring, ring[0]]), srid=4326)


def home_page(repeat):
    """The home page with 200 more published campaigns, one of them finely drawn."""
    anonymous = Client(HTTP_HOST="localhost")
    with transaction.atomic():
        Campaign.objects.bulk_create(
            Campaign(
                title=f"Home benchmark {number}",
                slug=f"homebench-{number:03}",
                summary="Generated for the benchmark.",
                perimeter=traced_perimeter(number, HOME_FINEST_VERTICES if number == 0 else 200),
                start_date="2026-01-01",
                end_date="2026-12-31",
                phase=Campaign.Phase.OPEN,
                is_published=True,
            )
            for number in range(HOME_CAMPAIGNS)
        )
    try:
        seconds, response = best(repeat, lambda: anonymous.get("/"))
        assert response.status_code == 200
        published = Campaign.objects.published()
        before_seconds, before = best(
            repeat,
            lambda: feature_collection_text(
                published, geometry="perimeter", title="title", slug="slug", phase="phase"
            ),
        )
        print(
            f"\nthe home page, {published.count()} published campaigns, one of "
            f"{HOME_FINEST_VERTICES:,} vertices"
        )
        print(f"{'':<34}{'KB':>9}{'server s':>10}")
        print(
            f"{'page (20 campaigns, outlines)':<34}{len(response.content) / 1024:>9.1f}"
            f"{seconds:>10.3f}"
        )
        print(
            f"{'before: every perimeter as drawn':<34}{len(before) / 1024:>9.1f}"
            f"{before_seconds:>10.3f}   (the GeoJSON alone)"
        )
    finally:
        Campaign.objects.filter(slug__startswith="homebench-").delete()


def list_pages(client, repeat):
    """The list beside the map of `bench`, each ordering, by cursor and by offset; then the
    first page with a category, a status no contribution has, and both."""
    campaign = Campaign.objects.get(slug="bench")
    west, south, east, north = campaign.perimeter.extent
    bbox = f"{west},{south},{east},{north}"
    base = f"/api/annotations/?campaign=bench&bbox={bbox}&page_size={PAGE_SIZE}"
    print(f"\nthe list beside the map, {base}")
    print(
        f"{'ordering':<16}{'first page s':>13}{'cursor, 800,000 deep s':>24}"
        f"{'before: ?page=40000 s':>23}{'ratio':>8}"
    )
    for ordering in ORDERINGS:
        url = f"{base}&ordering={ordering}"
        first, response = best(repeat, lambda url=url: client.get(url))
        assert response.status_code == 200, response.content
        deep_url = f"{url}&cursor={cursor_at(campaign, ordering, DEPTH)}"
        deep, response = best(repeat, lambda url=deep_url: client.get(url))
        assert response.status_code == 200 and len(response.json()["features"]) == PAGE_SIZE
        deep_page = f"{url}&page={DEPTH // PAGE_SIZE}"
        offset, response = best(1, lambda url=deep_page: client.get(url))
        assert response.status_code == 200
        print(f"{ordering:<16}{first:>13.3f}{deep:>24.3f}{offset:>23.3f}{offset / deep:>7.1f}x")

    print(
        f"{'first page with':<40}{'newest s':>10}{'most_supported s':>18}{'most_discussed s':>18}"
    )
    for chosen in ("category=issue", "status=accepted", "status=published&category=question"):
        seconds = [
            best(repeat, lambda url=f"{base}&{chosen}&ordering={o}": client.get(url))[0]
            for o in ORDERINGS
        ]
        print(f"{chosen:<40}{seconds[0]:>10.3f}{seconds[1]:>18.3f}{seconds[2]:>18.3f}")
    return campaign


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["pages", "list", "home"], help="one part alone")
    args = parser.parse_args()
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    if args.only == "home":
        home_page(args.repeat)
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotations_annotation")
    if args.only == "list":
        list_pages(client, args.repeat)
        return

    print("campaign page")
    print(
        f"{'campaign':<12}{'contributions':>14}{'HTML KB':>9}{'server s':>10}"
        "   before: the GeoJSON the page embedded"
    )
    for campaign in Campaign.objects.filter(slug__startswith="bench").order_by("slug"):
        count = Annotation.objects.filter(layer__campaign=campaign).count()
        url = campaign.get_absolute_url()
        seconds, response = best(args.repeat, lambda url=url: client.get(url))
        assert response.status_code == 200
        if count > BEFORE_UP_TO:
            before = "(not built)"
        else:
            layers = list(campaign.layers.all())
            seconds_before, geojson = best(
                1,
                lambda layers=layers: "".join(
                    map_geojson(lr.annotations.visible()) for lr in layers
                ),
            )
            before = f"{len(geojson) / 2**20:.1f} MB in {seconds_before:.2f} s"
        print(
            f"{campaign.slug:<12}{count:>14,}{len(response.content) / 1024:>9.1f}{seconds:>10.3f}"
            f"   {before}"
        )

    if args.only == "pages":
        return
    campaign = list_pages(client, args.repeat)
    statistics_url = f"/api/campaigns/{campaign.slug}/statistics/"
    seconds, response = best(args.repeat, lambda: client.get(statistics_url))
    assert response.status_code == 200
    print(f"\nstatistics of {campaign.slug}: {seconds:.3f} s")
    home_page(args.repeat)


if __name__ == "__main__":
    main()

"""A layer copied by GDAL through OGC API - Features, against ogr2ogr from PostgreSQL itself.

    .venv/bin/python bench/generate.py --count 1000000 --slug bench-1m --reset
    .venv/bin/python bench/ogc_copy.py --slug bench-1m --repeat 2

Serves geoconsult with gunicorn (2 workers, 4 threads each) on `--port`, publishes the
campaign for the run (OGC API serves published campaigns only; put back afterwards) and
copies its contribution layer into a GeoPackage, best of `--repeat`:

- `ogr2ogr -f GPKG out.gpkg OAPIF:http://…/ogc/ layer-N -oo PAGE_SIZE=…`: GDAL's client,
  following the `next` links (GDAL 3.6 asks for 10 features a page unless told);
- the baseline: `ogr2ogr -f GPKG out.gpkg PG:… -sql …` on the same rows and properties,
  read by GDAL straight from PostgreSQL.

Prints seconds, the features each GeoPackage holds, features per second and the ratio.
"""

import argparse
import os
import re
import subprocess
import tempfile
import time

import _setup  # noqa: F401
from _common import gunicorn
from django.conf import settings
from django.db import connection
from django.db.models import F

from annotations.models import Annotation
from annotations.properties import contribution_properties
from layers.models import Layer
from ogc.collections import collection_id


def copy(source_arguments, environment=None):
    """Run ogr2ogr into a fresh GeoPackage: (seconds, features in it)."""
    with tempfile.TemporaryDirectory() as directory:
        target = f"{directory}/out.gpkg"
        started = time.perf_counter()
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", target, *source_arguments],
            check=True,
            env={**os.environ, **(environment or {})},
        )
        seconds = time.perf_counter() - started
        listing = subprocess.run(
            ["ogrinfo", "-so", "-al", target], check=True, capture_output=True, text=True
        ).stdout
    return seconds, sum(int(n) for n in re.findall(r"Feature Count: (\d+)", listing))


def best(repeat, run):
    results = [run() for _ in range(repeat)]
    return min(results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="bench", help="the campaign whose layer is copied")
    parser.add_argument("--page-size", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8128)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    layer = Layer.objects.select_related("campaign").get(
        campaign__slug=args.slug, kind=Layer.Kind.CONTRIBUTION
    )
    rows = Annotation.objects.visible().filter(layer=layer).order_by("pk")
    properties = contribution_properties(layer.campaign.show_author_names)
    columns = rows.values(
        **{f"p_{name}": value for name, value in properties.items()}, g=F("geometry")
    )
    database = settings.DATABASES["default"]
    pg_source = (
        f"PG:host={database['HOST']} port={database['PORT'] or 5432} "
        f"dbname={database['NAME']} user={database['USER']}"
    )
    was_published = layer.campaign.is_published
    type(layer.campaign).objects.filter(pk=layer.campaign_id).update(is_published=True)
    try:
        # A page of 10,000 features is built while it is sent, past the web's default.
        with gunicorn(args.port, threads=4, environment={"DATABASE_STATEMENT_TIMEOUT": "0"}):
            base = f"http://127.0.0.1:{args.port}"
            print(
                f"{rows.count():,} contributions of {args.slug} (layer {layer.pk}), "
                f"pages of {args.page_size:,}; load average {os.getloadavg()[0]:.1f}"
            )
            oapif = best(
                args.repeat,
                lambda: copy(
                    [
                        f"OAPIF:{base}/ogc/",
                        collection_id(layer),
                        "-oo",
                        f"PAGE_SIZE={args.page_size}",
                    ]
                ),
            )
            sql = connection.ops.compose_sql(*columns.query.sql_with_params())
            pg = best(
                args.repeat,
                lambda: copy(
                    [pg_source, "-sql", sql, "-nln", "contributions"],
                    {"PGPASSWORD": database["PASSWORD"]},
                ),
            )
    finally:
        type(layer.campaign).objects.filter(pk=layer.campaign_id).update(is_published=was_published)
    print(f"{'into a GeoPackage':<34}{'seconds':>9}{'features':>12}{'features/s':>12}{'ratio':>8}")
    for name, (seconds, features) in (
        ("ogr2ogr from PG: (baseline)", pg),
        ("ogr2ogr via OAPIF", oapif),
    ):
        print(
            f"{name:<34}{seconds:>9.1f}{features:>12,}{features / seconds:>12,.0f}"
            f"{seconds / pg[0]:>7.2f}x"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

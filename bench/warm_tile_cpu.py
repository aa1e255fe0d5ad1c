"""CPU a warm tile request costs, Django's and its PostgreSQL server process's, in one
process without HTTP: for this code, or for another checkout given as `--tree`.

    .venv/bin/python bench/warm_tile_cpu.py --tree /tmp/gc-before --requests 3000
    .venv/bin/python bench/warm_tile_cpu.py --requests 3000

The middle tile of `bench` at zoom 13 as the public, through Django's WSGI handler with
every middleware (the campaign must be published: `warm_tiles.py` does it for its run;
here, publish it by hand); CPU milliseconds per request of this process and of its
database server process (/proc), and the latency p50/p95. CPU time moves less than
latency on a shared machine: run both trees in turns.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

from _common import p50_p95, tile_of

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
parser.add_argument("--requests", type=int, default=3000)
args = parser.parse_args()
os.chdir(args.tree)
os.environ["BENCH_TREE"] = str(args.tree)

import _setup  # noqa: E402, F401
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402

from layers.models import Layer  # noqa: E402


def main():
    layer = Layer.objects.get(campaign__slug="bench", kind=Layer.Kind.CONTRIBUTION)
    centre = layer.campaign.perimeter.centroid
    x, y = tile_of(centre.x, centre.y, 13)
    path = f"/tiles/layers/{layer.pk}/13/{x}/{y}.mvt"
    application = WSGIHandler()
    statuses = []

    def request():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        b"".join(
            application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        )

    for _ in range(200):
        request()
    assert statuses[-1].startswith("200"), statuses[-1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        server = f"/proc/{cursor.fetchone()[0]}/stat"

    def server_cpu():
        fields = Path(server).read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    latencies = []
    ours, theirs = time.process_time(), server_cpu()
    for _ in range(args.requests):
        started = time.perf_counter()
        request()
        latencies.append(time.perf_counter() - started)
    ours, theirs = time.process_time() - ours, server_cpu() - theirs
    count = args.requests
    p50, p95 = (seconds * 1000 for seconds in p50_p95(latencies))
    print(
        f"{args.tree}: Django {ours / count * 1000:.3f} ms CPU,"
        f" PostgreSQL {theirs / count * 1000:.3f} ms CPU a request;"
        f" p50 {p50:.2f} ms, p95 {p95:.2f} ms"
    )


main()

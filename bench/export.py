"""Time the GeoJSON export of contributions against COPY, ogr2ogr and DRF's serializer.

    .venv/bin/python bench/generate.py --count 1000000 --reset
    .venv/bin/python bench/export.py [--serializer-rows 100000] [--repeat 3]

Each approach runs in a process of its own, started from this one, which
never loads Django: a child's peak memory (max RSS) counts from a small
parent. The database runs the same SQL for (a), (b) and (c):

(a) the export view, /exports/contributions?layer=…&format=geojson, its
    streamed body consumed to the end;
(b) the floor: PostgreSQL's COPY of the same features' JSON, built by the
    same SQL, read through psycopg's copy;
(c) ogr2ogr -f GeoJSON from the same rows and columns through a PG:
    connection, written to a pipe this process counts;
(d) the same view's CSV, written by COPY, for comparison;
(e) a plain GeoFeatureModelSerializer over the first --serializer-rows rows,
    rendered to JSON; its rate is extrapolated to the whole layer.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

RUNS = Path(__file__).with_name("_export_runs.py")
FEATURE = b'"Feature"'


def measured(command, env=None):
    """Run `command`; return (features counted in its output, its stdout's last line, wall
    seconds, its peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    features, tail = 0, b""
    while block := process.stdout.read(1 << 20):
        # Count across block edges: keep the end of each block for the next.
        window = tail + block
        features += window.count(FEATURE)
        tail = window[-(len(FEATURE) - 1) :]
        features -= tail.count(FEATURE)
        last_line = window
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{command[:3]} failed")
    return features, last_line.strip().splitlines()[-1], seconds, usage.ru_maxrss / 1024


def run(name, rows=0):
    """(seconds, features, peak MB) of one run of `name`, and its whole report."""
    _, line, _, peak = measured([sys.executable, str(RUNS), name, str(rows)])
    report = json.loads(line)
    return (report["seconds"], report["features"], peak), report


def best(results):
    """The fastest time, the features, and the highest peak memory of several runs."""
    return min(r[0] for r in results), results[0][1], max(r[2] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serializer-rows", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of, for COPY and the view, in turns"
    )
    args = parser.parse_args()

    _, line, _, _ = measured([sys.executable, str(RUNS), "setup"])
    setup = json.loads(line)
    (_, _, baseline), _ = run("nothing")
    run("copy")  # warm PostgreSQL's cache so the first approach is not penalised
    # The floor and the view take turns, so a change in the machine's load hits both.
    floors, views, view_reports = [], [], []
    for _ in range(args.repeat):
        floors.append(run("copy")[0])
        result, report = run("view")
        views.append(result)
        view_reports.append(report)

    ogr2ogr = ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", setup["pg_source"], "-sql"]
    features, _, seconds, peak = measured(
        [*ogr2ogr, setup["ogr2ogr_sql"]], {**os.environ, "PGPASSWORD": setup["pg_password"]}
    )
    serializer, _ = run("serializer", args.serializer_rows)
    results = {
        "COPY of the features (floor)": best(floors),
        "export view, streamed GeoJSON": best(views),
        "export view, streamed CSV (COPY)": run("csv_view")[0],
        "ogr2ogr -f GeoJSON from PG:": (seconds, features, peak),
        f"GeoFeatureModelSerializer, {args.serializer_rows:,} rows": serializer,
    }
    floor_seconds, floor_features, _ = results["COPY of the features (floor)"]
    floor_rate = floor_features / floor_seconds
    print(f"{setup['count']:,} visible contributions; Python with Django set up: {baseline:.0f} MB")
    columns = ("features", 10), ("seconds", 9), ("features/s", 12), ("x floor", 9), ("peak MB", 9)
    print(f"{'approach':<42}" + "".join(f"{name:>{width}}" for name, width in columns))
    for name, (seconds, features, peak) in results.items():
        rate = features / seconds
        print(
            f"{name:<42}{features:>10,}{seconds:>9.2f}{rate:>12,.0f}{floor_rate / rate:>9.2f}"
            f"{peak:>9.0f}"
        )
    serializer_rate = serializer[1] / serializer[0]
    first = min(report["first_feature"] for report in view_reports)
    print(f"The view's first feature came after {first:.2f} s.")
    print(
        "x floor: the floor's rate over the approach's. The serializer's rate, extrapolated: "
        f"{setup['count']:,} rows in {setup['count'] / serializer_rate:.0f} s."
    )


if __name__ == "__main__":
    main()

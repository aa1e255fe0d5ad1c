"""Helpers the benchmark scripts share: tiles, timing, wrk, and the servers they start.

Kept apart from `_setup` (which sets Django up on import) and free of the project's modules,
so a script may import it before Django is set up.
"""

import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Appended to any script given to wrk: its own figures, exact, in milliseconds.
WRK_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %.1f %.3f %.3f %.3f %d\\n",
           summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
           latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
"""


def tile_of(lon, lat, z):
    """The x and y of the web-mercator tile at zoom `z` holding the point."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def timed(function):
    """Seconds one call of `function` took, and what it returned."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def best(repeat, function):
    """The shortest of `repeat` calls of `function`, in seconds, and what the last returned."""
    runs = [timed(function) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[-1][1]


def timings(function, repeat):
    """Seconds each of `repeat` calls of `function` took."""
    return [timed(function)[0] for _ in range(repeat)]


def p50_p95(values):
    """The median and the 95th percentile (the nearest rank below) of `values`."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


class Measure(NamedTuple):
    rate: float  # requests per second
    p50: float  # latency, ms
    p95: float
    p99: float
    errors: int  # answers neither 2xx nor 3xx


def wrk(url, connections, seconds, headers=None, script=""):
    """`wrk` on `url`, with `headers` on each request and `script` (Lua, e.g. a `request`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script + WRK_DONE)
        lua.flush()
        command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s"]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, "-s", lua.name, url], capture_output=True, text=True, check=True
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    rate, p50, p95, p99, errors = line.split()[1:]
    return Measure(float(rate), float(p50), float(p95), float(p99), int(errors))


def wait_for(url, headers=None, seconds=120):
    """Return once `url` answers, or raise after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} never answered")


@contextmanager
def serve(command, ready_url, *, cwd=ROOT, env=None, quiet=True):
    """A server started by `command` for the block, once `ready_url` answers; stopped after
    with its workers (a session of its own). `quiet` drops its stderr as well as stdout."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    try:
        wait_for(ready_url)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def gunicorn(port, *, tree=ROOT, workers=2, threads=None, environment=None):
    """geoconsult in `tree` under gunicorn on 127.0.0.1:`port` (a context manager).

    Without `threads`: `workers` sync workers, gunicorn's defaults otherwise, its log dropped.
    With: the production settings (geoconsult/gunicorn.conf.py, gthread workers), warnings
    shown. `environment` is added to the server's.
    """
    bind = f"127.0.0.1:{port}"
    env = {**os.environ, **(environment or {})}
    if threads is None:
        command = [GUNICORN, "geoconsult.wsgi:application", "--bind", bind]
        command += ["--workers", str(workers)]
    else:
        command = [GUNICORN, "-c", "geoconsult/gunicorn.conf.py"]
        env |= {
            "WEB_BIND": bind,
            "WEB_WORKERS": str(workers),
            "WEB_THREADS": str(threads),
            "WEB_ACCESS_LOG": "/dev/null",
            "LOG_LEVEL": "WARNING",
        }
    return serve(command, f"http://{bind}/healthz", cwd=tree, env=env, quiet=threads is None)

"""What a throttle costs a request, and what the database cache's atomic `incr` buys.

    .venv/bin/python bench/throttles.py [--repeat 300] [--threads 12]

Against Django's stock DatabaseCache on the same table, in the same run:
- `incr` time per call, ours (one locked read, one write) and the stock one (read, then
  `set`, which counts the table's rows first);
- concurrent increments from `--threads` threads, each with its own connection, 20 each:
  how many the stock `incr` loses and ours does not;
- one throttle check (`core.throttles.check`: an account's and an address's counters)
  against one `cache.get`, the least a shared counter costs.
"""

import argparse
import threading
import time

import _setup  # noqa: F401
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache as StockDatabaseCache
from django.db import connection
from django.test import RequestFactory

from core.throttles import check

PER_THREAD = 20


def per_call(function, repeat):
    function()
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat * 1000


def concurrent_total(backend, threads):
    backend.set("bench-concurrent", 0)
    start = threading.Barrier(threads)

    def work():
        try:
            start.wait()
            for _ in range(PER_THREAD):
                backend.incr("bench-concurrent")
        finally:
            connection.close()

    running = [threading.Thread(target=work) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    total = backend.get("bench-concurrent")
    backend.delete("bench-concurrent")
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--threads", type=int, default=12)
    args = parser.parse_args()
    stock = StockDatabaseCache("geoconsult_cache", {"KEY_PREFIX": "bench-stock"})
    ours = cache
    print(f"default cache: {settings.CACHES['default']['BACKEND']}")
    for backend in (stock, ours):
        backend.set("bench-incr", 0)
    stock_ms = per_call(lambda: stock.incr("bench-incr"), args.repeat)
    ours_ms = per_call(lambda: ours.incr("bench-incr"), args.repeat)
    print(f"incr: stock {stock_ms:.2f} ms, ours {ours_ms:.2f} ms ({ours_ms / stock_ms:.2f}x)")

    expected = args.threads * PER_THREAD
    for name, backend in (("stock", stock), ("ours", ours)):
        total = concurrent_total(backend, args.threads)
        print(f"{args.threads} threads x {PER_THREAD} incr, {name}: {total} of {expected} counted")

    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "comment": {"account": "1000000/h", "address": "1000000/h"},
    }
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    get_ms = per_call(lambda: cache.get("bench-incr"), args.repeat)
    check_ms = per_call(lambda: check(request, "comment", account="bench@example.org"), args.repeat)
    print(
        f"throttle check: {check_ms:.2f} ms, one cache.get {get_ms:.2f} ms "
        f"({check_ms / get_ms:.1f}x)"
    )
    for backend in (stock, ours):
        backend.delete("bench-incr")


if __name__ == "__main__":
    main()

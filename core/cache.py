"""The shared cache's backends.

Django's database cache, made safe for counters shared by several processes; and Redis,
which degrades to no cache at all while it cannot be reached. A cache is an accelerator:
when Redis stops, each call answers as a cache that holds nothing (sessions fall back to
their database copy, throttles let requests through), the outage is logged once, and its
end too; the next call after Redis returns uses it again.
"""

import base64
import functools
import logging
import pickle
import time

from django.core.cache.backends import db
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections, router, transaction
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError)
# What each call answers when the cache holds nothing.
EMPTY_ANSWERS = {
    "add": lambda *args: True,
    "get": lambda key, default: default,
    "set": lambda *args: None,
    "touch": lambda *args: False,
    "delete": lambda *args: False,
    "get_many": lambda *args: {},
    "has_key": lambda *args: False,
    "incr": lambda key, delta: delta,
    "set_many": lambda *args: [],
    "delete_many": lambda *args: None,
    "clear": lambda *args: False,
}


class _Outage:
    """Whether Redis was last found unreachable, so the log says it once, not per call."""

    since = None

    @classmethod
    def begin(cls, error):
        if cls.since is None:
            cls.since = time.monotonic()
            logger.error("Redis unreachable, serving without the cache: %s", error)

    @classmethod
    def end(cls):
        if cls.since is not None:
            logger.warning(
                "Redis reachable again after %.1f s, cache back", time.monotonic() - cls.since
            )
            cls.since = None


def _degrading(name, method):
    empty = EMPTY_ANSWERS[name]

    @functools.wraps(method)
    def call(self, *args):
        try:
            answer = method(self, *args)
        except OUTAGE as error:
            _Outage.begin(error)
            return empty(*args)
        _Outage.end()
        return answer

    return call


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis for each call, with its 160-odd reply handlers:
        # more CPU than a cached tile's whole cache read. One client per connection pool,
        # which threads may share (redis-py takes a connection from the pool per command).
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


for _name in EMPTY_ANSWERS:
    setattr(
        DegradingRedisCacheClient,
        _name,
        _degrading(_name, getattr(RedisCacheClient, _name)),
    )


class DegradingRedisCache(RedisCache):
    """Django's Redis cache that degrades to no cache while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient


class DatabaseCache(db.DatabaseCache):
    """`incr` in one locked read and one write: Django's own reads, then writes through
    `set`, so two workers counting at once would both write the same number and one request
    would go uncounted (the throttles count with `incr`)."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        database = router.db_for_write(self.cache_model_class)
        connection = connections[database]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value, expires FROM {table} WHERE cache_key = %s FOR UPDATE", [key]
            )
            row = cursor.fetchone()
            if row is None or row[1] < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [stored, key])
        return value

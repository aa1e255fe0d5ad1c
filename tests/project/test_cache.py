"""The shared cache on both backends, and the site going on while Redis is away."""

import logging
import os
import shutil
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from tests.support import factories

pytestmark = pytest.mark.django_db

# The machine's Redis (scripts/bootstrap.sh starts one when absent), in a database of its own.
SHARED_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
# A Redis of this test's own, to stop and start again.
OWN_REDIS_PORT = int(os.environ.get("TEST_OWN_REDIS_PORT", "8147"))


def redis_cache(location, prefix):
    return {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


BACKENDS = {
    "database": {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "geoconsult_cache",
            "KEY_PREFIX": "test",
        }
    },
    "redis": redis_cache(SHARED_REDIS_URL, f"test-{os.getpid()}"),
}


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    settings.CACHES = BACKENDS[request.param]
    yield request.param
    cache.clear()


def test_each_backend_keeps_and_counts(backend):
    cache.set("campaigns", ["parks"], 60)
    assert cache.get("campaigns") == ["parks"]
    assert cache.add("hits", 1)
    assert cache.incr("hits") == 2
    cache.delete("campaigns")
    assert cache.get("campaigns", "gone") == "gone"


def test_sessions_live_in_the_cache_and_survive_its_loss(backend, client):
    user = factories.UserFactory(password="a long enough password")
    assert client.login(username=user.username, password="a long enough password")
    session_key = client.cookies["sessionid"].value

    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    cache.clear()
    # The session's database copy keeps the person logged in.
    page = client.get(reverse("my-contributions"))
    assert page.status_code == 200
    assert page.context["user"] == user


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own; `.stop()` and `.start()` it."""

    class Server:
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(OWN_REDIS_PORT), "--bind",
                 "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            client = redis.Redis(port=OWN_REDIS_PORT)
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.05)
            raise AssertionError("Redis did not start")

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=10)

    server = Server()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_redis_stopped_the_site_keeps_serving_and_recovers(own_redis, settings, client, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{OWN_REDIS_PORT}/0", "outage")
    user = factories.UserFactory(password="a long enough password")
    assert client.login(username=user.username, password="a long enough password")
    campaign = factories.CampaignFactory(title="Parc des Anciennes Mairies")

    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        started = time.monotonic()
        page = client.get(campaign.get_absolute_url())
        mine = client.get(reverse("my-contributions"))
        slowest = time.monotonic() - started
    assert page.status_code == 200
    assert "Parc des Anciennes Mairies" in page.content.decode()
    assert mine.status_code == 200
    assert mine.context["user"] == user
    assert slowest < 5
    outage = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(outage) == 1
    assert outage[0].levelno == logging.ERROR

    own_redis.start()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert client.get(reverse("my-contributions")).status_code == 200
        cache.set("after", "back", 60)
    assert any("Redis reachable again" in r.getMessage() for r in caplog.records)
    assert redis.Redis(port=OWN_REDIS_PORT).keys("outage:*:after")

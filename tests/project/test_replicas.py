"""A real streaming replica (pg_basebackup): anonymous reads reach it, writes and the writer's
own reads the primary."""

import json
import os
import time

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.support import factories
from tests.support.api import feature
from tests.support.clusters import Cluster
from tests.support.queue import database_url, wait_for
from tests.support.servers import app_server

pytestmark = pytest.mark.django_db(transaction=True)

PRIMARY_PORT = int(os.environ.get("TEST_PRIMARY_PORT", "5441"))
REPLICA_PORT = int(os.environ.get("TEST_REPLICA_PORT", "5442"))
APP_PORT = int(os.environ.get("TEST_REPLICA_APP_PORT", "8144"))


@pytest.fixture
def primary_and_replica():
    """Call it to make a primary holding a copy of the test database as it is, and its
    streaming replica; both are removed after the test."""
    clusters = []

    def make():
        primary = Cluster.primary(PRIMARY_PORT)
        clusters.append(primary)
        connection.close()
        started = time.monotonic()
        primary.copy_database(database_url().replace("postgis://", "postgresql://"))
        print(f"\ncopied the test database in {time.monotonic() - started:.1f} s")
        clusters.append(primary.replica_of(REPLICA_PORT))
        return clusters

    yield make
    for cluster in reversed(clusters):
        cluster.remove()


def titles(response):
    assert response.status_code == 200, response.text
    return [f["properties"]["title"] for f in response.json()["features"]]


def test_anonymous_reads_reach_the_replica_and_a_writer_sees_their_write_at_once(
    primary_and_replica,
):
    layer = factories.ContributionLayerFactory()
    author = factories.UserFactory()
    token = Token.objects.create(user=author).key
    primary, replica = primary_and_replica()
    assert replica.execute("SELECT pg_is_in_recovery()") == [(True,)]

    with app_server(
        APP_PORT,
        DATABASE_URL=primary.url(),
        DATABASE_REPLICA_URLS=replica.url(),
    ) as app:
        listing = f"{app}/api/annotations/?layer={layer.pk}"
        anonymous = requests.Session()
        writer = requests.Session()
        writer.headers["Authorization"] = f"Token {token}"
        assert titles(anonymous.get(listing)) == []

        # The replica stops replaying the primary's changes: what it answers is now stale.
        replica.execute("SELECT pg_wal_replay_pause()")
        created = writer.post(
            f"{app}/api/annotations/",
            data=json.dumps(feature(layer, title="Bench by the pond")),
            headers={"Content-Type": "application/json"},
        )
        assert created.status_code == 201, created.text
        on_primary = primary.execute("SELECT title FROM annotations_annotation")
        on_replica = replica.execute("SELECT title FROM annotations_annotation")
        print(f"\nprimary rows: {on_primary}\nreplica rows (replay paused): {on_replica}")
        assert on_primary == [("Bench by the pond",)]
        assert on_replica == []

        writer_sees = titles(writer.get(listing))
        anonymous_sees = titles(anonymous.get(listing))
        print(f"the writer reads (primary): {writer_sees}")
        print(f"an anonymous visitor reads (replica): {anonymous_sees}")
        assert writer_sees == ["Bench by the pond"]
        assert anonymous_sees == []

        replica.execute("SELECT pg_wal_replay_resume()")
        caught_up = wait_for(lambda: titles(anonymous.get(listing)), timeout=30, what="replay")
        print(f"after replay resumed, the anonymous visitor reads: {caught_up}")
        assert caught_up == ["Bench by the pond"]

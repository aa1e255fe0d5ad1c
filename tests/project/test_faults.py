"""PostgreSQL restarted under load: 503 with a retry hint meanwhile, recovery by itself, no
acknowledged vote lost. On a cluster of the test's own (the shared one is never restarted)."""

import os
import threading
import time
from collections import Counter

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.support import factories
from tests.support.clusters import Cluster
from tests.support.queue import database_url
from tests.support.servers import app_server

pytestmark = pytest.mark.django_db(transaction=True)

CLUSTER_PORT = int(os.environ.get("TEST_RESTART_CLUSTER_PORT", "5443"))
APP_PORT = int(os.environ.get("TEST_RESTART_APP_PORT", "8146"))


@pytest.fixture
def own_cluster():
    clusters = []

    def make():
        cluster = Cluster.primary(CLUSTER_PORT)
        clusters.append(cluster)
        connection.close()
        cluster.copy_database(database_url().replace("postgis://", "postgresql://"))
        return cluster

    yield make
    for cluster in clusters:
        cluster.remove()


def test_postgresql_restarted_under_votes_answers_503_then_recovers_losing_no_vote(own_cluster):
    layer = factories.ContributionLayerFactory()
    contributions = [factories.AnnotationFactory(layer=layer) for _ in range(40)]
    tokens = [Token.objects.create(user=factories.UserFactory()).key for _ in range(4)]
    cluster = own_cluster()

    answers, acknowledged, stop = [], [], threading.Event()

    def vote(app, token, order):
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {token}", "Accept-Language": "en"})
        # Each request a vote of its own (one person, one contribution), so an acknowledged
        # one can be looked for afterwards.
        for contribution in contributions[order::1]:
            if stop.is_set():
                return
            try:
                response = session.put(
                    f"{app}/api/annotations/{contribution.pk}/vote/", json={"value": 1}, timeout=10
                )
            except requests.RequestException as error:
                answers.append((type(error).__name__, None, time.monotonic()))
                continue
            answers.append((response.status_code, response.headers.get("Retry-After"),
                            time.monotonic()))  # fmt: skip
            if response.status_code == 200:
                acknowledged.append((token, contribution.pk))
            time.sleep(0.05)

    with app_server(APP_PORT, DATABASE_URL=cluster.url()) as app:
        threads = [threading.Thread(target=vote, args=(app, t, 0)) for t in tokens]
        for thread in threads:
            thread.start()
        time.sleep(1)
        restart_began = time.monotonic()
        cluster.restart()
        restart_ended = time.monotonic()
        for thread in threads:
            thread.join(timeout=60)
        stop.set()
        after = requests.get(f"{app}/api/campaigns/", timeout=10)

    statuses = Counter(status for status, _, _ in answers)
    print(f"\nrestart took {restart_ended - restart_began:.1f} s; answers: {dict(statuses)}")
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[503] >= 1, "no request fell inside the restart"
    assert all(hint == "5" for status, hint, _ in answers if status == 503)
    last_503 = max(at for status, _, at in answers if status == 503)
    print(f"last 503 {last_503 - restart_ended:+.1f} s after the restart ended")
    assert last_503 - restart_ended < 5
    assert after.status_code == 200

    stored = set(
        cluster.execute(
            "SELECT t.key, v.annotation_id FROM annotations_vote v"
            " JOIN authtoken_token t ON t.user_id = v.user_id"
        )
    )
    lost = set(acknowledged) - stored
    print(f"acknowledged votes: {len(acknowledged)}, lost: {len(lost)}")
    assert not lost

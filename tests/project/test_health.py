import pytest
from django.core.cache import cache


@pytest.mark.django_db
def test_probes_answer_without_an_account(client):
    alive = client.get("/healthz")
    ready = client.get("/readyz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})
    assert "no-cache" in ready["Cache-Control"]


@pytest.mark.django_db
def test_probes_refuse_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_the_default_cache_is_shared_through_the_database():
    from django.db import connection

    cache.set("shared-counter", 3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM geoconsult_cache")
        assert cursor.fetchone()[0] >= 1
    assert cache.get("shared-counter") == 3

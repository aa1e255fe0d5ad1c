"""GIS exports as jobs, run by a real worker process (`manage.py procrastinate worker`)."""

import io
import os
import signal

import pytest
from django.contrib.gis.gdal import DataSource
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations.exports.tasks import build_export_file
from annotations.models import ExportFile
from layers.models import Layer
from tests.support import factories
from tests.support.concurrency import at_once
from tests.support.queue import forget_queue, wait_for, worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_english")]

JSON = {"accept": "application/json"}


@pytest.fixture(autouse=True)
def _clean_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    forget_queue()
    yield
    forget_queue()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def layer():
    layer = factories.ContributionLayerFactory(name="Ideas", campaign__slug="parks")
    for title in ("Benches", "Trees", "Fountain"):
        factories.AnnotationFactory(layer=layer, title=title)
    return layer


def ask(client, layer, export_format="gpkg", headers=JSON):
    return client.get(
        reverse("export-contributions"),
        {"layer": layer.pk, "format": export_format, "srid": 2154},
        headers=headers,
    )


def state(client, export_id):
    return client.get(reverse("export-detail", args=[export_id])).json()


def export_jobs():
    return ProcrastinateJob.objects.filter(task_name=build_export_file.name)


def download(client, url, tmp_path, name):
    response = client.get(url)
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return DataSource(str(path))[0]


def test_a_geopackage_is_built_by_the_worker_then_served_again_until_the_layer_changes(
    client, layer, tmp_path
):
    response = ask(client, layer)
    assert response.status_code == 202
    queued = response.json()
    assert queued["status"] == "queued"
    assert queued["download_url"] is None
    assert response["Location"] == reverse("export-detail", args=[queued["id"]])
    # Asked again before any worker ran: the same export, still one job.
    assert ask(client, layer).json()["id"] == queued["id"]
    assert export_jobs().count() == 1

    with worker():
        done = wait_for(
            lambda: (s := state(client, queued["id"]))["status"] == "done" and s, what="the file"
        )
    assert done["progress"] == 100
    assert done["attempts"] == 1
    assert done["error"] == ""
    features = download(client, done["download_url"], tmp_path, "ideas.gpkg")
    assert sorted(f.get("title") for f in features) == ["Benches", "Fountain", "Trees"]
    assert features.srs.srid == 2154

    # A second planner: straight to the finished file, no new job.
    second = ask(Client(), layer)
    assert second.status_code == 302
    assert second["Location"] == reverse("export-download", args=[queued["id"]])
    assert export_jobs().count() == 1

    # A write to the layer bumps its content version (as every write does): a new file.
    factories.AnnotationFactory(layer=layer, title="Bandstand")
    Layer.content_changed(layer.pk)
    renewed = ask(client, layer)
    assert renewed.status_code == 202
    assert renewed.json()["id"] != queued["id"]
    assert export_jobs().count() == 2


def test_the_jobs_page_shows_progress_then_the_download(client, layer):
    response = ask(client, layer, "shp", headers={})
    page_url = reverse("export-status", args=[ExportFile.objects.get().pk])
    assert response.status_code == 302
    assert response["Location"] == page_url

    waiting = client.get(page_url).content.decode()
    assert "Waiting for a worker" in waiting
    assert '<meta http-equiv="refresh"' in waiting
    assert "<progress" in waiting

    with worker():
        wait_for(lambda: ExportFile.objects.get().status == "done", what="the file")
    ready = client.get(page_url).content.decode()
    assert "Ready" in ready
    assert "http-equiv" not in ready
    assert reverse("export-download", args=[ExportFile.objects.get().pk]) in ready
    assert "contributions-parks-layer" in ready


def test_the_same_file_asked_for_at_once_is_one_job(layer):
    answers = at_once(lambda _: ask(Client(), layer).json()["id"], range(6))

    assert len(set(answers)) == 1
    assert ExportFile.objects.count() == 1
    assert export_jobs().count() == 1


def test_a_failed_export_says_why_after_its_retries(client, layer):
    export_id = ask(client, layer).json()["id"]

    # A worker machine without GDAL's tools: every attempt fails the same way.
    with worker(PATH="/nonexistent", EXPORT_MAX_ATTEMPTS="2", EXPORT_RETRY_WAIT="0"):
        failed = wait_for(
            lambda: (s := state(client, export_id))["status"] == "failed" and s, what="failure"
        )

    assert failed["attempts"] == 2
    assert failed["error"] == (
        "The file could not be built: [Errno 2] No such file or directory: 'ogr2ogr'"
    )
    assert failed["download_url"] is None
    page = client.get(reverse("export-status", args=[export_id])).content.decode()
    assert "could not be built after 2 attempts" in page
    assert "ogr2ogr" in page
    assert "Try again" in page
    assert not ExportFile.objects.get().file
    report = io.StringIO()
    call_command("queue_status", stdout=report)
    assert "exports                0        0       1" in report.getvalue()
    assert f"failed #{export_jobs().get().id} {build_export_file.name} after 2 attempt(s)" in (
        report.getvalue()
    )

    # Asked again, the export is queued anew (and a healthy worker would build it).
    assert ask(client, layer).json()["status"] == "queued"


def test_a_worker_killed_in_the_middle_of_an_export_leaves_it_to_another(client, layer, tmp_path):
    # Enough rows that building the file takes a moment to interrupt.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO annotations_annotation (created_at, updated_at, is_hidden, hidden_reason,
                layer_id, geometry, category, title, body, status, response_text, group_name,
                participant_count)
            SELECT now(), now(), false, '', %s,
                ST_SetSRID(ST_MakePoint(2.2 + n / 1e6, 48.89), 4326), 'proposal',
                'Idea ' || n, repeat('text ', 40), 'published', '', '', 1
            FROM generate_series(1, 20000) AS n
            """,
            [layer.pk],
        )
    export_id = ask(client, layer).json()["id"]

    with worker() as first:
        wait_for(lambda: state(client, export_id)["status"] == "running", what="the start")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert state(client, export_id)["status"] == "running"

    # Another worker sees that the first one stopped sending heartbeats and takes the job.
    with worker(QUEUE_STALLED_AFTER="1", QUEUE_STALLED_CHECK_CRON="* * * * * *"):
        done = wait_for(
            lambda: (s := state(client, export_id))["status"] == "done" and s,
            timeout=90,
            what="the retried file",
        )

    assert done["attempts"] == 2
    features = download(client, done["download_url"], tmp_path, "ideas.gpkg")
    assert len(features) == 20003

"""The job queue in tests: a real worker process on the test database, or, for tests that
only check what a job writes, the queued export jobs run here inside the test's transaction."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations.exports.building import build
from annotations.exports.tasks import build_export_file
from notifications import fanout

ROOT = Path(settings.BASE_DIR)


def run_queued_exports():
    """Run each export job waiting in the queue with the worker's own code; return how many.

    The jobs were queued in this test's transaction, which a worker process cannot see.
    """
    jobs = ProcrastinateJob.objects.filter(task_name=build_export_file.name, status="todo")
    for job in jobs:
        build(job.args["export_id"], attempt=1, final_attempt=True)
    return len(jobs)


def run_queued_fan_outs():
    """Run each notification fan-out waiting in the queue, as the worker would, and mark it
    done; return how many."""
    jobs = list(ProcrastinateJob.objects.filter(task_name=fanout.FAN_OUT_TASK, status="todo"))
    for job in jobs:
        fanout.fan_out(job.args["activity_id"])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = ANY(%s)",
            [[job.id for job in jobs]],
        )
    return len(jobs)


def database_url():
    db = connection.settings_dict
    return f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def forget_queue():
    """Empty the queue's tables, which test flushes leave alone (Procrastinate's models are
    not managed by Django)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,"
            " procrastinate_workers CASCADE"
        )


@contextmanager
def worker(**environment):
    """`manage.py procrastinate worker` on the test database, stopped at the end.

    `environment` adds or overrides variables (settings read from the environment).
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
        **environment,
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(condition, timeout=30, interval=0.05, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")

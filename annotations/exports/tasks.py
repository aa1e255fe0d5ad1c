"""The export jobs, run by `manage.py procrastinate worker` (docs/architecture.md)."""

from django.conf import settings
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from ..models import ExportFile
from .building import build

EXPORTS_QUEUE = "exports"


@app.task(
    name="annotations.build_export_file",
    queue=EXPORTS_QUEUE,
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=settings.EXPORT_MAX_ATTEMPTS - 1, wait=settings.EXPORT_RETRY_WAIT
    ),
)
def build_export_file(context, export_id):
    # `attempts` counts the attempts already made; the strategy stops retrying at its maximum.
    attempts = context.job.attempts
    build(
        export_id, attempt=attempts + 1, final_attempt=attempts + 1 >= settings.EXPORT_MAX_ATTEMPTS
    )


@app.periodic(cron="17 * * * *")
@app.task(name="annotations.remove_expired_export_files", queueing_lock="remove_expired_exports")
def remove_expired_export_files(timestamp):
    ExportFile.remove_expired()

"""Upkeep of the job queue itself, run by every worker."""

from django.conf import settings
from procrastinate.contrib.django import app


@app.periodic(cron=settings.QUEUE_STALLED_CHECK_CRON)
@app.task(
    name="core.retry_stalled_jobs", queueing_lock="core.retry_stalled_jobs", pass_context=True
)
async def retry_stalled_jobs(context, timestamp):
    """Put back in the queue the jobs of a worker that stopped sending heartbeats (killed, or
    its machine lost), so another worker finishes them."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=settings.QUEUE_STALLED_AFTER):
        await manager.retry_job(job)

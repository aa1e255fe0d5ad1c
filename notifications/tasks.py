"""The notifications' jobs, run by `manage.py procrastinate worker` (docs/architecture.md)."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import fanout, reminders

NOTIFICATIONS_QUEUE = "notifications"


@app.task(
    name=fanout.FAN_OUT_TASK,
    queue=NOTIFICATIONS_QUEUE,
    retry=RetryStrategy(
        max_attempts=settings.NOTIFICATIONS_FAN_OUT_ATTEMPTS - 1, exponential_wait=5
    ),
)
def fan_out(activity_id):
    with transaction.atomic():
        fanout.fan_out(activity_id)


@app.periodic(cron=settings.NOTIFICATIONS_REMINDER_CRON)
@app.task(
    name="notifications.remind_tomorrow",
    queue=NOTIFICATIONS_QUEUE,
    queueing_lock="notifications.remind_tomorrow",
)
def remind_tomorrow(timestamp):
    # The hour it was scheduled for, not when a busy worker got to it: windows stay contiguous.
    with transaction.atomic():
        reminders.remind(datetime.fromtimestamp(timestamp, tz=UTC))

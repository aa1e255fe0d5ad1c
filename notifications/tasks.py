"""The notifications' jobs, run by `manage.py procrastinate worker` (docs/architecture.md)."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import fanout, mail, reminders, sending

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


# E-mail. The queue tries a failed batch again, waiting RETRY_WAIT**n seconds; each message
# counts its own attempts and is left alone after NOTIFICATION_EMAIL_MAX_ATTEMPTS.
EMAIL_RETRY = RetryStrategy(
    max_attempts=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS - 1,
    exponential_wait=settings.NOTIFICATION_EMAIL_RETRY_WAIT,
)


@app.task(name=mail.SEND_EMAILS, queue=mail.MAIL_QUEUE, retry=EMAIL_RETRY)
def send_emails(ids):
    sending.send_notifications(ids)


@app.task(name=mail.SEND_DIGESTS, queue=mail.MAIL_QUEUE, retry=EMAIL_RETRY)
def send_digests(ids, until):
    sending.send_digests(ids, datetime.fromisoformat(until))


@app.periodic(cron=settings.NOTIFICATION_DIGEST_CRON)
@app.task(
    name="notifications.queue_digests",
    queue=mail.MAIL_QUEUE,
    queueing_lock="notifications.queue_digests",
)
def queue_digests(timestamp):
    mail.queue_digests(datetime.fromtimestamp(timestamp, UTC))

"""Queueing the notification e-mails: the jobs that send them, in batches.

`queue_immediate(activity_id)` is called by the fan-out once an activity's notifications
exist; `queue_digests(now)` by the hourly periodic job. Both defer jobs of
NOTIFICATION_EMAIL_BATCH notifications (or people) each, so 10,000 recipients are 50 jobs,
each over one SMTP connection. A job's queueing lock is named after what it sends, so
queueing the same thing twice while its job waits adds nothing; a job run twice sends
nothing twice either (notifications/sending.py).
"""

from django.conf import settings
from django.db import transaction
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from .models import Delivery, Notification
from .sending import digest_time

MAIL_QUEUE = "mail"
SEND_EMAILS = "notifications.send_emails"
SEND_DIGESTS = "notifications.send_digests"


def _defer_batches(task_name, lock, ids, **arguments):
    """One job per batch of `ids`; returns how many were queued. Deferred by the task's name:
    the tasks module imports this one."""
    ids, size, queued = list(ids), settings.NOTIFICATION_EMAIL_BATCH, 0
    for index, start in enumerate(range(0, len(ids), size)):
        job = app.configure_task(task_name, queue=MAIL_QUEUE, queueing_lock=f"{lock}:{index}")
        try:
            # A savepoint: a refused insert must not end the caller's transaction.
            with transaction.atomic():
                job.defer(ids=ids[start : start + size], **arguments)
        except AlreadyEnqueued:
            continue
        queued += 1
    return queued


def queue_immediate(activity_id):
    """Queue the e-mails of an activity's notifications that go out at once."""
    ids = (
        Notification.objects.filter(
            activity_id=activity_id, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _defer_batches(SEND_EMAILS, f"mail:{activity_id}", ids)


def queue_digests(now):
    """Queue the digests due at `now`: the people with digest notifications made before the
    latest digest hour, not e-mailed yet, and no digest sent to them since that hour."""
    until = digest_time(now)
    people = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST,
            emailed_at__isnull=True,
            email_attempts__lt=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
            created_at__lt=until,
            recipient__email_confirmed=True,
        )
        .exclude(recipient__notification_preferences__last_digest_at__gte=until)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return _defer_batches(SEND_DIGESTS, f"digest:{until:%Y-%m-%d}", people, until=until.isoformat())

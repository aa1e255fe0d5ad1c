"""Handing notification e-mails to the SMTP server, once each, by the worker's jobs.

A job reads its batch at once, then claims each notification under a row lock (`SKIP
LOCKED`: two jobs never send the same one) while its `emailed_at` is empty, sends it, and
marks it sent in the same short transaction: a worker killed mid-batch sends again at most
the message it had in hand. What may have changed since the fan-out is checked again: the
address confirmed, the person's choice (an unsubscribe withholds unsent rows at once), the
content still public. A failure is
counted on its row and the rest of the batch goes on; the job then fails, so the queue
tries again later, up to NOTIFICATION_EMAIL_MAX_ATTEMPTS per message.
"""

import smtplib
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from .emails import digest_message, notification_message, one_line
from .models import (
    Delivery,
    Notification,
    Preferences,
    has_address,
    wanted_delivery,
)

# Why a notification is withheld once its person unsubscribed, kept on its row.
UNSUBSCRIBED = "unsubscribed since"


class SendingFailed(Exception):
    """Some messages of a job failed and will be tried again when the queue retries it."""


def withheld_because(notification):
    """Why this notification must not be e-mailed any more, or "" when it may be."""
    if not notification.has_address:
        return "address not confirmed"
    if not notification.is_shown:
        return "content hidden since"
    if notification.wanted == Delivery.NEVER:
        return UNSUBSCRIBED
    return ""


def _due():
    return (
        # The e-mail's excerpt may be the comment.
        Notification.objects.naming("activity__comment", "recipient")
        .annotate(
            # The notification centre's rule: nothing about what the public no longer sees.
            is_shown=Exists(Notification.objects.shown().filter(pk=OuterRef("pk"))),
            # The address and the person's choices, as they stand now: the fan-out's rule.
            has_address=has_address("recipient__"),
            wanted=wanted_delivery(
                F("activity__kind"), F("activity__annotation__author"), "recipient__"
            ),
        )
        .filter(
            emailed_at__isnull=True, email_attempts__lt=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS
        )
    )


def _without_waiting_for_the_disk():
    """The mark "sent" needs not wait for the disk: only a crash of PostgreSQL itself could
    lose the last few marks, whose messages would then be sent again. Waiting for a flush
    per message took about half of the sending time (bench/notifications.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")


def _claim(pk):
    """Lock a notification while it is still due, for the length of the caller's
    transaction; False when it was sent, withheld or given up since the batch was read, or
    another job holds it. Plain SQL: it runs once per message."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Notification._meta.db_table} WHERE id = %s"
            " AND emailed_at IS NULL AND email_attempts < %s AND delivery = %s"
            " FOR UPDATE SKIP LOCKED",
            [pk, settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS, Delivery.IMMEDIATE],
        )
        return cursor.fetchone() is not None


def _withhold(notifications, reason):
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).withhold(reason)


def _send(message, smtp):
    """Send one message; returns the error or None. A connection broken by anything but a
    refused recipient is closed, so the next message opens a fresh one."""
    message.connection = smtp
    try:
        # Opened here, once for the batch: a connection the backend opens by itself for a
        # message, it closes after it.
        if smtp.connection is None:
            smtp.open()
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if not isinstance(error, smtplib.SMTPRecipientsRefused):
            with suppress(smtplib.SMTPException, OSError):
                smtp.close()
        return error
    return None


def _record_failure(notifications, error):
    """Count a failed attempt on each row; True when one of them will be tried again."""
    text = one_line(f"{type(error).__name__}: {error}", limit=300)
    for notification in notifications:
        notification.email_attempts += 1
        notification.email_error = text
    Notification.objects.bulk_update(notifications, ["email_attempts", "email_error"])
    return any(n.email_attempts < settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS for n in notifications)


class _Job:
    """A job's messages: one SMTP connection, closed however the job ends, and
    SendingFailed(`failure`) at its end when some message will be tried again."""

    def __init__(self, failure):
        self.failure = failure

    def __enter__(self):
        self.smtp = get_connection()
        self.retry = False
        return self

    def __exit__(self, exc_type, exc, traceback):
        with suppress(smtplib.SMTPException, OSError):
            self.smtp.close()
        if exc_type is None and self.retry:
            raise SendingFailed(self.failure)

    def send(self, message, notifications):
        """Send `message`, about `notifications`; False when it failed, the failure counted
        on them."""
        error = _send(message, self.smtp)
        if error:
            self.retry |= _record_failure(notifications, error)
        return error is None


def send_notifications(notification_ids):
    """E-mail each of these notifications whose delivery is immediate, once; raises
    SendingFailed at the end when some failed and will be tried again."""
    # The batch is read at once; each row is then claimed just before its message is sent.
    batch = _due().filter(delivery=Delivery.IMMEDIATE).in_bulk(notification_ids)
    with _Job("some notification e-mails failed; they will be tried again") as job:
        for pk in notification_ids:
            notification = batch.get(pk)
            if notification is None:
                continue
            with transaction.atomic():
                _without_waiting_for_the_disk()
                if not _claim(pk):
                    continue
                reason = withheld_because(notification)
                if reason:
                    _withhold([notification], reason)
                    continue
                if notification.wanted == Delivery.DIGEST:
                    notification.delivery = Delivery.DIGEST  # they chose the digest since
                    notification.save(update_fields=["delivery"])
                    continue
                if job.send(notification_message(notification), [notification]):
                    notification.emailed_at = timezone.now()
                    notification.save(update_fields=["emailed_at"])


def digest_time(now):
    """The latest digest hour (NOTIFICATION_DIGEST_HOUR, in TIME_ZONE) at or before `now`:
    a digest gathers what was notified before it."""
    local = timezone.localtime(now)
    cut = local.replace(hour=settings.NOTIFICATION_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    # Arithmetic on an aware datetime counts wall-clock days: 7:00 stays 7:00 across a
    # change to or from summer time.
    return cut - timedelta(days=1) if cut > local else cut


def send_digests(user_ids, until):
    """Each of these people's digest of what was notified to them before `until` and not
    e-mailed yet, one message each; raises SendingFailed when some will be tried again."""
    with _Job("some digests failed; they will be tried again") as job:
        for user_id in user_ids:
            with transaction.atomic():
                _without_waiting_for_the_disk()
                _send_digest(user_id, until, job)


def _send_digest(user_id, until, job):
    preferences, _ = Preferences.objects.select_for_update().get_or_create(user_id=user_id)
    if preferences.last_digest_at and preferences.last_digest_at >= until:
        return  # already sent since this digest hour
    due = list(
        _due()
        .select_for_update(skip_locked=True, of=("self",))
        .filter(recipient_id=user_id, delivery=Delivery.DIGEST, created_at__lt=until)
        .order_by("created_at")
    )
    kept, withheld = [], {}
    for notification in due:
        reason = withheld_because(notification)
        if reason:
            withheld.setdefault(reason, []).append(notification)
        else:
            kept.append(notification)
    for reason, notifications in withheld.items():
        _withhold(notifications, reason)
    if not kept:
        return
    cap = settings.NOTIFICATION_DIGEST_MAX_ITEMS
    message = digest_message(kept[0].recipient, kept[:cap], len(kept[cap:]), until)
    if not job.send(message, kept):
        return
    sent_at = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in kept]).update(emailed_at=sent_at)
    preferences.last_digest_at = sent_at
    preferences.save(update_fields=["last_digest_at"])

"""What a notification e-mail says: the message for one notification, and a person's digest.

Each message is plain text with an HTML alternative, in the recipient's language, with
absolute links (SITE_URL: the worker has no request to take the host from), a one-click
unsubscribe link (RFC 8058) and a link to the e-mail settings. Its Message-ID is derived
from the notification (or from the person and the day, for a digest), so a message sent
again after a lost acknowledgement is recognisable as the same one.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Activity

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SUBJECT_MAX_LENGTH = 120
# Control characters, and the separators some mail programs read as line ends.
UNSAFE_IN_HEADERS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text, limit=SUBJECT_MAX_LENGTH):
    """User text fit for a header (titles are residents' words): CR, LF and every other
    control character become spaces, runs of spaces one, and it stops at `limit`."""
    # Runs of plain spaces only: str.split() would also eat French typography's narrow
    # no-break spaces.
    text = re.sub(" {2,}", " ", UNSAFE_IN_HEADERS.sub(" ", str(text))).strip(" ")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def absolute(path):
    return settings.SITE_URL + path


def unsubscribe_token(user_id):
    """A signed token naming the person, for the one-click link; it does not expire, as
    links in old e-mails must keep working."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def unsubscribed_user_id(token):
    """The person a token names; raises signing.BadSignature for anything else."""
    user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(user_id, int):
        raise signing.BadSignature("not a person")
    return user_id


def _message(recipient, subject, template, context, message_id):
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(recipient.pk)])
    )
    context = {
        **context,
        "recipient": recipient,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe,
        "accent": settings.SITE_PRIMARY_COLOR,
    }
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[recipient.email],
        headers={
            "Message-ID": f"<{message_id}@{urlsplit(settings.SITE_URL).hostname}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def excerpt(activity):
    """What the person wants to read at once, beside the sentence: the city's answer, or
    the comment."""
    if activity.kind == Activity.Kind.ANSWERED and activity.annotation:
        return activity.annotation.response_text
    if activity.comment_id:
        return activity.comment.body
    return ""


def notification_message(notification):
    """The e-mail for one notification, to its recipient."""
    recipient = notification.recipient
    activity = notification.activity
    with translation.override(recipient.language):
        sentence = activity.sentence()
        return _message(
            recipient,
            f"{sentence} · {settings.SITE_NAME}",
            "notification",
            {
                "sentence": sentence,
                "excerpt": excerpt(activity),
                "url": absolute(activity.get_absolute_url()),
            },
            f"notification-{notification.pk}",
        )


def digest_message(recipient, notifications, more, day):
    """One e-mail gathering `notifications` (grouped by campaign, oldest first); `more` is
    how many others the notification centre holds beyond the digest's cap."""
    with translation.override(recipient.language):
        campaigns = {}
        for notification in notifications:
            activity = notification.activity
            campaigns.setdefault(activity.campaign, []).append(
                {
                    "sentence": activity.sentence(),
                    "url": absolute(activity.get_absolute_url()),
                    "when": notification.created_at,
                }
            )
        count = len(notifications) + more
        subject = ngettext(
            "%(count)s new notification · %(site)s",
            "%(count)s new notifications · %(site)s",
            count,
        ) % {"count": count, "site": settings.SITE_NAME}
        return _message(
            recipient,
            subject,
            "digest",
            {
                "campaigns": [
                    {
                        # City-wide events belong to no campaign.
                        "title": campaign.title if campaign else _("Across the city"),
                        "url": absolute(campaign.get_absolute_url()) if campaign else "",
                        "items": items,
                    }
                    for campaign, items in campaigns.items()
                ],
                "more": more,
            },
            f"digest-{recipient.pk}-{day:%Y%m%d}",
        )

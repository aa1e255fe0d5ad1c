"""The unread count in every page's header, for signed-in people."""

from functools import partial

from .models import Notification

# Above this, the badge says "99+": the count stops there, whatever the backlog.
UNREAD_SHOWN_MAX = 99


def unread(request):
    """`unread_notifications`: the count, capped at UNREAD_SHOWN_MAX + 1. A callable, which
    the template calls (one indexed COUNT) only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": partial(
            Notification.objects.unread_count, user, UNREAD_SHOWN_MAX + 1
        ),
        "unread_notifications_max": UNREAD_SHOWN_MAX,
    }

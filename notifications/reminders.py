"""The day-before reminder of an event, or of each of its sessions."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from agenda.models import Event

from .activities import record
from .models import Activity

# The reminder job runs hourly: each run takes the starts one hour's width away.
AHEAD = timedelta(hours=24)
WIDTH = timedelta(hours=1)


def remind(now=None):
    """Write one reminder per event and day for what starts between 24 and 25 hours from
    `now`; each is written once however many times this runs. Return how many were new."""
    now = now or timezone.now()
    window = (now + AHEAD, now + AHEAD + WIDTH)
    starting = Q(starts_at__gte=window[0], starts_at__lt=window[1])
    sessions = Q(slots__starts_at__gte=window[0], slots__starts_at__lt=window[1])
    events = (
        Event.objects.published()
        .exclude(status=Event.Status.CANCELLED)
        .filter(starting | sessions)
        .distinct()
        .prefetch_related("slots")
    )
    written = 0
    for event in events:
        for begins, _ends in event.sessions():
            if not window[0] <= begins < window[1]:
                continue
            day = timezone.localdate(begins)
            activity = record(
                Activity.Kind.EVENT_REMINDER,
                campaign_id=event.campaign_id,
                event=event,
                key=f"reminder:{event.pk}:{day.isoformat()}",
                details={"starts_at": begins.isoformat()},
            )
            written += activity is not None
    return written

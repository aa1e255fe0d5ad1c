"""The agenda as iCalendar (RFC 5545): one VEVENT per session, in the site's time zone."""

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event

ICAL_STATUS = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.FULL: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def calendar(events, request, name):
    """An iCalendar of `events` (prefetch their `slots`), with VTIMEZONE, as bytes."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//geoconsult//agenda//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    for event in events:
        for component in vevents(event, request, host, zone, stamp):
            cal.add_component(component)
    cal.add_missing_timezones()
    return cal.to_ical()


def vevents(event, request, host, zone, stamp):
    url = request.build_absolute_uri(event.get_absolute_url())
    place = ", ".join(part for part in (event.place_name, event.address) if part)
    if event.is_online and not event.is_in_person:
        place = event.online_url
    description = "\n\n".join(
        part for part in (event.summary, event.description, event.online_url, url) if part
    )
    # A stable UID per session, so calendar programs update rather than duplicate.
    sessions = [
        (f"event-{event.pk}-slot-{slot.pk}@{host}", slot.starts_at, slot.ends_at)
        for slot in event.slots.all()
    ] or [(f"event-{event.pk}@{host}", event.starts_at, event.ends_at)]
    for uid, begins, ends in sessions:
        vevent = icalendar.Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", stamp)
        vevent.add("last-modified", event.updated_at)
        vevent.add("dtstart", begins.astimezone(zone))
        vevent.add("dtend", ends.astimezone(zone))
        vevent.add("summary", event.title)
        vevent.add("status", ICAL_STATUS[event.status])
        vevent.add("url", url)
        if description:
            vevent.add("description", description)
        if place:
            vevent.add("location", place)
        if event.location:
            vevent.add("geo", (event.location.y, event.location.x))
        yield vevent

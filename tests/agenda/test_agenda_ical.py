"""The agenda as iCalendar, parsed back as a calendar program would read it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from agenda.models import Event
from tests.support.factories import CampaignFactory, EventFactory, EventSlotFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_city_feed_carries_each_event_with_times_place_and_geo(client):
    begins = datetime(2030, 3, 14, 18, 30, tzinfo=PARIS)
    event = EventFactory(
        title="Atelier place centrale",
        campaign=None,
        starts_at=begins,
        ends_at=begins + timedelta(hours=2),
        place_name="Maison de quartier",
        address="Place des Muguets, Nanterre",
        location=Point(2.2095, 48.8962, srid=4326),
    )

    calendar = parsed(client.get("/agenda.ics"))

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.pk}@testserver"
    assert str(vevent["summary"]) == "Atelier place centrale"
    assert vevent["dtstart"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("dtstart") == begins
    assert vevent.decoded("dtend") == begins + timedelta(hours=2)
    assert vevent.decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert "dtstamp" in vevent
    assert str(vevent["location"]) == "Maison de quartier, Place des Muguets, Nanterre"
    assert (vevent["geo"].latitude, vevent["geo"].longitude) == (48.8962, 2.2095)
    assert str(vevent["url"]) == f"http://testserver/agenda/{event.pk}/"
    assert str(vevent["status"]) == "CONFIRMED"


def test_an_event_in_several_sessions_gives_one_vevent_each_with_a_stable_uid(client):
    begins = datetime(2030, 6, 1, 9, tzinfo=PARIS)
    event = EventFactory(starts_at=begins, ends_at=begins + timedelta(days=1, hours=3))
    first = EventSlotFactory(event=event)
    second = EventSlotFactory(event=event, starts_at=event.starts_at + timedelta(days=1))

    events = vevents(parsed(client.get(reverse("agenda:event-ics", args=[event.pk]))))

    assert set(events) == {
        f"event-{event.pk}-slot-{first.pk}@testserver",
        f"event-{event.pk}-slot-{second.pk}@testserver",
    }
    again = vevents(parsed(client.get(reverse("agenda:event-ics", args=[event.pk]))))
    assert set(again) == set(events)
    starts = sorted(e.decoded("dtstart") for e in events.values())
    assert starts == [first.starts_at, second.starts_at]


def test_campaign_feed_has_only_its_events_and_says_cancelled_or_postponed(client):
    campaign = CampaignFactory()
    cancelled = EventFactory(campaign=campaign, status=Event.Status.CANCELLED)
    postponed = EventFactory(campaign=campaign, status=Event.Status.POSTPONED)
    EventFactory(title="Elsewhere")

    url = reverse("agenda:campaign-ics", args=[campaign.slug])
    events = vevents(parsed(client.get(url)))

    assert {uid: str(e["status"]) for uid, e in events.items()} == {
        f"event-{cancelled.pk}@testserver": "CANCELLED",
        f"event-{postponed.pk}@testserver": "TENTATIVE",
    }


def test_an_online_event_gives_its_link_as_location(client):
    event = EventFactory(
        attendance_mode=Event.AttendanceMode.ONLINE,
        online_url="https://visio.example.org/atelier",
        location=None,
    )
    [vevent] = parsed(client.get(reverse("agenda:event-ics", args=[event.pk]))).walk("VEVENT")
    assert str(vevent["location"]) == "https://visio.example.org/atelier"
    assert "geo" not in vevent


def test_events_of_draft_campaigns_stay_out_of_the_feeds(client):
    draft = EventFactory(campaign__is_published=False)
    assert vevents(parsed(client.get("/agenda.ics"))) == {}
    assert client.get(reverse("agenda:event-ics", args=[draft.pk])).status_code == 404
    url = reverse("agenda:campaign-ics", args=[draft.campaign.slug])
    assert client.get(url).status_code == 404

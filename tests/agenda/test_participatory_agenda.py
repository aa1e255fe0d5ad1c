"""The participatory agenda: residents and associations propose events that wait for a
moderator; the agenda filters by its query string (and so does its iCalendar feed); a full
event keeps a waiting list that moves up by itself."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import Event, EventSlot, Registration
from tests.support import factories
from tests.support.api import api
from tests.support.concurrency import at_once

# Paris, Place de la Concorde: outside the test campaigns' perimeter (Nanterre).
OUTSIDE = Point(2.3212, 48.8656, srid=4326)


def local(days, hour):
    """A day from now at `hour`, as the datetime-local field sends it."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def proposal(**fields):
    data = {
        "title": "Nettoyage des berges",
        "organiser_name": "Les Amis de la Seine",
        "summary": "Ramassage des déchets au bord de l'eau.",
        "attendance_mode": "in_person",
        "place_name": "Parc du Chemin de l'Île",
        "latitude": str(factories.INSIDE.y),
        "longitude": str(factories.INSIDE.x),
        "accessibility": ["wheelchair"],
        "capacity": "20",
        "link": "https://amis-de-la-seine.example.org/berges",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-0-starts_at": local(5, 10),
        "sessions-0-ends_at": local(5, 12),
        "sessions-1-starts_at": local(6, 10),
        "sessions-1-ends_at": local(6, 12),
    }
    data.update(fields)
    return data


def propose(client, **fields):
    return client.post(reverse("agenda:propose"), proposal(**fields), HTTP_ACCEPT_LANGUAGE="en")


def agenda_titles(client, **params):
    page = client.get(reverse("agenda:list"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    feed = Calendar.from_ical(client.get(reverse("agenda:ics"), params).content)
    titles = {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
    listed = {
        title
        for title in Event.objects.values_list("title", flat=True)
        if f">{title}</a>" in page.content.decode()
    }
    assert listed == titles, "the page and its iCalendar feed list the same events"
    return titles


@pytest.mark.django_db
def test_a_proposal_waits_for_a_moderator_then_is_in_the_agenda(client, campaign, moderator):
    resident = factories.UserFactory()
    client.force_login(resident)

    response = propose(client)

    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.is_published, event.proposed_by, event.capacity) == (False, resident, 20)
    assert list(event.slots.values_list("starts_at", flat=True)) == [
        event.starts_at,
        event.starts_at + timedelta(days=1),
    ]
    mine = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "waiting for a moderator" in mine
    client.logout()
    assert agenda_titles(client) == set()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert api().get("/api/events/").json()["features"] == []

    client.force_login(moderator)
    queue = client.get(reverse("agenda:proposals")).content.decode()
    assert "Nettoyage des berges" in queue
    client.post(reverse("agenda:moderate", args=[event.pk]), {"action": "publish"})
    client.logout()

    assert agenda_titles(client) == {"Nettoyage des berges"}
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '"@type": "Event"' in page and "Organised by Les Amis de la Seine" in page


@pytest.mark.django_db
def test_a_rejected_proposal_tells_its_author_why(client, campaign, moderator, resident):
    event = factories.EventFactory(is_published=False, proposed_by=resident, title="Brocante")
    client.force_login(moderator)
    url = reverse("agenda:moderate", args=[event.pk])
    client.post(url, {"action": "reject", "reason": "   "})
    assert Event.objects.get().rejection_reason == ""

    client.post(url, {"action": "reject", "reason": "A commercial sale, not a consultation"})

    client.force_login(resident)
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not published by the moderators: A commercial sale, not a consultation" in page
    assert not Event.objects.get().is_published
    client.force_login(factories.UserFactory())
    assert client.get(reverse("agenda:proposals")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"sessions-1-ends_at": local(6, 9)},
            "This session ends before it begins.",
        ),
        (
            {"latitude": str(OUTSIDE.y), "longitude": str(OUTSIDE.x)},
            "This place is outside every campaign&#x27;s area",
        ),
        ({"attendance_mode": "online", "latitude": "", "longitude": ""}, "needs its link"),
        ({"latitude": "", "longitude": ""}, "Place the event on the map: people come to it."),
        (
            {
                "sessions-0-starts_at": "",
                "sessions-0-ends_at": "",
                "sessions-1-starts_at": "",
                "sessions-1-ends_at": "",
            },
            "Give at least one session",
        ),
    ],
    ids=[
        "session-ends-first",
        "outside-every-perimeter",
        "online-without-link",
        "no-place",
        "no-session",
    ],
)
def test_a_bad_proposal_is_refused_with_its_reason_and_keeps_what_was_typed(
    client, campaign, resident, fields, message
):
    client.force_login(resident)

    response = propose(client, **fields)

    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'value="Nettoyage des berges"' in text
    assert 'value="Les Amis de la Seine"' in text
    assert not Event.objects.exists() and not EventSlot.objects.exists()


@pytest.mark.django_db
def test_the_perimeter_rule_is_a_setting(client, campaign, resident, settings):
    settings.AGENDA_PROPOSALS_WITHIN_PERIMETERS = False
    client.force_login(resident)
    assert propose(client, latitude=str(OUTSIDE.y), longitude=str(OUTSIDE.x)).status_code == 302


@pytest.mark.django_db
def test_the_agenda_filters_by_its_address_and_its_feed_follows(client):
    parks, roads = factories.CampaignFactory(slug="parks"), factories.CampaignFactory()
    soon = timezone.now() + timedelta(days=3)
    factories.EventFactory(
        title="Atelier vélo",
        campaign=roads,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        accessibility=["wheelchair", "induction_loop"],
    )
    factories.EventFactory(
        title="Balade des parcs",
        campaign=parks,
        starts_at=soon + timedelta(days=20),
        ends_at=soon + timedelta(days=20, hours=2),
        location=Point(2.2400, 48.8950, srid=4326),  # about 2.3 km east
        accessibility=["wheelchair"],
    )
    factories.EventFactory(
        title="Webinaire budget",
        attendance_mode="online",
        online_url="https://visio.example.org/budget",
        location=None,
        starts_at=soon + timedelta(days=1),
        ends_at=soon + timedelta(days=1, hours=1),
    )
    factories.EventFactory(
        title="Brouillon", is_published=False, proposed_by=factories.UserFactory()
    )
    every = {"Atelier vélo", "Balade des parcs", "Webinaire budget"}

    assert agenda_titles(client) == every
    assert agenda_titles(client, q="vélo") == {"Atelier vélo"}
    assert agenda_titles(client, campaign="parks") == {"Balade des parcs"}
    in_a_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    assert agenda_titles(client, end=in_a_week) == {"Atelier vélo", "Webinaire budget"}
    assert agenda_titles(client, start=in_a_week) == {"Balade des parcs"}
    near = f"{factories.INSIDE.x},{factories.INSIDE.y}"
    assert agenda_titles(client, near=near, within="1") == {"Atelier vélo"}
    assert agenda_titles(client, near=near, within="3") == {"Atelier vélo", "Balade des parcs"}
    both = ["wheelchair", "induction_loop"]
    assert agenda_titles(client, accessibility=both) == {"Atelier vélo"}
    assert agenda_titles(client, attendance_mode="online") == {"Webinaire budget"}
    assert agenda_titles(client, near="not,a place") == set()
    page = client.get(reverse("agenda:list"), {"q": "vélo"}).content.decode()
    assert 'href="/agenda.ics?q=v%C3%A9lo"' in page


@pytest.mark.django_db(transaction=True)
def test_twelve_people_taking_the_last_places_end_registered_or_waiting_in_order():
    capacity = 5
    event = factories.EventFactory(capacity=capacity)
    factories.RegistrationFactory.create_batch(2, event=event)  # three places left
    people = factories.UserFactory.create_batch(12)

    def take_a_place(user):
        registration, _created = services.register(event, user, join_waiting_list=True)
        if registration.is_waiting:
            return services.position_on_waiting_list(registration)
        return 0

    positions = at_once(take_a_place, people)

    holding = Registration.objects.filter(event=event).holding_places()
    waiting = list(Registration.objects.filter(event=event).waiting())
    assert holding.count() == capacity
    assert len(waiting) == 9
    assert sorted(positions) == [0, 0, 0, *range(1, 10)]
    # The waiting list's order is the order the places were asked for, as the database saw it.
    assert [registration.pk for registration in waiting] == sorted(r.pk for r in waiting)
    assert max(holding.values_list("pk", flat=True)) < waiting[0].pk

    # Someone with a place cancels: the first who waits takes it, the others move up.
    services.unregister(event, holding.last().user)
    assert Registration.objects.filter(event=event).holding_places().count() == capacity
    assert Registration.objects.get(pk=waiting[0].pk).is_waiting is False
    assert services.position_on_waiting_list(Registration.objects.get(pk=waiting[1].pk)) == 1


@pytest.mark.django_db
def test_a_full_event_offers_its_waiting_list_on_the_page_and_in_the_api(client, resident):
    event = factories.EventFactory(capacity=1)
    factories.RegistrationFactory(event=event)
    client.force_login(resident)
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Join the waiting list" in page

    client.post(reverse("agenda:registration", args=[event.pk]), {"action": "wait"})

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are number 1 on the waiting list" in page
    other = factories.UserFactory()
    response = api(other).post(f"/api/events/{event.pk}/registration/", {"waiting_list": True})
    assert response.status_code == 201
    assert response.json() == {"registered": False, "waiting_position": 2, "places_left": 0}
    refused = api(factories.UserFactory()).post(f"/api/events/{event.pk}/registration/")
    assert refused.status_code == 409

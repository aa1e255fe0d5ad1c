"""Residents register and unregister; an event never takes more people than its capacity."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agenda import services
from agenda.models import Event, Registration
from tests.support.concurrency import at_once
from tests.support.factories import EventFactory, RegistrationFactory, UserFactory


def registration_url(event):
    return reverse("event-registration", args=[event.pk])


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_fill_exactly_the_capacity():
    capacity, extra = 5, 7
    event = EventFactory(capacity=capacity)
    users = UserFactory.create_batch(capacity + extra)

    def register(user):
        try:
            services.register(event, user)
        except services.RegistrationRefused as refusal:
            return refusal.code
        return "registered"

    outcomes = at_once(register, users)

    assert Registration.objects.filter(event=event).count() == capacity
    assert sorted(outcomes) == ["full"] * extra + ["registered"] * capacity


@pytest.mark.django_db
def test_a_full_event_refuses_with_409_and_a_message_and_writes_nothing(resident):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = api_client(resident).post(registration_url(event), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert response.json()["detail"] == "This event is full."
    assert event.registrations.count() == 1
    french = api_client(resident).post(registration_url(event), HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["detail"] == "Cet événement est complet."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "This event is cancelled."),
        ({"status": Event.Status.FULL}, "This event is full."),
        (
            {
                "starts_at": timezone.now() - timedelta(days=2),
                "ends_at": timezone.now() - timedelta(days=1),
            },
            "This event is over.",
        ),
    ],
)
def test_cancelled_full_or_past_events_take_no_registration(resident, change, message):
    event = EventFactory(**change)

    response = api_client(resident).post(registration_url(event), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert response.json()["detail"] == message
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registering_twice_keeps_one_place_and_unregistering_frees_it(resident):
    event = EventFactory(capacity=2)
    client = api_client(resident)

    first = client.post(registration_url(event))
    again = client.post(registration_url(event))

    assert (first.status_code, first.json()) == (
        201,
        {"registered": True, "waiting_position": None, "places_left": 1},
    )
    assert again.status_code == 200
    assert event.registrations.count() == 1
    assert client.delete(registration_url(event)).status_code == 204
    assert not event.registrations.exists()
    listed = client.get(reverse("event-detail", args=[event.pk])).json()
    assert listed["properties"]["places_left"] == 2


@pytest.mark.django_db
def test_visitors_cannot_register_through_the_api():
    event = EventFactory()
    assert APIClient().post(registration_url(event)).status_code in (401, 403)
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_the_event_page_registers_frees_and_says_full(client, resident):
    event = EventFactory(capacity=1)
    page = event.get_absolute_url()
    action = reverse("agenda:registration", args=[event.pk])
    client.force_login(resident)

    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 place left of 1." in html
    response = client.post(action, {"action": "register"}, follow=True)
    assert "Vous êtes inscrit" in response.content.decode()
    assert event.registrations.filter(user=resident).exists()

    other = UserFactory()
    client.force_login(other)
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Full" in html and 'value="register"' not in html
    response = client.post(action, {"action": "register"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This event is full." in response.content.decode()
    assert event.registrations.count() == 1

    client.force_login(resident)
    client.post(action, {"action": "unregister"})
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_before_registering(client):
    event = EventFactory()
    response = client.post(reverse("agenda:registration", args=[event.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not event.registrations.exists()


@pytest.mark.django_db
def test_the_facilitator_sees_who_registered_by_display_name_only(client):
    event = EventFactory(facilitator=UserFactory())
    registered = RegistrationFactory(event=event).user

    client.force_login(event.facilitator)
    html = client.get(event.get_absolute_url()).content.decode()
    assert f"<li>{registered.public_name}</li>" in html
    assert registered.email not in html and registered.username not in html

    client.force_login(UserFactory())
    html = client.get(event.get_absolute_url()).content.decode()
    assert registered.public_name not in html

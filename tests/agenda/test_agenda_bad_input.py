"""Impossible event times, capacities or links get a clear answer, and nothing is saved."""

import pytest
from django.db import IntegrityError, transaction

from agenda.models import Event, EventSlot
from tests.support.admin_forms import ADD_EVENT, event_form
from tests.support.factories import EventFactory

pytestmark = pytest.mark.django_db


def add_event(client, staff, **overrides):
    client.force_login(staff)
    return client.post(ADD_EVENT, event_form(**overrides), HTTP_ACCEPT_LANGUAGE="en")


def test_staff_add_a_well_formed_event_with_two_sessions(client, staff):
    response = add_event(
        client,
        staff,
        accessibility=["wheelchair", "captions"],
        ends_at_0="2030-03-15",
        **{
            "slots-TOTAL_FORMS": "2",
            "slots-0-starts_at_0": "2030-03-14",
            "slots-0-starts_at_1": "18:00",
            "slots-0-ends_at_0": "2030-03-14",
            "slots-0-ends_at_1": "20:00",
            "slots-1-starts_at_0": "2030-03-15",
            "slots-1-starts_at_1": "18:00",
            "slots-1-ends_at_0": "2030-03-15",
            "slots-1-ends_at_1": "20:00",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.accessibility == ["wheelchair", "captions"]
    assert event.slots.count() == 2


def test_an_event_ending_before_it_begins_is_refused(client, staff):
    response = add_event(client, staff, ends_at_1="17:00")
    assert response.status_code == 200
    assert "An event must end after it begins." in response.content.decode()
    assert not Event.objects.exists()


def test_a_session_ending_before_it_begins_is_refused(client, staff):
    response = add_event(
        client,
        staff,
        **{
            "slots-TOTAL_FORMS": "1",
            "slots-0-starts_at_0": "2030-03-14",
            "slots-0-starts_at_1": "19:00",
            "slots-0-ends_at_0": "2030-03-14",
            "slots-0-ends_at_1": "18:30",
        },
    )
    assert "A session must end after it begins." in response.content.decode()
    assert not Event.objects.exists()
    assert not EventSlot.objects.exists()


def test_a_session_outside_the_event_is_refused(client, staff):
    response = add_event(
        client,
        staff,
        **{
            "slots-TOTAL_FORMS": "1",
            "slots-0-starts_at_0": "2030-03-14",
            "slots-0-starts_at_1": "19:00",
            "slots-0-ends_at_0": "2030-03-14",
            "slots-0-ends_at_1": "21:00",
        },
    )
    assert "A session must lie within the event" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("capacity", ["0", "-1"])
def test_a_capacity_below_one_is_refused(client, staff, capacity):
    response = add_event(client, staff, capacity=capacity)
    assert "The capacity must be at least 1." in response.content.decode()
    assert not Event.objects.exists()


def test_the_database_itself_refuses_a_session_ending_before_it_begins():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventSlot.objects.create(event=event, starts_at=event.ends_at, ends_at=event.starts_at)
    assert not EventSlot.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/flyer.png"])
def test_links_that_are_not_web_addresses_are_refused(client, staff, url):
    response = add_event(client, staff, image_url=url)
    assert "Use a web address that starts with http:// or https://." in response.content.decode()
    assert not Event.objects.exists()


def test_an_online_event_needs_its_link(client, staff):
    response = add_event(client, staff, attendance_mode="online")
    assert "An online event needs its link." in response.content.decode()
    assert not Event.objects.exists()

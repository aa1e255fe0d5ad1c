"""The agenda page, an event's page with its schema.org data, and the events API."""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agenda.models import Event
from tests.support.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.support.pages import page_json

pytestmark = pytest.mark.django_db


def past(**fields):
    ended = timezone.now() - timedelta(days=3)
    return EventFactory(starts_at=ended - timedelta(hours=2), ends_at=ended, **fields)


def test_agenda_lists_upcoming_and_past_and_maps_the_upcoming(client):
    soon = EventFactory(title="Atelier", location=Point(2.2095, 48.8962, srid=4326))
    EventFactory(
        title="Réunion en ligne",
        location=None,
        campaign=None,
        attendance_mode="online",
        online_url="https://visio.example.org/",
    )
    past(title="Balade urbaine")
    EventFactory(title="Brouillon", campaign__is_published=False)

    response = client.get(reverse("agenda:list"))

    assert [e.title for e in response.context["upcoming"]] == ["Atelier", "Réunion en ligne"]
    assert [e.title for e in response.context["past"]] == ["Balade urbaine"]
    assert "Brouillon" not in response.content.decode()
    [feature] = page_json(response, "agenda-data")["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.2095, 48.8962]}
    assert feature["properties"]["title"] == "Atelier"
    assert feature["properties"]["url"] == soon.get_absolute_url()


def test_agenda_filters_by_campaign_with_a_select(client):
    parc = CampaignFactory(title="Quartier du Parc")
    EventFactory(campaign=parc, title="Atelier du Parc")
    EventFactory(title="Permanence fibre")

    response = client.get(reverse("agenda:list"), {"campaign": parc.slug})

    assert [e.title for e in response.context["upcoming"]] == ["Atelier du Parc"]
    html = response.content.decode()
    assert f'<option value="{parc.slug}" selected>Quartier du Parc</option>' in html


def test_an_unknown_campaign_in_the_filter_is_named_and_lists_nothing(client):
    EventFactory()
    response = client.get(reverse("agenda:list"), {"campaign": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in response.content.decode()
    assert list(response.context["upcoming"]) == []


def test_event_page_carries_schema_org_event_data(client):
    event = EventFactory(
        title="Atelier « place centrale »",
        summary="Dessinons la place.",
        place_name="Maison de quartier",
        address="Place des Muguets, Nanterre",
        location=Point(2.2095, 48.8962, srid=4326),
        attendance_mode="mixed",
        online_url="https://visio.example.org/atelier",
        image_url="https://example.org/affiche.jpg",
        capacity=40,
        status=Event.Status.POSTPONED,
        accessibility=["wheelchair", "sign_language"],
    )

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert '<script id="event-schema-org" type="application/ld+json">' in response.content.decode()
    data = page_json(response, "event-schema-org")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Atelier « place centrale »"
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["@type"] == "Place" and place["address"] == "Place des Muguets, Nanterre"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 48.8962, "longitude": 2.2095}
    assert online == {"@type": "VirtualLocation", "url": "https://visio.example.org/atelier"}
    assert data["image"] == ["https://example.org/affiche.jpg"]
    assert data["organizer"]["@type"] == "Organization"
    html = response.content.decode()
    assert "Wheelchair access" in html and "Sign-language interpretation" in html
    assert "Postponed" in html
    assert reverse("agenda:event-ics", args=[event.pk]) in html


def test_user_text_cannot_break_out_of_the_json_ld_or_the_page(client):
    event = EventFactory(
        title="</script><script>alert(1)</script>", summary="<img src=x onerror=alert(2)>"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert page_json(client.get(event.get_absolute_url()), "event-schema-org")["name"] == (
        "</script><script>alert(1)</script>"
    )


def test_a_full_event_says_so_in_the_agenda(client):
    event = EventFactory(title="Atelier complet", capacity=1)
    RegistrationFactory(event=event)
    html = client.get(reverse("agenda:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="badge badge-full">Full</p>' in html


def test_events_api_is_geojson_and_filters_by_campaign_and_time(client):
    parc = CampaignFactory()
    upcoming = EventFactory(campaign=parc, capacity=10, accessibility=["captions"])
    RegistrationFactory(event=upcoming)
    past(campaign=parc)
    EventFactory()

    api = APIClient()
    data = api.get(reverse("event-list"), {"campaign": parc.slug, "when": "upcoming"}).json()

    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["id"] == upcoming.pk
    assert feature["geometry"]["type"] == "Point"
    properties = feature["properties"]
    assert properties["places_left"] == 9 and properties["is_full"] is False
    assert properties["accessibility"] == ["captions"]
    assert properties["campaign"] == parc.slug
    assert properties["sessions"] == []
    assert "facilitator" not in properties and "registrations" not in properties
    assert len(api.get(reverse("event-list"), {"when": "past"}).json()["features"]) == 1
    bbox = api.get(reverse("event-list"), {"bbox": "0,0,1,1"}).json()
    assert bbox["features"] == []


def test_the_api_schema_documents_the_agenda(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/events/{id}/registration/" in schema["paths"]
    assert "/api/campaigns/{slug}/timeline/" in schema["paths"]
    assert "/api/campaigns/{slug}/statistics/" in schema["paths"]
    assert json.dumps(schema)  # a schema drf-spectacular could build without errors


def test_agenda_map_gives_iso_times_a_browser_can_read(client):
    event = EventFactory()
    [feature] = page_json(client.get(reverse("agenda:list")), "agenda-data")["features"]
    assert datetime.fromisoformat(feature["properties"]["starts_at"]) == event.starts_at

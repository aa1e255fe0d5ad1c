"""Meeting outcomes through the API: staff or the facilitator, all or nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agenda.models import MeetingOutcome
from annotations.models import Annotation
from tests.support.communes import commune
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def post_outcome(user, meeting, **contribution):
    client = APIClient()
    client.force_authenticate(user)
    body = {
        "attendees_count": 15,
        "organisations": "Amicale des locataires",
        "minutes": "Une proposition.",
        "contributions": [
            {
                "layer": meeting.campaign.layers.get().pk,
                "geometry": {"type": "Point", "coordinates": [2.2088, 48.895]},
                "category": "proposal",
                "title": "Des bancs",
                **contribution,
            }
        ],
    }
    url = reverse("event-outcome", args=[meeting.pk])
    return client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_facilitator_records_an_outcome_through_the_api(meeting):
    response = post_outcome(meeting.facilitator, meeting, group_name="Amicale")

    assert response.status_code == 201
    [pk] = response.json()["contributions"]
    annotation = Annotation.objects.get(pk=pk)
    assert (annotation.group_name, annotation.participant_count) == ("Amicale", 15)
    assert annotation.source_event == meeting
    assert MeetingOutcome.objects.get(event=meeting).attendees_count == 15


def test_a_resident_who_is_not_the_facilitator_is_refused(meeting):
    response = post_outcome(UserFactory(), meeting)
    assert response.status_code == 403
    assert not MeetingOutcome.objects.exists() and not Annotation.objects.exists()


def test_a_participant_count_below_one_is_refused_through_the_api(meeting):
    response = post_outcome(meeting.facilitator, meeting, participant_count=0)
    assert response.status_code == 400
    assert response.json() == {
        "contributions": {
            "0": {"participant_count": ["A contribution speaks for at least one person."]}
        }
    }
    assert not MeetingOutcome.objects.exists() and not Annotation.objects.exists()


def test_a_contribution_outside_the_perimeter_writes_nothing(meeting):
    outside = commune("Rueil-Malmaison").point_on_surface
    geometry = {"type": "Point", "coordinates": [outside.x, outside.y]}

    response = post_outcome(meeting.facilitator, meeting, geometry=geometry)

    assert response.status_code == 400
    assert response.json()["detail"] == [
        "Contribution 1: The geometry lies outside the campaign perimeter."
    ]
    assert not MeetingOutcome.objects.exists() and not Annotation.objects.exists()


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": "x"}, "The coordinates of this Point are not"),
        ({"type": "Polygon", "coordinates": [[[2.2, 48.9]]]}, "The coordinates of this Polygon"),
        (
            {"type": "Point", "coordinates": [2.2, 48.9], "crs": {"type": "name"}},
            "a “crs” member is not accepted",
        ),
        ("POINT(2.2 48.9)", "The geometry must be a GeoJSON geometry object"),
    ],
)
def test_a_contribution_whose_geometry_is_not_geojson_is_refused(meeting, geometry, message):
    response = post_outcome(meeting.facilitator, meeting, geometry=geometry)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeetingOutcome.objects.exists() and not Annotation.objects.exists()

"""A meeting's outcome and its collective contributions: recorded all or nothing, shown
with their group and headcount, filterable, and counted as contributions and as people."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from agenda import services
from agenda.models import MeetingOutcome
from annotations.filters import AnnotationFilter
from annotations.models import Annotation
from portal.statistics import campaign_statistics
from tests.support.communes import commune
from tests.support.factories import (
    INSIDE,
    AnnotationFactory,
    ContributionLayerFactory,
    EventFactory,
    MeetingOutcomeFactory,
    UserFactory,
)
from tests.support.pages import page_json
from tests.support.tiles import read_page_tile

pytestmark = pytest.mark.django_db


def outcome_form(meeting, **overrides):
    layer = meeting.campaign.layers.get()
    data = {
        "outcome-attendees_count": "23",
        "outcome-organisations": "Amicale des locataires\nConseil de quartier",
        "outcome-minutes": "Deux propositions adoptées.",
        "c-TOTAL_FORMS": "3",
        "c-INITIAL_FORMS": "0",
        "c-0-layer": layer.pk,
        "c-0-category": "proposal",
        "c-0-title": "Un jardin partagé",
        "c-0-group_name": "Assemblée du Parc",
        "c-1-layer": layer.pk,
        "c-1-category": "issue",
        "c-1-title": "Éclairage du passage",
        "c-1-group_name": "Amicale des locataires",
        "c-1-participant_count": "9",
        "c-1-latitude": "48.8955",
        "c-1-longitude": "2.2080",
        "c-2-group_name": "Assemblée du Parc",
    }
    return data | overrides


def test_the_facilitator_records_the_outcome_and_its_contributions(client, meeting):
    client.force_login(meeting.facilitator)

    response = client.post(reverse("agenda:outcome", args=[meeting.pk]), outcome_form(meeting))

    assert response.status_code == 302
    outcome = MeetingOutcome.objects.get(event=meeting)
    assert outcome.attendees_count == 23
    assert outcome.organisation_list() == ["Amicale des locataires", "Conseil de quartier"]
    contributions = {a.title: a for a in Annotation.objects.filter(source_event=meeting)}
    assert set(contributions) == {"Un jardin partagé", "Éclairage du passage"}
    garden, lighting = contributions["Un jardin partagé"], contributions["Éclairage du passage"]
    assert (garden.group_name, garden.participant_count) == ("Assemblée du Parc", 23)
    assert garden.geometry == meeting.location
    assert (lighting.group_name, lighting.participant_count) == ("Amicale des locataires", 9)
    assert (lighting.geometry.x, lighting.geometry.y) == (2.2080, 48.8955)

    page = client.get(meeting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "23 attendees" in page
    assert "on behalf of Amicale des locataires (9 people)" in page
    assert "on behalf of Assemblée du Parc (23 people)" in page


def test_residents_who_are_not_the_facilitator_may_not_record_an_outcome(client, meeting):
    client.force_login(UserFactory())
    response = client.post(reverse("agenda:outcome", args=[meeting.pk]), outcome_form(meeting))
    assert response.status_code == 403
    assert not MeetingOutcome.objects.exists()
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("count", ["0", "-3"])
def test_a_participant_count_below_one_is_refused(client, meeting, count):
    client.force_login(meeting.facilitator)
    data = outcome_form(meeting, **{"c-1-participant_count": count})

    response = client.post(
        reverse("agenda:outcome", args=[meeting.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "A contribution speaks for at least one person." in response.content.decode()
    assert not MeetingOutcome.objects.exists()
    assert not Annotation.objects.exists()


def test_an_attendance_below_one_is_refused(client, meeting):
    client.force_login(meeting.facilitator)
    data = outcome_form(meeting, **{"outcome-attendees_count": "0"})
    response = client.post(
        reverse("agenda:outcome", args=[meeting.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "A meeting has at least one attendee." in response.content.decode()
    assert not MeetingOutcome.objects.exists()
    assert not Annotation.objects.exists()


def test_one_bad_contribution_writes_nothing_at_all(client, meeting):
    outside = commune("Rueil-Malmaison").point_on_surface
    client.force_login(meeting.facilitator)
    data = outcome_form(
        meeting, **{"c-1-latitude": str(outside.y), "c-1-longitude": str(outside.x)}
    )

    response = client.post(
        reverse("agenda:outcome", args=[meeting.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Contribution 2: The geometry lies outside the campaign perimeter." in (
        response.content.decode()
    )
    assert not MeetingOutcome.objects.exists()
    assert not Annotation.objects.exists()


def test_the_service_refuses_a_layer_of_another_campaign(meeting):
    elsewhere = ContributionLayerFactory()
    with pytest.raises(Exception, match="another campaign"):
        services.record_meeting_outcome(
            meeting,
            recorded_by=meeting.facilitator,
            attendees_count=5,
            contributions=[
                {
                    "layer": elsewhere,
                    "geometry": meeting.location,
                    "category": "issue",
                    "title": "x",
                }
            ],
        )
    assert not MeetingOutcome.objects.exists()
    assert not Annotation.objects.exists()


@pytest.fixture
def mixed_contributions():
    layer = ContributionLayerFactory()
    event = EventFactory(campaign=layer.campaign)
    MeetingOutcomeFactory(event=event, attendees_count=30)
    AnnotationFactory(layer=layer, category="proposal", title="Alone")
    AnnotationFactory(layer=layer, category="issue", title="Alone too")
    AnnotationFactory(
        layer=layer,
        category="proposal",
        title="Garden",
        group_name="Assemblée",
        participant_count=23,
        source_event=event,
    )
    AnnotationFactory(
        layer=layer,
        category="issue",
        title="Hidden",
        group_name="Assemblée",
        participant_count=7,
        is_hidden=True,
    )
    return layer.campaign


def test_statistics_count_contributions_and_the_people_behind_them(mixed_contributions):
    with translation.override("en"):
        statistics = campaign_statistics(mixed_contributions)

    assert {k: statistics[k] for k in statistics if not k.startswith("by_")} == {
        "contributions": 3,
        "people": 25,
        "collective_contributions": 1,
        "collective_people": 23,
    }
    by_category = {row["category"]: row for row in statistics["by_category"]}
    assert by_category["proposal"] == {
        "category": "proposal",
        "label": "Proposal",
        "contributions": 2,
        "people": 24,
        "collective_contributions": 1,
        "collective_people": 23,
    }
    assert by_category["issue"]["people"] == 1
    assert statistics["by_status"] == [
        {
            "status": "published",
            "contributions": 3,
            "people": 25,
            "collective_contributions": 1,
            "collective_people": 23,
        }
    ]


def test_statistics_endpoint_and_campaign_page_show_the_same_figures(client, mixed_contributions):
    url = reverse("campaign-statistics", kwargs={"slug": mixed_contributions.slug})
    data = APIClient().get(url).json()
    assert (data["contributions"], data["people"]) == (3, 25)
    assert (data["collective_contributions"], data["collective_people"]) == (1, 23)

    response = client.get(mixed_contributions.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["statistics"]["people"] == 25
    html = response.content.decode()
    assert "<dt>People behind them</dt><dd>25</dd>" in html
    assert "<dt>People in collective contributions</dt><dd>23</dd>" in html
    assert '<th scope="row">Proposal</th><td>2</td><td>24</td>' in html


def test_the_campaign_maps_tiles_carry_group_and_headcount(client, mixed_contributions, tmp_path):
    response = client.get(mixed_contributions.get_absolute_url())
    [layer] = page_json(response, "campaign-data")["layers"]
    drawn = read_page_tile(client, layer["tiles"], INSIDE, 18, tmp_path)["contributions"]
    properties = {attributes["title"]: attributes for attributes, _ in drawn}
    assert properties["Garden"]["group_name"] == "Assemblée"
    assert properties["Garden"]["participant_count"] == 23
    assert properties["Alone"]["group_name"] == ""


@pytest.mark.parametrize(
    ("collective", "titles"), [("true", {"Garden"}), ("false", {"Alone", "Alone too"})]
)
def test_collective_contributions_are_filterable(mixed_contributions, collective, titles):
    visible = Annotation.objects.visible()
    filtered = AnnotationFilter({"collective": collective}, queryset=visible).qs
    assert set(filtered.values_list("title", flat=True)) == titles


def test_a_meetings_contributions_are_filterable_by_its_event(mixed_contributions):
    event = Annotation.objects.get(title="Garden").source_event
    filtered = AnnotationFilter({"source_event": event.pk}, queryset=Annotation.objects.all()).qs
    assert list(filtered.values_list("title", flat=True)) == ["Garden"]


def test_the_admin_lists_a_meetings_collective_contributions(client, staff, mixed_contributions):
    event = Annotation.objects.get(title="Garden").source_event
    client.force_login(staff)
    url = reverse("admin:agenda_event_change", args=[event.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Collective contributions from this meeting" in html
    assert "Garden" in html and "Assemblée" in html

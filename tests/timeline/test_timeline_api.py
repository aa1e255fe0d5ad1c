"""The TimelineJS JSON of a campaign, checked field by field against the documented format."""

from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from tests.support.factories import AnnotationFactory, CampaignFactory, EraFactory, MilestoneFactory
from timeline.models import Milestone

pytestmark = pytest.mark.django_db


def timeline(campaign):
    response = APIClient().get(reverse("campaign-timeline", kwargs={"slug": campaign.slug}))
    assert response.status_code == 200
    return response.json()


def test_timeline_follows_the_timelinejs_format():
    campaign = CampaignFactory(title="Quartier du Parc", summary="Le projet en bref.")
    MilestoneFactory(
        campaign=campaign,
        date=date(2026, 3, 14),
        date_precision="day",
        headline="Ouverture de la concertation",
        text="<p>Venez <strong>nombreux</strong>.</p>",
        media_url="https://example.org/affiche.jpg",
        media_caption="L'affiche",
        media_credit="Ville de Nanterre",
        group="Concertation",
        progress=100,
    )
    MilestoneFactory(campaign=campaign, date=date(2027, 6, 1), date_precision="month")
    MilestoneFactory(campaign=campaign, date=date(2025, 1, 1), date_precision="year")
    EraFactory(
        campaign=campaign,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 6, 30),
        headline="Concertation",
    )

    data = timeline(campaign)

    assert set(data) == {"title", "events", "eras"}
    assert data["title"] == {"text": {"headline": "Quartier du Parc", "text": "Le projet en bref."}}
    by_year = {event["start_date"]["year"]: event for event in data["events"]}
    assert by_year[2025]["start_date"] == {"year": 2025}
    assert by_year[2027]["start_date"] == {"year": 2027, "month": 6}
    opening = by_year[2026]
    assert opening["start_date"] == {"year": 2026, "month": 3, "day": 14}
    assert opening["text"] == {
        "headline": "Ouverture de la concertation",
        "text": "<p>Venez <strong>nombreux</strong>.</p><p>100&nbsp;%</p>",
    }
    assert opening["media"] == {
        "url": "https://example.org/affiche.jpg",
        "caption": "L&#x27;affiche",
        "credit": "Ville de Nanterre",
    }
    assert opening["group"] == "Concertation"
    assert opening["unique_id"].startswith("milestone-")
    assert len({event["unique_id"] for event in data["events"]}) == 3
    assert "media" not in by_year[2025] and "group" not in by_year[2025]
    assert data["eras"] == [
        {
            "start_date": {"year": 2026, "month": 3, "day": 1},
            "end_date": {"year": 2026, "month": 6, "day": 30},
            "text": {"headline": "Concertation"},
        }
    ]


def test_text_is_sanitised_and_headlines_escaped():
    campaign = CampaignFactory()
    MilestoneFactory(
        campaign=campaign,
        headline="<img src=x onerror=alert(1)>",
        text='<p onclick="alert(2)">Voir <a href="javascript:alert(3)">ici</a> '
        '<a href="https://example.org">là</a></p><script>alert(4)</script>',
        media_caption="<b>légende</b>",
    )

    [event] = timeline(campaign)["events"]

    assert event["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    text = event["text"]["text"]
    assert "onclick" not in text and "javascript:" not in text and "<script" not in text
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">là</a>' in text


def test_draft_campaigns_have_no_public_timeline():
    campaign = CampaignFactory(is_published=False)
    url = reverse("campaign-timeline", kwargs={"slug": campaign.slug})
    assert APIClient().get(url).status_code == 404


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/photo.jpg"])
def test_a_media_url_that_is_not_http_is_refused(client, staff, url):
    campaign = CampaignFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:timeline_milestone_add"),
        {
            "campaign": campaign.pk,
            "date": "2026-03-14",
            "date_precision": "day",
            "headline": "Photo",
            "media_url": url,
            "location": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Use a web address that starts with http:// or https://." in response.content.decode()
    assert not Milestone.objects.exists()


def test_the_database_refuses_a_media_url_that_is_not_http():
    campaign = CampaignFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(campaign=campaign, media_url="javascript:alert(1)")
    assert not Milestone.objects.exists()


def test_milestones_in_the_api_are_geojson():
    milestone = MilestoneFactory()
    MilestoneFactory(campaign__is_published=False)
    response = APIClient().get(reverse("milestone-list"), {"campaign": milestone.campaign.slug})
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["properties"]["headline"] == milestone.headline
    assert feature["geometry"] is None


def test_a_milestone_linked_to_the_map_links_to_it_from_its_slide():
    annotation = AnnotationFactory()
    campaign = annotation.layer.campaign
    MilestoneFactory(campaign=campaign, annotation=annotation, date=date(2026, 1, 1))
    MilestoneFactory(campaign=campaign, location=Point(2.2, 48.9, srid=4326), date=date(2027, 1, 1))
    MilestoneFactory(campaign=campaign, date=date(2028, 1, 1))

    texts = [event["text"]["text"] for event in timeline(campaign)["events"]]

    page = campaign.get_absolute_url()
    assert texts == [
        f'<p><a href="{page}?annotation={annotation.pk}#campaign-map">Voir sur la carte</a></p>',
        f'<p><a href="{page}?at=48.9%2C2.2#campaign-map">Voir sur la carte</a></p>',
        "",
    ]

"""Headless Chromium renders a campaign's timeline with TimelineJS served from static/vendor."""

from datetime import date

import pytest
from django.urls import reverse

from tests.support.factories import AnnotationFactory, CampaignFactory, MilestoneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_timeline_page_shows_the_milestones_as_slides(page, live_server):
    campaign = CampaignFactory(title="Quartier du Parc")
    MilestoneFactory(
        campaign=campaign,
        date=date(2025, 1, 1),
        date_precision="year",
        headline="Lancement du projet",
    )
    MilestoneFactory(
        campaign=campaign,
        date=date(2026, 3, 14),
        headline="Ouverture",
        text="<p>Venez <strong>nombreux</strong></p>",
    )
    MilestoneFactory(
        campaign=campaign,
        date=date(2027, 6, 1),
        date_precision="month",
        headline="<b>Début</b> des travaux",
    )
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + reverse("timeline:campaign", args=[campaign.slug]))
    page.wait_for_selector(".tl-slide .tl-headline")

    headlines = page.locator(".tl-slide .tl-headline").all_inner_texts()
    assert {"Quartier du Parc", "Lancement du projet", "Ouverture", "<b>Début</b> des travaux"} <= {
        text.strip() for text in headlines
    }
    assert page.locator(".tl-slide strong", has_text="nombreux").count() == 1
    # Dates in French, with only the parts each milestone's precision allows; the
    # locale file comes from static/vendor, not from a CDN.
    assert any(url.endswith("/locale/fr.json") for url in requests)
    dates = page.locator(".tl-slide .tl-headline-date").all_inner_texts()
    assert {"2025", "14 mars 2026", "juin 2027"} <= set(dates)
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    assert errors == []
    # The list beside the story, for keyboards and screen readers.
    assert page.get_by_role("heading", name="Jalons").is_visible()


def test_a_milestone_opens_the_campaign_map_on_its_contribution(page, live_server):
    annotation = AnnotationFactory(title="Des bancs sur la place")
    campaign = annotation.layer.campaign
    MilestoneFactory(campaign=campaign, headline="Bancs installés", annotation=annotation)

    page.goto(live_server.url + reverse("timeline:campaign", args=[campaign.slug]))
    page.locator(".timeline-list").get_by_role("link", name="Voir sur la carte").click()

    popup = page.locator("#campaign-map .leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().splitlines()[0] == "Des bancs sur la place"

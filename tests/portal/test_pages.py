"""The home and campaign pages carry their maps' data, built by PostGIS."""

import math
from datetime import timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from tests.support.factories import (
    INSIDE,
    PASSWORD,
    AnnotationFactory,
    CampaignFactory,
    ContributionLayerFactory,
    FeatureFactory,
    ReferenceLayerFactory,
)
from tests.support.pages import page_json
from tests.support.tiles import read_page_tile

pytestmark = pytest.mark.django_db


def test_home_lists_published_campaigns_open_ones_first(client):
    CampaignFactory(title="Analysed", phase="analysis")
    CampaignFactory(title="Open now", phase="open")
    CampaignFactory(title="Hidden draft", is_published=False)

    response = client.get(reverse("portal:home"))

    assert [c.title for c in response.context["campaigns"]] == ["Open now", "Analysed"]
    perimeters = page_json(response, "campaigns-data")
    assert perimeters["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in perimeters["features"]} == {"MultiPolygon"}
    assert "Hidden draft" not in response.content.decode()


def test_home_shows_a_page_of_campaigns_whose_outlines_stay_light(client, monkeypatch):
    monkeypatch.setattr("portal.views.campaigns.EXACT_COUNT_LIMIT", 2)
    # A perimeter traced to the metre: 2,000 vertices on a ring 2 km across.
    ring = [
        (
            2.2 + 0.02 * math.cos(2 * math.pi * i / 2000),
            48.89 + 0.02 * math.sin(2 * math.pi * i / 2000),
        )
        for i in range(2000)
    ]
    fine = CampaignFactory(
        title="Finely drawn",
        phase="open",
        perimeter=MultiPolygon(Polygon([*ring, ring[0]]), srid=4326),
    )
    AnnotationFactory.create_batch(3, layer=ContributionLayerFactory(campaign=fine))
    CampaignFactory.create_batch(24, phase="analysis")

    first = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    second = client.get(reverse("portal:home"), {"page": 2}, HTTP_ACCEPT_LANGUAGE="en")

    assert len(first.context["campaigns"]) == 20
    assert len(second.context["campaigns"]) == 5
    assert 'rel="next"' in first.content.decode()
    # The map shows the campaigns the page lists, each outline simplified and rounded.
    perimeters = page_json(first, "campaigns-data")["features"]
    assert len(perimeters) == 20
    (outline,) = [f["geometry"] for f in perimeters if f["properties"]["title"] == "Finely drawn"]
    vertices = [point for polygon in outline["coordinates"] for point in polygon[0]]
    assert 8 < len(vertices) < 100
    assert all(round(x, 4) == x and round(y, 4) == y for x, y in vertices)
    assert "More than 2 contributions" in first.content.decode()


def test_home_pages_its_consultations_twenty_at_a_time_beside_the_campaigns(client):
    campaign = CampaignFactory(title="Open now", phase="open")
    CampaignFactory.create_batch(21, phase="analysis")
    opened = timezone.now() - timedelta(days=1)
    for number in range(25):
        Consultation.objects.create(
            campaign=campaign,
            slug=f"texte-{number}",
            title=f"Texte {number:02}",
            opens_at=opened - timedelta(hours=number),
            closes_at=timezone.now() + timedelta(days=10),
            phase=Consultation.Phase.OPEN,
            is_published=True,
        )
    Consultation.objects.create(
        campaign=campaign,
        slug="brouillon",
        title="Texte brouillon",
        opens_at=opened,
        closes_at=timezone.now() + timedelta(days=10),
        is_published=True,
    )
    home = reverse("portal:home")

    first = client.get(home, HTTP_ACCEPT_LANGUAGE="en")
    second = client.get(home, {"page": 2, "consultations_page": 2}, HTTP_ACCEPT_LANGUAGE="en")
    beyond = client.get(home, {"consultations_page": 99}, HTTP_ACCEPT_LANGUAGE="en")
    in_french = client.get(home, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    first_titles = [c.title for c in first.context["consultations"]]
    second_titles = [c.title for c in second.context["consultations"]]
    assert first_titles == [f"Texte {number:02}" for number in range(20)]
    assert second_titles == [f"Texte {number:02}" for number in range(20, 25)]
    assert "Texte brouillon" not in first.content.decode() + second.content.decode()
    page = first.content.decode()
    assert 'aria-label="Pages of consultations"' in page
    assert 'href="?consultations_page=2" rel="next"' in page
    # Each list keeps its own page: the campaigns' second page, the consultations' second.
    assert len(second.context["campaigns"]) == 2
    assert 'href="?page=2&amp;consultations_page=1" rel="prev"' in second.content.decode()
    assert 'href="?page=1&amp;consultations_page=2" rel="prev"' in second.content.decode()
    assert 'aria-label="Pages des consultations"' in in_french
    # A page past the end shows the last one rather than an error.
    assert [c.title for c in beyond.context["consultations"]] == second_titles


def test_campaign_page_carries_its_layers_and_their_tiles_show_visible_contributions(
    client, tmp_path
):
    campaign = CampaignFactory(rules="Every proposal gets an answer.")
    plan = ReferenceLayerFactory(campaign=campaign, color="#7b3294")
    FeatureFactory(layer=plan, label="New square")
    contributions = ContributionLayerFactory(campaign=campaign)
    AnnotationFactory(layer=contributions, title="Benches please")
    AnnotationFactory(layer=contributions, title="Spam", is_hidden=True)

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert "Every proposal gets an answer." in response.content.decode()
    data = page_json(response, "campaign-data")
    layers = {layer["name"]: layer for layer in data["layers"]}
    assert layers[plan.name]["color"] == "#7b3294"
    plan_features = read_page_tile(client, layers[plan.name]["tiles"], INSIDE, 18, tmp_path)
    assert [attributes["label"] for attributes, _ in plan_features["features"]] == ["New square"]
    drawn = read_page_tile(client, layers[contributions.name]["tiles"], INSIDE, 18, tmp_path)
    assert [attributes["title"] for attributes, _ in drawn["contributions"]] == ["Benches please"]


def test_draft_campaigns_are_not_found_by_visitors_but_shown_to_staff(client, staff):
    draft = CampaignFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_user_text_is_never_rendered_as_html(client, tmp_path):
    campaign = CampaignFactory(title="<script>alert(1)</script>")
    AnnotationFactory(layer__campaign=campaign, title="</script><img src=x onerror=alert(2)>")

    response = client.get(campaign.get_absolute_url())
    html = response.content.decode()

    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html
    # The map's tiles keep the title intact (the map sets it as text).
    [layer] = page_json(response, "campaign-data")["layers"]
    [(drawn, _)] = read_page_tile(client, layer["tiles"], INSIDE, 18, tmp_path)["contributions"]
    assert drawn["title"] == "</script><img src=x onerror=alert(2)>"


def test_pages_switch_between_french_and_english(client):
    home = reverse("portal:home")
    assert "Campagnes" in client.get(home).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": home})
    assert "Campaigns" in client.get(home).content.decode()


def test_a_resident_logs_in_sees_their_name_and_logs_out(client, resident):
    home = reverse("portal:home")
    response = client.post(
        reverse("login"),
        {"username": resident.username, "password": PASSWORD, "next": home},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == home
    assert resident.display_name in response.content.decode()

    response = client.post(reverse("logout"), follow=True)
    assert resident.display_name not in response.content.decode()
    assert response.context["user"].is_anonymous


def test_a_wrong_password_is_refused_with_a_message(client, resident):
    response = client.post(
        reverse("login"),
        {"username": resident.username, "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session

"""A campaign's map for the city's own website: only the origins of EMBED_ALLOWED_ORIGINS
may frame it, and every other page keeps refusing frames."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def embed(client, campaign):
    return client.get(reverse("portal:campaign-embed", args=[campaign.slug]))


def test_the_embed_may_be_framed_by_the_listed_origins_only(client, campaign, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ville.example", "https://quartiers.example"]

    response = embed(client, campaign)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == (
        "frame-ancestors https://www.ville.example https://quartiers.example"
    )
    assert "X-Frame-Options" not in response


def test_with_no_origin_listed_nobody_may_frame_the_embed(client, campaign, settings):
    settings.EMBED_ALLOWED_ORIGINS = []

    assert embed(client, campaign)["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_the_embed_shows_the_map_and_leads_to_the_campaign_page(client, campaign, settings):
    html = embed(client, campaign).content.decode()

    assert 'id="campaign-map"' in html
    assert 'id="campaign-data"' in html
    assert '<base target="_blank">' in html
    assert f'href="{campaign.get_absolute_url()}"' in html
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html


def test_an_unpublished_campaign_has_no_embed(client, campaign):
    campaign.is_published = False
    campaign.save()

    assert embed(client, campaign).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/", "/campaigns/{slug}/", "/agenda/", "/pages/contact/", "/ogc/?f=html"],
)
def test_every_other_page_refuses_frames(client, campaign, settings, url):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ville.example"]

    response = client.get(url.format(slug=campaign.slug))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors https://www.ville.example" not in response.get(
        "Content-Security-Policy", ""
    )

"""/notifications/areas/new/: drawing an alert area on the page, by a polygon or around an
address (chosen among the suggestions, or typed and looked up by the server without
JavaScript); every refusal is said on the page and nothing is written."""

import json
from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.throttling import NOT_CONFIRMED
from notifications.models import AlertArea
from tests.support import factories

from .areas import BOW_TIE, HUGE, IN_PARIS, INSIDE, SMALL, TILLEULS, east_of, tilleuls_address

pytestmark = pytest.mark.django_db
URL = reverse("notifications:area_new")


def text_of(response):
    return response.content.decode()


def sent(client, **fields):
    return client.post(URL, {"name": "Near home", "radius": "300", **fields})


@pytest.fixture(autouse=True)
def in_english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def test_anonymous_people_get_a_log_in_link_and_the_campaign_feed(client, campaign):
    page = text_of(client.get(f"{URL}?campaign={campaign.slug}"))
    assert (
        f'href="/accounts/login/?next=/notifications/areas/new/%3Fcampaign%3D{campaign.slug}"'
        in page
    )
    assert f'href="/campaigns/{campaign.slug}/feed.atom"' in page
    assert 'id="area-form"' not in page


def test_anonymous_sending_is_sent_to_log_in_and_nothing_is_written(client):
    response = sent(client, shape="polygon", geometry=SMALL.geojson)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AlertArea.objects.exists()


def test_the_log_in_link_comes_back_to_the_whole_address(client):
    response = client.post(f"{URL}?campaign=a&x=1", {"name": "Near home"})
    assert response["Location"] == "/accounts/login/?next=" + quote(f"{URL}?campaign=a&x=1", "/")


def test_an_unconfirmed_account_is_told_to_confirm_and_nothing_is_written(client):
    client.force_login(factories.UserFactory(email_confirmed=False))
    assert str(NOT_CONFIRMED) in text_of(client.get(URL))
    response = sent(client, shape="polygon", geometry=SMALL.geojson)
    assert response.status_code == 403
    assert str(NOT_CONFIRMED) in text_of(response)
    assert not AlertArea.objects.exists()


def test_the_page_in_a_campaign_carries_its_perimeter_and_slug(signed_in, campaign):
    response = signed_in.get(f"{URL}?campaign={campaign.slug}")
    assert f"Draw an area in “{campaign.title}”" in text_of(response)
    assert response.context["form"]["campaign"].value() == campaign.slug
    assert response.context["map_data"]["perimeter"]["features"][0]["properties"]["title"] == (
        campaign.title
    )


def test_a_drawn_polygon_is_saved_in_its_campaign(signed_in, resident, campaign):
    response = sent(signed_in, shape="polygon", geometry=SMALL.geojson, campaign=campaign.slug)

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:following")
    area = AlertArea.objects.get(user=resident)
    assert (area.name, area.campaign) == ("Near home", campaign)
    assert area.geometry.equals_exact(SMALL, tolerance=1e-9)
    following = text_of(signed_in.get(response["Location"]))
    assert "Your alert area “Near home” is saved" in following
    assert f'href="/notifications/areas/{area.feed_token}/feed.atom"' in following


def test_a_place_chosen_among_the_suggestions_makes_a_circle_of_the_radius(signed_in, resident):
    response = sent(signed_in, shape="circle", longitude=INSIDE.x, latitude=INSIDE.y, radius="500")

    assert response.status_code == 302
    area = AlertArea.objects.get(user=resident)
    assert area.campaign is None
    assert area.geometry.contains(INSIDE) and area.geometry.contains(east_of(INSIDE, 480))
    assert not area.geometry.contains(east_of(INSIDE, 1000))


def test_without_javascript_the_typed_address_is_looked_up(signed_in, resident):
    tilleuls_address()

    response = sent(signed_in, shape="circle", address="12 allee des tilleuls")

    assert response.status_code == 302
    area = AlertArea.objects.get(user=resident)
    address = TILLEULS
    assert area.geometry.contains(address)
    assert not area.geometry.contains(east_of(address, 600))


def refused(response, message):
    assert response.status_code == 400
    page = text_of(response)
    assert "Your area was not saved" in page
    assert message in page
    assert not AlertArea.objects.exists()
    return page


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (HUGE, "an alert area may cover at most 50 km²"),
        (BOW_TIE, "The area&#x27;s outline crosses itself"),
        (IN_PARIS, "This area lies outside the perimeter of “Campaign"),
    ],
    ids=["too large", "self-intersecting", "outside the campaign"],
)
def test_a_refused_polygon_is_said_beside_the_map_and_kept(signed_in, campaign, shape, message):
    response = sent(signed_in, shape="polygon", geometry=shape.geojson, campaign=campaign.slug)

    page = refused(response, message)
    beside_the_map = page.split('id="area-map-message"')[1].split("</div>")[0]
    assert message in beside_the_map
    # What was drawn comes back, to be drawn again and corrected.
    assert json.loads(response.context["form"]["geometry"].value()) == json.loads(shape.geojson)


def test_polygon_chosen_but_nothing_drawn(signed_in):
    refused(sent(signed_in, shape="polygon"), "Draw the area on the map first")


def test_a_shape_nested_too_deeply_is_unreadable(signed_in):
    # Deeper than Python's JSON decoder goes: it answered 500.
    deep = "[" * 100_000 + "]" * 100_000
    refused(
        sent(signed_in, shape="polygon", geometry=deep),
        "The shape drawn on the map could not be read; draw it again.",
    )


def test_circle_chosen_but_no_address(signed_in):
    refused(sent(signed_in, shape="circle"), "Type an address and choose it among the suggestions")


def test_an_address_nobody_knows(signed_in):
    page = refused(sent(signed_in, shape="circle", address="zzzz qqqq"), "No address found")
    assert 'value="zzzz qqqq"' in page


def test_too_many_areas(signed_in, resident, settings):
    settings.ALERT_AREAS_PER_USER = 1
    AlertArea.objects.create(user=resident, name="First", geometry=SMALL)
    response = sent(signed_in, shape="polygon", geometry=SMALL.geojson)
    assert response.status_code == 400
    assert "You already have 1 alert areas" in text_of(response)
    assert AlertArea.objects.count() == 1


def test_a_nameless_area_is_refused(signed_in):
    refused(
        signed_in.post(URL, {"shape": "polygon", "geometry": SMALL.geojson, "radius": "300"}),
        "This field is required.",
    )


def test_the_campaign_page_offers_alerts_and_its_feed(client, campaign):
    page = text_of(client.get(campaign.get_absolute_url()))
    feed = f"/campaigns/{campaign.slug}/feed.atom"
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{campaign.title}: what is new" href="{feed}">' in page
    )
    assert f'href="{URL}?campaign={campaign.slug}"' in page
    assert f'class="button button-secondary feed-link" href="{feed}"' in page


def test_a_campaign_that_is_no_slug_is_no_campaign(signed_in):
    # A NUL byte in the address or the form never reaches PostgreSQL (it answered 500).
    response = signed_in.get(URL, {"campaign": "a\x00"})
    assert response.status_code == 200
    assert "Be alerted about a place" in text_of(response)
    refused(
        sent(signed_in, shape="polygon", geometry=SMALL.geojson, campaign="a\x00"),
        "Select a valid choice. That choice is not one of the available choices.",
    )

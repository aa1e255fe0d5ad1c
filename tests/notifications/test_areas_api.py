"""/api/alert-areas/: a person draws, lists and deletes their alert areas; every refusal
says why and writes nothing."""

import pytest

from accounts.throttling import NOT_CONFIRMED
from notifications.models import AlertArea
from tests.support import factories
from tests.support.api import api, geojson

from .areas import BOW_TIE, HUGE, IN_PARIS, INSIDE, SMALL, east_of

pytestmark = pytest.mark.django_db
URL = "/api/alert-areas/"


def draw(user, **body):
    return api(user).post(URL, {"name": "Near home", **body}, format="json")


def test_a_polygon_is_saved_with_its_campaign_and_a_feed_address(resident, campaign):
    response = draw(resident, geometry=geojson(SMALL), campaign=campaign.slug)

    assert response.status_code == 201, response.json()
    area = AlertArea.objects.get(user=resident)
    assert area.campaign == campaign and area.name == "Near home" and area.active
    assert area.geometry.equals_exact(SMALL, tolerance=1e-9)
    body = response.json()
    assert body["type"] == "Feature" and body["geometry"]["type"] == "Polygon"
    assert body["properties"]["campaign"] == campaign.slug
    assert (
        body["properties"]["feed"]
        == f"http://testserver/notifications/areas/{area.feed_token}/feed.atom"
    )


def test_a_circle_around_a_place_holds_the_place_and_not_twice_the_radius_away(resident):
    response = draw(resident, circle={"lon": INSIDE.x, "lat": INSIDE.y, "radius_m": 300})

    assert response.status_code == 201, response.json()
    area = AlertArea.objects.get(user=resident)
    assert area.campaign is None
    assert area.geometry.contains(INSIDE)
    assert area.geometry.contains(east_of(INSIDE, 280))
    assert not area.geometry.contains(east_of(INSIDE, 600))


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (HUGE, "an alert area may cover at most 50 km²"),
        (BOW_TIE, "The area's outline crosses itself"),
        (IN_PARIS, "This area lies outside the perimeter of “Campaign"),
    ],
    ids=["too large", "self-intersecting", "outside the campaign"],
)
def test_a_refused_shape_says_why_and_nothing_is_written(resident, campaign, shape, message):
    response = draw(resident, geometry=geojson(shape), campaign=campaign.slug)

    assert response.status_code == 400
    assert message in response.json()["geometry"][0]
    assert not AlertArea.objects.exists()


def test_a_line_is_not_an_area(resident):
    response = draw(
        resident, geometry={"type": "LineString", "coordinates": [[2.2, 48.9], [2.21, 48.9]]}
    )

    assert response.status_code == 400
    assert response.json()["geometry"] == ["Draw one area, in one piece."]
    assert not AlertArea.objects.exists()


def test_too_many_corners_are_refused(resident, settings):
    settings.ALERT_AREA_MAX_VERTICES = 10
    response = draw(resident, circle={"lon": INSIDE.x, "lat": INSIDE.y, "radius_m": 300})

    assert response.status_code == 400
    assert "at most 10 are allowed" in response.json()["geometry"][0]
    assert not AlertArea.objects.exists()


def test_a_person_keeps_at_most_the_set_number_of_areas(resident, settings):
    settings.ALERT_AREAS_PER_USER = 2
    for _ in range(2):
        assert draw(resident, geometry=geojson(SMALL)).status_code == 201

    response = draw(resident, geometry=geojson(SMALL))

    assert response.status_code == 400
    assert response.json() == [
        "You already have 2 alert areas, the most one person may keep: delete one you no "
        "longer need first."
    ]
    assert AlertArea.objects.count() == 2
    # Someone else still may.
    assert draw(factories.UserFactory(), geometry=geojson(SMALL)).status_code == 201


def test_a_polygon_and_a_circle_at_once_are_refused(resident):
    response = draw(
        resident,
        geometry=geojson(SMALL),
        circle={"lon": INSIDE.x, "lat": INSIDE.y, "radius_m": 300},
    )
    assert response.status_code == 400
    assert "either a polygon" in response.json()["non_field_errors"][0]
    assert not AlertArea.objects.exists()


def test_a_radius_beyond_two_kilometres_is_refused(resident):
    response = draw(resident, circle={"lon": INSIDE.x, "lat": INSIDE.y, "radius_m": 5000})
    assert response.status_code == 400
    assert "2000" in response.json()["circle"]["radius_m"][0]
    assert not AlertArea.objects.exists()


def test_anonymous_people_are_asked_to_log_in(db):
    response = draw(None, geometry=geojson(SMALL))
    assert response.status_code == 401
    assert not AlertArea.objects.exists()


def test_an_unconfirmed_account_is_asked_to_confirm_first(db):
    unconfirmed = factories.UserFactory(email_confirmed=False)
    response = draw(unconfirmed, geometry=geojson(SMALL))
    assert response.status_code == 403
    assert response.json()["detail"] == str(NOT_CONFIRMED)
    assert not AlertArea.objects.exists()


def test_drawing_is_throttled(resident, settings):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "alert_area": {"account": "1/h", "address": "100/h"},
    }
    assert draw(resident, geometry=geojson(SMALL)).status_code == 201
    response = draw(resident, geometry=geojson(SMALL))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert AlertArea.objects.count() == 1


def test_a_person_lists_and_deletes_only_their_own_areas(resident):
    mine = AlertArea.objects.create(user=resident, name="Mine", geometry=SMALL)
    theirs = AlertArea.objects.create(user=factories.UserFactory(), name="Theirs", geometry=SMALL)
    client = api(resident)

    listed = client.get(URL).json()
    assert [feature["properties"]["name"] for feature in listed["features"]] == ["Mine"]
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert client.delete(f"{URL}{mine.pk}/").status_code == 204
    assert list(AlertArea.objects.all()) == [theirs]


def test_deleting_is_throttled(resident, settings):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "follow": {"account": "1/h", "address": "100/h"},
    }
    first, second = (
        AlertArea.objects.create(user=resident, name=name, geometry=SMALL)
        for name in ("First", "Second")
    )
    client = api(resident)
    assert client.delete(f"{URL}{first.pk}/").status_code == 204

    response = client.delete(f"{URL}{second.pk}/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert list(AlertArea.objects.all()) == [second]


def test_a_campaign_that_is_no_slug_is_no_campaign(resident):
    # A NUL byte never reaches PostgreSQL (it answered 500).
    response = draw(resident, geometry=geojson(SMALL), campaign="a\x00")

    assert response.status_code == 400
    assert response.json()["campaign"] == ["Object with slug=a\x00 does not exist."]
    assert not AlertArea.objects.exists()


@pytest.mark.parametrize("sent", [5, ["x"], {"a": 1}], ids=["number", "list", "object"])
def test_a_campaign_that_is_no_string_is_no_campaign(resident, sent):
    response = draw(resident, geometry=geojson(SMALL), campaign=sent)

    assert response.status_code == 400
    assert response.json()["campaign"] == [f"Object with slug={sent} does not exist."]
    assert not AlertArea.objects.exists()

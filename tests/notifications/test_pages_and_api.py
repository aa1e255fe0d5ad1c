"""The centre, the header's count, the follows page, the follow buttons and the API."""

import pytest
from django.contrib.gis.geos import Polygon
from django.test import Client
from django.urls import reverse
from django.utils import translation

from notifications.models import Activity, AlertArea, Follow, Notification
from tests.support import factories
from tests.support.api import FORGED_CURSORS, INVALID_CURSOR
from tests.support.queue import run_queued_fan_outs

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def contribution(layer):
    return factories.AnnotationFactory(layer=layer, title="Broken bench")


def answered(contribution, times=1):
    staff = factories.StaffFactory()
    for number in range(times):
        contribution.respond(by=staff, response_text=f"Answer {number}", status="accepted")
    run_queued_fan_outs()


def test_the_centre_lists_sentences_with_links_marks_unread_then_reads_them(contribution):
    author = contribution.author
    answered(contribution)
    client = signed_in(author)
    home = client.get("/").content.decode()
    assert "1 unread notification" in home
    page = client.get(reverse("notifications:centre")).content.decode()
    assert "The city answered “Broken bench”." in page
    assert f'href="/contributions/{contribution.pk}/"' in page
    assert 'class="notification unread"' in page
    # Opened once: read from now on, and the header says so on this very page.
    assert "Notifications, none unread" in page
    assert not Notification.objects.unread().exists()
    again = client.get(reverse("notifications:centre")).content.decode()
    assert 'class="notification unread"' not in again
    assert "The city answered “Broken bench”." in again


def test_the_header_count_stops_at_99(contribution):
    answered(contribution, times=101)
    home = signed_in(contribution.author).get("/").content.decode()
    assert "99+" in home
    assert "More than 99 unread notifications" in home


def test_the_centre_pages_by_20_and_needs_an_account(contribution):
    answered(contribution, times=25)
    client = signed_in(contribution.author)
    first = client.get(reverse("notifications:centre")).content.decode()
    assert first.count('<li class="notification') == 20
    second = client.get(reverse("notifications:centre") + "?page=2").content.decode()
    assert second.count('<li class="notification') == 5
    anonymous = Client().get(reverse("notifications:centre"))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_follow_and_stop_from_a_contribution_page_without_javascript(contribution):
    reader = factories.UserFactory()
    client = signed_in(reader)
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in page and ">\n    Follow\n" in page
    url = reverse("notifications:follow_annotation", args=[contribution.pk])
    response = client.post(url, {"follow": "1", "next": contribution.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == contribution.get_absolute_url()
    assert Follow.objects.get(user=reader, annotation=contribution).active
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    client.post(url, {"follow": "0", "next": "https://evil.example/"})
    assert not Follow.objects.get(user=reader, annotation=contribution).active


def test_anonymous_people_are_asked_to_log_in(contribution, campaign):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(contribution.get_absolute_url()).content.decode()
    assert "Log in to follow it" in page
    url = reverse("notifications:follow_campaign", args=[campaign.slug])
    response = Client().post(url, {"follow": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Follow.objects.filter(campaign=campaign).exists()


def test_a_contribution_one_may_not_see_cannot_be_followed(layer):
    hidden = factories.AnnotationFactory(layer=layer, is_hidden=True)
    client = signed_in(factories.UserFactory())
    url = reverse("notifications:follow_annotation", args=[hidden.pk])
    assert client.post(url, {"follow": "1"}).status_code == 404
    assert not Follow.objects.exists()


def test_following_a_campaign_from_its_page(campaign, layer):
    reader = factories.UserFactory()
    client = signed_in(reader)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert reverse("notifications:follow_campaign", args=[campaign.slug]) in page
    client.post(reverse("notifications:follow_campaign", args=[campaign.slug]), {"follow": "1"})
    factories.AnnotationFactory(layer=layer, title="A new bench")
    run_queued_fan_outs()
    assert Notification.objects.get(recipient=reader).activity.kind == "new_contribution"


def test_the_follows_page_lists_and_stops_everything(contribution, campaign):
    reader = factories.UserFactory()
    Follow.objects.create(user=reader, annotation=contribution)
    Follow.objects.create(user=reader, campaign=campaign)
    area = AlertArea.objects.create(
        user=reader, name="Around home", geometry=Polygon.from_bbox((2.2, 48.89, 2.21, 48.9))
    )
    other = AlertArea.objects.create(
        user=factories.UserFactory(), name="Not mine", geometry=area.geometry
    )
    client = signed_in(reader)
    page = client.get(reverse("notifications:following")).content.decode()
    for name in ("Broken bench", campaign.title, "Around home"):
        assert name in page
    assert "Not mine" not in page
    client.post(reverse("notifications:area_stop", args=[area.pk]))
    area.refresh_from_db()
    assert not area.active
    assert client.post(reverse("notifications:area_delete", args=[other.pk])).status_code == 404
    client.post(reverse("notifications:area_delete", args=[area.pk]))
    assert not AlertArea.objects.filter(pk=area.pk).exists()
    assert AlertArea.objects.filter(pk=other.pk).exists()
    client.post(reverse("notifications:follow_annotation", args=[contribution.pk]), {"follow": "0"})
    page = client.get(reverse("notifications:following")).content.decode()
    assert f'<a href="{contribution.get_absolute_url()}">' not in page
    assert campaign.title in page


def test_the_follows_page_leaves_out_a_campaign_taken_back_to_draft(campaign):
    reader = factories.UserFactory()
    Follow.objects.create(user=reader, campaign=campaign)
    campaign.is_published = False
    campaign.save()

    page = signed_in(reader).get(reverse("notifications:following")).content.decode()
    assert campaign.title not in page


def test_a_follow_button_sending_neither_0_nor_1_changes_nothing(campaign):
    reader = factories.UserFactory()
    Follow.objects.set(reader, True, campaign=campaign)
    client = signed_in(reader)
    url = reverse("notifications:follow_campaign", args=[campaign.slug])

    for garbage in ({"follow": "yes please"}, {}):
        assert client.post(url, garbage).status_code == 400

    assert Follow.objects.get(user=reader).active


def test_the_api_follows_stops_lists_and_reads(contribution, campaign):
    reader = factories.UserFactory()
    client = signed_in(reader)
    url = f"/api/annotations/{contribution.pk}/follow/"
    assert client.post(url).json() == {"following": True}
    answered(contribution)
    listed = client.get("/api/notifications/").json()
    assert [item["sentence"] for item in listed["results"]] == ["The city answered “Broken bench”."]
    assert listed["results"][0]["unread"] is True
    assert listed["results"][0]["url"].endswith(f"/contributions/{contribution.pk}/")
    assert client.post("/api/notifications/read/").json() == {"marked_read": 1}
    assert client.get("/api/notifications/").json()["results"][0]["unread"] is False
    assert client.delete(url).json() == {"following": False}
    assert not Follow.objects.get(user=reader).active
    # Following again is the person's own choice, whatever first made them follow.
    Follow.objects.filter(user=reader).update(reason=Follow.Reason.VOTED)
    client.post(url)
    assert Follow.objects.get(user=reader).reason == Follow.Reason.CHOSEN
    client.delete(url)
    assert client.post(f"/api/campaigns/{campaign.slug}/follow/").json() == {"following": True}
    assert Client().post(url).status_code in (401, 403)
    follows = Follow.objects.count()
    assert client.post("/api/annotations/999999/follow/").status_code == 404
    assert client.post("/api/campaigns/no-such-campaign/follow/").status_code == 404
    assert Follow.objects.count() == follows


@pytest.mark.parametrize("cursor", FORGED_CURSORS)
def test_a_cursor_the_notifications_list_did_not_give_is_refused(contribution, cursor):
    answered(contribution)

    response = signed_in(contribution.author).get("/api/notifications/", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == {"cursor": [INVALID_CURSOR]}


def test_following_is_throttled(settings, contribution):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "follow": {"account": "2/h", "address": "100/h"},
    }
    reader = factories.UserFactory()
    client = signed_in(reader)
    url = f"/api/annotations/{contribution.pk}/follow/"
    assert client.post(url).status_code == 200
    assert client.delete(url).status_code == 200
    refused = client.post(url)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert not Follow.objects.get(user=reader).active  # the refused follow wrote nothing
    page = client.post(
        reverse("notifications:follow_annotation", args=[contribution.pk]), {"follow": "1"}
    )
    assert page.status_code == 429
    assert not Follow.objects.get(user=reader).active


def test_marking_read_is_throttled(settings, contribution):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "follow": {"account": "1/h", "address": "100/h"},
    }
    answered(contribution)
    client = signed_in(contribution.author)
    assert client.post("/api/notifications/read/").json() == {"marked_read": 1}
    Notification.objects.update(read_at=None)

    refused = client.post("/api/notifications/read/")

    assert refused.status_code == 429 and "Retry-After" in refused
    assert Notification.objects.unread().count() == 1


def test_a_sentence_reads_in_french(contribution):
    contribution.respond(by=factories.StaffFactory(), response_text="", status="done")
    activity = Activity.objects.get(kind=Activity.Kind.STATUS_CHANGED)
    with translation.override("fr"):
        assert activity.sentence() == "«\u202fBroken bench\u202f» est maintenant\u202f: Réalisée."

"""The Atom feeds of a campaign and of a drawn area: valid Atom anyone may read, holding
only what the public sees, newest first and bounded, answered 304 while nothing changed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from notifications.models import AlertArea
from tests.support import factories

from .areas import INSIDE, SMALL

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
OUTSIDE_SMALL = Point(2.2250, 48.8990, srid=4326)  # in Nanterre, a kilometre from SMALL


@pytest.fixture(autouse=True)
def in_english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(feed):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "category": entry.find(f"{ATOM}category").get("term"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def titles(feed):
    return [entry["title"] for entry in entries(feed)]


def campaign_feed(campaign):
    return reverse("notifications:campaign_feed", args=[campaign.slug])


def test_a_campaign_feed_holds_its_contributions_events_and_milestones_newest_first(
    client, campaign, layer
):
    author = factories.UserFactory(display_name="Camille")
    older = factories.AnnotationFactory(layer=layer, title="A bench", author=author)
    Annotation.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    factories.AnnotationFactory(layer=layer, title="A <b>crossing</b>", body="Here & now")
    factories.EventFactory(campaign=campaign, title="Public meeting", place_name="Town hall")
    factories.MilestoneFactory(
        campaign=campaign,
        headline="Works begin",
        date=timezone.localdate() - datetime.timedelta(days=1),
    )
    factories.MilestoneFactory(
        campaign=campaign,
        headline="Works end",
        date=timezone.localdate() + datetime.timedelta(days=90),
    )
    factories.AnnotationFactory(title="Another campaign's")

    feed = read(client, campaign_feed(campaign))

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == f"{campaign.title}: what is new"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "geoconsult"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"http://testserver{campaign.get_absolute_url()}"
    )
    got = entries(feed)
    # The planned milestone is news on its date, not before.
    assert [entry["title"] for entry in got] == [
        "Public meeting",
        "A <b>crossing</b>",
        "Works begin",
        "A bench",
    ]
    bench = got[-1]
    assert bench["link"] == bench["id"] == f"http://testserver{older.get_absolute_url()}"
    # RFC 4287: every entry has an id, a title and an updated date.
    assert all(entry["id"] and entry["title"] and entry["updated"] for entry in got)
    assert bench["author"] == "Camille"
    assert bench["category"] == "New contribution"
    assert got[0]["category"] == "New event"
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    crossing = next(
        e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("A <b>")
    )
    # The text a person wrote is escaped for the HTML a reader makes of the summary.
    assert "Here &amp; now" in crossing.findtext(f"{ATOM}summary")


def test_names_stay_out_when_the_campaign_hides_them(client, campaign, layer):
    campaign.show_author_names = False
    campaign.save()
    factories.AnnotationFactory(layer=layer, author=factories.UserFactory(display_name="Camille"))

    feed = read(client, campaign_feed(campaign))

    assert [entry["author"] for entry in entries(feed)] == [None]
    assert b"Camille" not in client.get(campaign_feed(campaign)).content


def test_only_what_the_public_sees(client, campaign, layer):
    factories.AnnotationFactory(layer=layer, title="Shown")
    factories.AnnotationFactory(layer=layer, title="Hidden", is_hidden=True)
    factories.AnnotationFactory(layer=layer, title="Waiting", status=Annotation.Status.SUBMITTED)
    factories.AnnotationFactory(layer=layer, title="Withdrawn", status=Annotation.Status.WITHDRAWN)
    factories.EventFactory(
        campaign=campaign, title="Proposed, not yet published", is_published=False
    )

    assert titles(read(client, campaign_feed(campaign))) == ["Shown"]


def test_a_draft_or_unknown_campaign_has_no_feed(client, staff):
    draft = factories.CampaignFactory(is_published=False)
    client.force_login(staff)  # even staff, who see the draft's page
    assert client.get(campaign_feed(draft)).status_code == 404
    assert client.get("/campaigns/no-such-campaign/feed.atom").status_code == 404


def test_at_most_fifty_entries(client, campaign, layer):
    factories.AnnotationFactory.create_batch(55, layer=layer)
    assert len(entries(read(client, campaign_feed(campaign)))) == 50


def test_a_reader_asking_again_gets_304_until_something_changes(
    client, campaign, layer, django_assert_max_num_queries
):
    shown = factories.AnnotationFactory(layer=layer, title="Shown")
    first = client.get(campaign_feed(campaign))
    etag = first["ETag"]
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]

    with django_assert_max_num_queries(6):
        again = client.get(campaign_feed(campaign), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304

    Annotation.objects.filter(pk=shown.pk).update(is_hidden=True)
    changed = client.get(campaign_feed(campaign), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert titles(ET.fromstring(changed.content)) == []


def area_feed(area):
    return reverse("notifications:area_feed", args=[area.feed_token])


def test_an_area_feed_holds_what_lies_inside_it(client, campaign, layer):
    owner = factories.UserFactory(display_name="Owner Olga")
    area = AlertArea.objects.create(user=owner, name="Around the school", geometry=SMALL)
    factories.AnnotationFactory(layer=layer, title="Inside", geometry=INSIDE)
    factories.AnnotationFactory(layer=layer, title="Outside", geometry=OUTSIDE_SMALL)
    factories.AnnotationFactory(layer=layer, title="Hidden inside", geometry=INSIDE, is_hidden=True)
    factories.AnnotationFactory(
        layer=layer, title="Waiting inside", geometry=INSIDE, status=Annotation.Status.SUBMITTED
    )
    draft_layer = factories.ContributionLayerFactory(
        campaign=factories.CampaignFactory(is_published=False)
    )
    factories.AnnotationFactory(layer=draft_layer, title="Draft campaign's", geometry=INSIDE)
    factories.EventFactory(campaign=campaign, title="Meeting inside", location=INSIDE)
    factories.EventFactory(campaign=campaign, title="Meeting outside", location=OUTSIDE_SMALL)
    factories.EventFactory(campaign=None, title="City-wide meeting inside", location=INSIDE)
    factories.MilestoneFactory(campaign=campaign, headline="Milestone inside", location=INSIDE)
    factories.MilestoneFactory(campaign=campaign, headline="Milestone nowhere")

    feed = read(client, area_feed(area))

    assert sorted(titles(feed)) == [
        "City-wide meeting inside",
        "Inside",
        "Meeting inside",
        "Milestone inside",
    ]
    assert feed.findtext(f"{ATOM}title") == "What is new in an area of the city"
    body = client.get(area_feed(area)).content.decode()
    assert "Owner Olga" not in body and "Around the school" not in body


def test_an_area_in_a_campaign_looks_into_that_campaign_alone(client, campaign, layer):
    area = AlertArea.objects.create(
        user=factories.UserFactory(), name="Here", geometry=SMALL, campaign=campaign
    )
    factories.AnnotationFactory(layer=layer, title="This campaign's", geometry=INSIDE)
    factories.AnnotationFactory(title="Another campaign's", geometry=INSIDE)

    feed = read(client, area_feed(area))

    assert titles(feed) == ["This campaign's"]
    assert feed.findtext(f"{ATOM}title") == f"What is new in an area of “{campaign.title}”"


def test_an_area_in_a_campaign_back_to_draft_has_no_feed(client, campaign):
    area = AlertArea.objects.create(
        user=factories.UserFactory(), name="Here", geometry=SMALL, campaign=campaign
    )
    assert client.get(area_feed(area)).status_code == 200
    campaign.is_published = False
    campaign.save()
    response = client.get(area_feed(area))
    assert response.status_code == 404
    assert campaign.title.encode() not in response.content


def test_an_unknown_or_deleted_area_has_no_feed(client, resident):
    area = AlertArea.objects.create(user=resident, name="Gone", geometry=SMALL)
    url = area_feed(area)
    assert client.get(url).status_code == 200
    area.delete()
    assert client.get(url).status_code == 404
    assert client.get("/notifications/areas/not-a-token/feed.atom").status_code == 404

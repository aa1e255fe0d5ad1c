"""Pre-moderation: a campaign holds new contributions (and comments) until a moderator
publishes or rejects them; until then the public sees them nowhere, their author sees them
as waiting."""

import json

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Annotation, Comment, ModerationAction
from tests.support import factories
from tests.support.api import api, feature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def premoderated(campaign):
    campaign.premoderate_contributions = True
    campaign.premoderate_comments = True
    campaign.save()
    return campaign


@pytest.fixture
def held(premoderated, layer, resident):
    """A resident's contribution sent through the API, and one already published."""
    response = api(resident).post("/api/annotations/", feature(layer, title="Fix the lamp"))
    assert response.status_code == 201, response.content
    factories.AnnotationFactory(layer=layer, author=factories.StaffFactory(), title="Already out")
    return Annotation.objects.get(pk=response.json()["id"])


def public_titles(client, campaign, layer):
    """The titles the public finds in the list, the map data, the exports and statistics."""
    page = client.get(reverse("portal:campaign", args=[campaign.slug]))
    map_data = json.loads(
        b"".join(client.get("/api/annotations/map/", {"layer": layer.pk}).streaming_content)
    )
    listed = client.get("/api/annotations/", {"layer": layer.pk}).json()
    export = client.get(reverse("export-contributions"), {"campaign": campaign.slug})
    statistics = client.get(f"/api/campaigns/{campaign.slug}/statistics/").json()
    return {
        "page": {title for title in ["Fix the lamp", "Already out"] if title in page.text},
        "map": {f["properties"]["title"] for f in map_data["features"]},
        "list": {f["properties"]["title"] for f in listed["features"]},
        "export": {f["properties"]["title"] for f in json.loads(b"".join(export))["features"]},
        "statistics": statistics["contributions"],
    }


def test_a_held_contribution_is_nowhere_public_until_a_moderator_publishes_it(
    client, held, premoderated, layer, moderator
):
    assert held.status == Annotation.Status.SUBMITTED

    before = public_titles(client, premoderated, layer)
    assert before == {
        "page": {"Already out"},
        "map": {"Already out"},
        "list": {"Already out"},
        "export": {"Already out"},
        "statistics": 1,
    }

    services.publish(held, moderator)

    after = public_titles(client, premoderated, layer)
    both = {"Fix the lamp", "Already out"}
    assert after == {"page": both, "map": both, "list": both, "export": both, "statistics": 2}
    assert ModerationAction.objects.get().kind == "publish"


def test_its_author_sees_it_as_waiting_and_nobody_votes_on_it(client, held, resident):
    client.force_login(resident)
    page = client.get(held.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Waiting for a moderator" in page.text

    other = factories.UserFactory()
    assert client.get(reverse("my-contributions")).status_code == 200
    assert api(other).get(f"/api/annotations/{held.pk}/").status_code == 404
    assert api(resident).put(f"/api/annotations/{held.pk}/vote/", {"value": 1}).status_code == 403
    assert held.votes.count() == 0


def test_rejecting_keeps_it_unpublished_and_tells_the_author_why(client, held, resident, moderator):
    client.force_login(moderator)
    url = reverse("annotations:moderation-reject", args=["contribution", held.pk])

    refused = client.post(url, {"reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "This field is required" in refused.text
    assert not Annotation.objects.get(pk=held.pk).is_hidden
    assert not ModerationAction.objects.exists()

    client.post(url, {"reason": "A private address is visible"})

    held.refresh_from_db()
    assert (held.status, held.is_hidden) == (Annotation.Status.SUBMITTED, True)
    client.force_login(resident)
    page = client.get(held.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Not published by the moderators: A private address is visible" in page.text
    assert api().get(f"/api/annotations/{held.pk}/").status_code == 404
    assert ModerationAction.objects.get().kind == "reject"


def test_the_queue_lists_what_waits_and_publishes_it_from_there(client, held, moderator):
    client.force_login(moderator)
    queue = client.get(reverse("annotations:moderation"), {"tab": "waiting"})
    assert "Fix the lamp" in queue.text
    assert "Already out" not in queue.text

    client.post(reverse("annotations:moderation-publish", args=["contribution", held.pk]))

    held.refresh_from_db()
    assert held.status == Annotation.Status.PUBLISHED
    queue = client.get(reverse("annotations:moderation"), {"tab": "waiting"})
    assert "Fix the lamp" not in queue.text


def test_a_moderator_cannot_publish_what_does_not_wait(layer, moderator):
    published = factories.AnnotationFactory(layer=layer)
    with pytest.raises(Exception, match="not waiting"):
        services.publish(published, moderator)
    assert not ModerationAction.objects.exists()


def test_staff_contributions_and_campaigns_without_the_setting_publish_at_once(
    premoderated, layer, staff
):
    assert factories.AnnotationFactory(layer=layer, author=staff).status == "published"
    open_layer = factories.ContributionLayerFactory()
    assert factories.AnnotationFactory(layer=open_layer).status == "published"


def test_held_comments_do_not_count_and_are_shown_to_their_author_only(
    client, premoderated, layer, resident, moderator
):
    contribution = factories.AnnotationFactory(layer=layer, author=moderator)
    response = api(resident).post(
        f"/api/annotations/{contribution.pk}/comments/", {"body": "Same on my street"}
    )
    assert response.status_code == 201
    assert response.json()["awaits_moderation"] is True
    comment = Comment.objects.get()

    def seen_by(user):
        detail = api(user).get(f"/api/annotations/{contribution.pk}/").json()
        comments = api(user).get(f"/api/annotations/{contribution.pk}/comments/").json()
        return detail["properties"]["comment_count"], len(comments["results"])

    assert seen_by(None) == (0, 0)
    assert seen_by(resident) == (0, 1)

    services.publish(comment, moderator)

    assert seen_by(None) == (1, 1)

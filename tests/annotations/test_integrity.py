"""What people send cannot inflate the figures, rewrite what others reacted to, or break a page."""

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import MeetingOutcome
from annotations import services
from annotations.models import Annotation, Comment
from portal.statistics import campaign_statistics
from tests.annotations.test_api_writes import snapshot
from tests.support import factories
from tests.support.api import api, feature

pytestmark = pytest.mark.django_db

LIST = "/api/annotations/"


# --- group_name and participant_count come from a meeting's outcome only ---------------------


@pytest.mark.parametrize(
    "properties",
    [
        {"group_name": "Conseil municipal", "participant_count": 2147483647},
        {"participant_count": 500},
        {"group_name": "Conseil municipal"},
    ],
    ids=["both", "count", "group"],
)
def test_a_resident_may_not_say_whom_a_contribution_speaks_for(resident, properties):
    layer = factories.ContributionLayerFactory()
    before = campaign_statistics(layer.campaign)["people"]

    response = api(resident).post(LIST, feature(layer, **properties))

    assert response.status_code == 400
    for name in properties:
        assert response.json()[name] == [
            "Only a meeting's outcome, recorded by staff or the meeting's facilitator, says "
            "which group a contribution speaks for and how many people: send it to "
            "/api/events/{id}/outcome/."
        ]
    assert not Annotation.objects.exists()
    assert campaign_statistics(layer.campaign)["people"] == before


def test_the_refusal_is_in_french_too(resident):
    layer = factories.ContributionLayerFactory()
    response = api(resident, language="fr").post(LIST, feature(layer, participant_count=9))
    assert response.status_code == 400
    assert response.json()["participant_count"][0].startswith("Seul le compte rendu d'une réunion")
    assert not Annotation.objects.exists()


def test_an_edit_may_not_change_whom_it_speaks_for():
    annotation = factories.AnnotationFactory()
    before = snapshot()

    response = api(annotation.author).patch(
        f"{LIST}{annotation.pk}/", {"properties": {"participant_count": 99}}
    )

    assert response.status_code == 400
    assert "participant_count" in response.json()
    assert snapshot() == before


# --- an author edits until others have reacted -------------------------------------------------


LOCKS = {
    "someone voted": (
        lambda a: factories.VoteFactory(annotation=a),
        "Someone has voted on this contribution: it can no longer be edited.",
    ),
    "someone commented": (
        lambda a: factories.CommentFactory(annotation=a),
        "Someone has commented on this contribution: it can no longer be edited.",
    ),
    "the city answered": (
        lambda a: a.respond(factories.StaffFactory(), "We will look.", "under_review"),
        "The city has answered this contribution: it can no longer be edited.",
    ),
    "a moderator hid it": (
        lambda a: services.hide(a, factories.ModeratorFactory(), "Insults"),
        "A moderator hid this contribution: it can no longer be edited.",
    ),
}


@pytest.mark.parametrize("lock", LOCKS.values(), ids=LOCKS.keys())
def test_the_author_may_not_edit_once_others_reacted(lock):
    react, message = lock
    annotation = factories.AnnotationFactory(title="Potholes")
    react(annotation)
    before = snapshot()

    response = api(annotation.author).patch(
        f"{LIST}{annotation.pk}/", {"properties": {"title": "Something else entirely"}}
    )

    assert response.status_code == 403
    assert response.json()["detail"] == message
    assert snapshot() == before


def test_the_authors_own_vote_and_comment_do_not_lock_it():
    annotation = factories.AnnotationFactory(title="Potholes")
    factories.VoteFactory(annotation=annotation, user=annotation.author)
    factories.CommentFactory(annotation=annotation, author=annotation.author)

    response = api(annotation.author).patch(
        f"{LIST}{annotation.pk}/", {"properties": {"title": "Deep potholes"}}
    )

    assert response.status_code == 200
    assert Annotation.objects.get().title == "Deep potholes"


def test_every_edit_is_a_revision_moderators_see_on_the_page(moderator):
    annotation = factories.AnnotationFactory(title="Potholes", body="First wording.")
    author = api(annotation.author)
    author.patch(f"{LIST}{annotation.pk}/", {"properties": {"body": "Second wording."}})
    author.patch(f"{LIST}{annotation.pk}/", {"properties": {"body": "Third wording."}})

    wordings = list(annotation.history.order_by("history_id").values_list("body", flat=True))
    assert wordings == ["First wording.", "Second wording.", "Third wording."]

    as_moderator = Client(HTTP_ACCEPT_LANGUAGE="en")
    as_moderator.force_login(moderator)
    page = as_moderator.get(annotation.get_absolute_url()).content.decode()
    assert "Earlier wordings (2), seen by moderators only" in page
    assert "First wording." in page and "Second wording." in page

    as_resident = Client(HTTP_ACCEPT_LANGUAGE="en")
    as_resident.force_login(factories.UserFactory())
    page = as_resident.get(annotation.get_absolute_url()).content.decode()
    assert "Third wording." in page
    assert "First wording." not in page and "Earlier wording" not in page


def test_a_restore_publishes_the_text_the_moderator_hid(moderator):
    annotation = factories.AnnotationFactory(body="Rude words.")
    services.hide(annotation, moderator, "Insults")

    edit = api(annotation.author).patch(
        f"{LIST}{annotation.pk}/", {"properties": {"body": "Something nobody checked."}}
    )
    services.restore(Annotation.objects.get(), moderator, "Reviewed")

    assert edit.status_code == 403
    shown = api().get(f"{LIST}{annotation.pk}/").json()
    assert shown["properties"]["body"] == "Rude words."


# --- comments: a visible parent of the same contribution, a bounded depth -----------------------


def test_a_reply_to_a_hidden_comment_is_refused(resident, moderator):
    parent = factories.CommentFactory()
    services.hide(parent, moderator, "Insults")
    before = list(Comment.objects.values())

    response = api(moderator).post(
        f"{LIST}{parent.annotation_id}/comments/", {"body": "Hm.", "parent": parent.pk}
    )

    assert response.status_code == 400
    assert response.json() == {"parent": ["The comment you answered is no longer shown."]}
    assert list(Comment.objects.values()) == before


def test_a_reply_to_a_comment_of_another_contribution_is_refused(resident):
    elsewhere = factories.CommentFactory()
    annotation = factories.AnnotationFactory(layer=elsewhere.annotation.layer)

    response = api(resident).post(
        f"{LIST}{annotation.pk}/comments/", {"body": "Hm.", "parent": elsewhere.pk}
    )

    assert response.status_code == 400
    assert response.json() == {"parent": ["A reply must belong to the same contribution."]}
    assert Comment.objects.count() == 1


def test_replies_below_the_deepest_level_join_it(resident, settings):
    settings.COMMENT_MAX_DEPTH = 3
    annotation = factories.AnnotationFactory()
    client = api(resident)
    parent = None
    for number in range(5):
        response = client.post(
            f"{LIST}{annotation.pk}/comments/", {"body": f"Reply {number}", "parent": parent}
        )
        assert response.status_code == 201
        parent = response.json()["id"]

    levels = {c.body: len(c.lineage()) for c in Comment.objects.all()}
    assert levels == {"Reply 0": 1, "Reply 1": 2, "Reply 2": 3, "Reply 3": 3, "Reply 4": 3}
    second = Comment.objects.get(body="Reply 1")
    assert list(second.replies.order_by("pk").values_list("body", flat=True)) == [
        "Reply 2",
        "Reply 3",
        "Reply 4",
    ]


def test_the_depth_limit_defaults_to_six(settings):
    assert settings.COMMENT_MAX_DEPTH == 6


def test_a_page_with_eighty_chained_replies_opens(resident):
    """Written before the depth limit, a long chain still renders (no recursion)."""
    annotation = factories.AnnotationFactory()
    parent = None
    for number in range(80):
        parent = Comment.objects.create(
            annotation=annotation, author=resident, parent=parent, body=f"Reply number {number}"
        )

    response = Client().get(annotation.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"Reply number {number}<" in page for number in range(80))
    # Shown six levels deep at most, and the markup is balanced.
    assert page.count('<div class="replies">') == 5
    assert page.count("<article") == page.count("</article>")


# --- the admin does not bypass moderation and answers -------------------------------------------


def test_the_admin_cannot_hide_answer_or_inflate_a_contribution(client, staff):
    annotation = factories.AnnotationFactory(title="Potholes")
    client.force_login(staff)
    url = reverse("admin:annotations_annotation_change", args=[annotation.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        geometry=annotation.geometry.geojson,
        title="Potholes, corrected",
        status="accepted",
        is_hidden="on",
        hidden_reason="sneaky",
        response_text="Done.",
        participant_count=99999,
        group_name="Conseil municipal",
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    annotation.refresh_from_db()
    assert annotation.title == "Potholes, corrected"
    assert (annotation.status, annotation.is_hidden, annotation.response_text) == (
        "published",
        False,
        "",
    )
    assert (annotation.participant_count, annotation.group_name) == (1, "")
    assert annotation.history.count() == 2


def test_the_comment_admin_cannot_hide_a_comment(client, staff):
    comment = factories.CommentFactory()
    client.force_login(staff)
    url = reverse("admin:annotations_comment_change", args=[comment.pk])

    client.post(
        url,
        {
            "annotation": comment.annotation_id,
            "author": comment.author_id,
            "body": comment.body,
            "is_hidden": "on",
            "hidden_reason": "sneaky",
        },
    )

    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""


# --- meeting outcomes: a cap, counted once, on open layers --------------------------------------


def record(user, meeting, attendees=15, **contribution):
    layer = contribution.pop("layer", None) or meeting.campaign.layers.get().pk
    body = {
        "attendees_count": attendees,
        "contributions": [
            {
                "layer": layer,
                "geometry": {"type": "Point", "coordinates": [2.2088, 48.895]},
                "category": "proposal",
                "title": "Des bancs",
                **contribution,
            }
        ],
    }
    return api(user).post(reverse("event-outcome", args=[meeting.pk]), body)


def test_recording_an_outcome_twice_counts_its_people_once(meeting):
    first = record(meeting.facilitator, meeting)
    again = record(meeting.facilitator, meeting, body="Des bancs à l'ombre.")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["contributions"] == again.json()["contributions"]
    assert Annotation.objects.get().body == "Des bancs à l'ombre."
    assert campaign_statistics(meeting.campaign)["people"] == 15


def test_an_outcome_above_the_cap_is_refused(meeting, settings):
    settings.PARTICIPANT_COUNT_MAX = 10_000

    response = record(meeting.facilitator, meeting, attendees=2147483647)

    assert response.status_code == 400
    assert response.json() == {"detail": ["No meeting counts more than 10000 people."]}
    assert not Annotation.objects.exists()
    assert not MeetingOutcome.objects.exists()


def test_a_contribution_may_not_speak_for_more_than_the_attendees(meeting):
    response = record(meeting.facilitator, meeting, attendees=15, participant_count=16)

    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            "Contribution 1: A contribution of the meeting speaks for at most its 15 attendees."
        ]
    }
    assert not Annotation.objects.exists()


def test_a_facilitator_posts_only_to_open_layers(meeting):
    meeting.campaign.phase = meeting.campaign.Phase.ANALYSIS
    meeting.campaign.save()

    response = record(meeting.facilitator, meeting)

    assert response.status_code == 400
    assert response.json() == {
        "detail": ["Contribution 1: This layer is not open for contributions."]
    }
    assert not Annotation.objects.exists()


def test_a_facilitator_posts_only_to_published_layers(meeting):
    """A city-wide meeting, and a layer of a campaign not yet published."""
    draft = factories.ContributionLayerFactory(campaign__is_published=False)
    meeting.campaign = None
    meeting.save()

    response = record(meeting.facilitator, meeting, layer=draft.pk)

    assert response.status_code == 400
    assert response.json() == {
        "detail": ["Contribution 1: This layer is not open for contributions."]
    }
    assert not Annotation.objects.exists()


def test_staff_record_on_a_closed_layer(meeting, staff):
    meeting.campaign.phase = meeting.campaign.Phase.ANALYSIS
    meeting.campaign.save()

    assert record(staff, meeting).status_code == 201

"""One vote means one vote: replaced not added, removable, and safe under concurrent clicks."""

import pytest

from annotations.models import Vote
from tests.support import factories
from tests.support.api import api, errors_text
from tests.support.concurrency import at_once


def vote_url(annotation):
    return f"/api/annotations/{annotation.pk}/vote/"


@pytest.mark.django_db
def test_voting_again_replaces_the_vote_and_delete_removes_it(resident):
    annotation = factories.AnnotationFactory()
    factories.VoteFactory(annotation=annotation)
    client = api(resident)

    first = client.put(vote_url(annotation), {"value": 1})
    again = client.put(vote_url(annotation), {"value": 1})
    changed = client.put(vote_url(annotation), {"value": -1})
    removed = client.delete(vote_url(annotation))

    assert first.json() == {"votes_for": 2, "votes_against": 0, "my_vote": 1}
    assert again.json() == first.json()
    assert changed.json() == {"votes_for": 1, "votes_against": 1, "my_vote": -1}
    assert removed.json() == {"votes_for": 1, "votes_against": 0, "my_vote": None}
    assert not Vote.objects.filter(user=resident).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"value": 2}, "A vote is 1 (for) or -1 (against)."),
        ({"value": "yes"}, "A vote is 1 (for) or -1 (against)."),
        ({"value": True}, "A vote is 1 (for) or -1 (against)."),
        ({}, "This field is required."),
    ],
)
def test_a_vote_other_than_for_or_against_is_refused(body, message, resident):
    annotation = factories.AnnotationFactory()
    response = api(resident).put(vote_url(annotation), body)
    assert response.status_code == 400
    assert message in errors_text(response)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_hidden_contribution_cannot_be_voted_on_by_residents(resident):
    annotation = factories.AnnotationFactory(is_hidden=True)
    assert api(resident).put(vote_url(annotation), {"value": 1}).status_code == 404
    assert not Vote.objects.exists()


def vote_at_once(annotation, voters):
    """Each voter votes for `annotation` in their own thread, all released together."""
    return at_once(
        lambda user: api(user).put(vote_url(annotation), {"value": 1}).status_code, voters
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_residents_voting_at_once_make_fifty_votes():
    annotation = factories.AnnotationFactory()
    residents = factories.UserFactory.create_batch(50, password="!")

    statuses = vote_at_once(annotation, residents)

    assert statuses == [200] * 50
    assert annotation.votes.count() == 50
    assert api().get(f"/api/annotations/{annotation.pk}/").json()["properties"]["votes_for"] == 50


@pytest.mark.django_db(transaction=True)
def test_one_resident_clicking_many_times_at_once_makes_one_vote(resident):
    annotation = factories.AnnotationFactory()

    statuses = vote_at_once(annotation, [resident] * 10)

    assert statuses == [200] * 10
    assert annotation.votes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_counts_kept_on_the_row_match_the_votes_and_comments_after_concurrent_writes():
    annotation = factories.AnnotationFactory()
    voters = factories.UserFactory.create_batch(30, password="!")
    factories.VoteFactory(annotation=annotation, user=voters[0], value=-1)

    def act(user):
        client = api(user)
        index = voters.index(user)
        client.put(vote_url(annotation), {"value": 1 if index % 3 else -1})
        if index % 5 == 0:
            client.delete(vote_url(annotation))
        if index % 2 == 0:
            client.post(f"/api/annotations/{annotation.pk}/comments/", {"body": "Oui."})
        return True

    at_once(act, voters)

    annotation.refresh_from_db()
    stored = (annotation.votes_for, annotation.votes_against, annotation.comment_count)
    assert stored == (
        annotation.votes.filter(value=1).count(),
        annotation.votes.filter(value=-1).count(),
        annotation.comments.filter(is_hidden=False).count(),
    )
    assert stored == (16, 8, 15)

"""Comments on a contribution: threaded, optionally pinned in the perimeter, moderated."""

import pytest

from annotations.models import Comment
from tests.support import factories
from tests.support.api import (
    ROLES,
    api,
    errors_text,
    geojson,
    user_in_role,
)
from tests.support.communes import commune

pytestmark = pytest.mark.django_db


def comments_url(annotation):
    return f"/api/annotations/{annotation.pk}/comments/"


def test_a_thread_lists_oldest_first_with_each_reply_naming_its_parent(resident):
    annotation = factories.AnnotationFactory()
    client = api(resident)

    question = client.post(comments_url(annotation), {"body": "Which side?"}).json()
    answer = client.post(
        comments_url(annotation), {"body": "North side.", "parent": question["id"]}
    ).json()

    listed = api().get(comments_url(annotation)).json()
    assert listed["count"] == 2
    assert [(c["body"], c["parent"]) for c in listed["results"]] == [
        ("Which side?", None),
        ("North side.", question["id"]),
    ]
    assert answer["author"] == resident.public_name
    assert (
        api().get(f"/api/annotations/{annotation.pk}/").json()["properties"]["comment_count"] == 2
    )


def test_a_comment_may_be_pinned_inside_the_perimeter(resident):
    annotation = factories.AnnotationFactory()
    point = {"type": "Point", "coordinates": [2.21, 48.896]}
    response = api(resident).post(comments_url(annotation), {"body": "Here", "point": point})
    assert response.status_code == 201
    assert response.json()["point"] == point
    assert Comment.objects.get().point.coords == (2.21, 48.896)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"body": "There", "point": "outside"},
            "The geometry lies outside the campaign perimeter.",
        ),
        (
            {
                "body": "A line",
                "point": {"type": "LineString", "coordinates": [[2.2, 48.9], [2.21, 48.9]]},
            },
            "A LineString is not accepted here; accepted: point",
        ),
        ({"body": ""}, "This field may not be blank."),
        ({"body": "Reply", "parent": "elsewhere"}, "A reply must belong to the same contribution."),
        ({"body": "x" * 10_001}, "Ensure this field has no more than 10000 characters."),
    ],
    ids=["outside the perimeter", "not a point", "empty", "parent elsewhere", "too long"],
)
def test_a_bad_comment_is_refused_with_its_reason_and_writes_nothing(body, message, resident):
    annotation = factories.AnnotationFactory()
    if body.get("point") == "outside":
        body["point"] = geojson(commune("Suresnes").point_on_surface)
    if body.get("parent") == "elsewhere":
        body["parent"] = factories.CommentFactory().pk
    before = Comment.objects.count()

    response = api(resident).post(comments_url(annotation), body)

    assert response.status_code == 400, response.content
    assert message in errors_text(response)
    assert Comment.objects.count() == before


@pytest.mark.parametrize(
    ("role", "sees_hidden"),
    [("anonymous", False), ("author", True), ("resident", False), ("moderator", True)],
)
def test_hidden_comments_are_shown_to_their_author_and_moderators_only(role, sees_hidden):
    shown = factories.CommentFactory(body="Fine")
    factories.CommentFactory(annotation=shown.annotation, body="Rude", is_hidden=True)
    hidden_author = Comment.objects.get(body="Rude").author
    client = api(user_in_role(role, author=hidden_author))

    bodies = [c["body"] for c in client.get(comments_url(shown.annotation)).json()["results"]]

    assert bodies == (["Fine", "Rude"] if sees_hidden else ["Fine"])


def test_comments_of_a_contribution_you_cannot_see_are_not_found(resident):
    comment = factories.CommentFactory(annotation__is_hidden=True)
    assert api(resident).get(comments_url(comment.annotation)).status_code == 404
    assert api(resident).get(f"/api/comments/{comment.pk}/").status_code == 404


# Residents other than its author do not even see a hidden comment.
COMMENT_MODERATION = {"hide": (401, 403, 403, 200, 200), "restore": (401, 403, 404, 200, 200)}


@pytest.mark.parametrize(
    ("action", "role", "expected"),
    [
        pytest.param(action, role, status, id=f"{action}-{role}")
        for action, statuses in COMMENT_MODERATION.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ],
)
def test_only_moderators_and_staff_hide_and_restore_comments(action, role, expected):
    comment = factories.CommentFactory(is_hidden=action == "restore", hidden_reason="")
    client = api(user_in_role(role, author=comment.author))

    response = client.post(f"/api/comments/{comment.pk}/{action}/", {"reason": "Off topic"})

    assert response.status_code == expected
    stored = Comment.objects.get()
    if expected == 200:
        assert stored.is_hidden is (action == "hide")
        assert response.json()["is_hidden"] is (action == "hide")
    else:
        assert stored.is_hidden is (action == "restore")


def test_comment_authors_are_unnamed_when_the_campaign_hides_names(resident):
    annotation = factories.AnnotationFactory(layer__campaign__show_author_names=False)
    api(resident).post(comments_url(annotation), {"body": "Anonymous please"})
    [comment] = api().get(comments_url(annotation)).json()["results"]
    assert comment["author"] is None
    assert resident.display_name not in api().get(comments_url(annotation)).content.decode()

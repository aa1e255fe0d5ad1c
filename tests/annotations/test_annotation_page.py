"""A contribution's page: who sees it, what it shows, and its plain forms (no JavaScript):
votes, comments and replies, staff's answer. Refused input shows why and writes nothing."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation, Comment, Vote
from tests.support.factories import (
    AnnotationFactory,
    CampaignFactory,
    CommentFactory,
    ContributionLayerFactory,
    EventFactory,
    FeatureFactory,
    ModeratorFactory,
    StaffFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Pages in English: the messages below are the source strings."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def html_of(response):
    return response.content.decode()


def find(element, **attributes):
    """The first element under `element` (a parsed tree) with all these attributes."""
    for child in element.children:
        if isinstance(child, str):
            continue
        if all((name, value) in child.attributes for name, value in attributes.items()):
            return child
        found = find(child, **attributes)
        if found is not None:
            return found
    return None


def closed_layer():
    return ContributionLayerFactory(closes_at=timezone.now() - timedelta(days=1))


# Who sees the page


@pytest.mark.parametrize(
    "state",
    [
        {"is_hidden": True, "hidden_reason": "Insults"},
        {"status": Annotation.Status.WITHDRAWN},
        {"status": Annotation.Status.SUBMITTED},
    ],
    ids=["hidden", "withdrawn", "submitted"],
)
def test_unpublished_contributions_are_not_found_by_others_but_shown_to_their_author(state):
    annotation = AnnotationFactory(title="Not for everyone", **state)
    url = annotation.get_absolute_url()

    assert Client().get(url).status_code == 404
    assert signed_in(UserFactory()).get(url).status_code == 404
    own = signed_in(annotation.author).get(url)
    assert own.status_code == 200
    assert "Not for everyone" in html_of(own)


def test_contributions_of_a_draft_campaign_are_not_found(client):
    annotation = AnnotationFactory(layer__campaign__is_published=False)
    assert client.get(annotation.get_absolute_url()).status_code == 404


def test_moderators_see_a_hidden_contribution_marked_with_the_reason():
    annotation = AnnotationFactory(is_hidden=True, hidden_reason="Insults")
    html = html_of(signed_in(ModeratorFactory()).get(annotation.get_absolute_url()))
    assert "Hidden by moderation: Insults" in html


# What it shows


def test_the_page_shows_the_contribution_its_place_and_a_link_to_the_campaign_map(client):
    campaign = CampaignFactory(title="Parc Nord")
    annotation = AnnotationFactory(
        layer__campaign=campaign,
        layer__name="Benches",
        title="A bench by the pond",
        body="First line\nSecond line <b>bold</b>",
        author__display_name="Amina",
        group_name="Friends of the park",
        participant_count=14,
        target_feature=FeatureFactory(layer__campaign=campaign, label="Pond"),
        source_event=EventFactory(campaign=campaign, title="Walk in the park"),
    )

    response = client.get(reverse("annotations:detail", args=[annotation.pk]))

    assert response.status_code == 200
    html = html_of(response)
    assert annotation.get_absolute_url() == f"/contributions/{annotation.pk}/"
    for text in ("A bench by the pond", "Issue", "by Amina", "Parc Nord", "Benches", "Pond"):
        assert text in html
    assert "<p>First line<br>Second line &lt;b&gt;bold&lt;/b&gt;</p>" in html
    assert "Friends of the park" in html and "<dd>14</dd>" in html
    assert "Walk in the park" in html
    assert f'href="/campaigns/{campaign.slug}/?annotation={annotation.pk}"' in html
    page = parse_html(html)
    geometry = json.loads(find(page, id="annotation-geometry").children[0])
    assert geometry == {"type": "Point", "coordinates": [2.2088, 48.895]}
    the_map = dict(find(page, id="annotation-map").attributes)
    assert the_map["aria-label"] == "Map of the contribution's place"


def test_the_official_response_shows_who_answered_and_when(client):
    annotation = AnnotationFactory()
    annotation.respond(
        by=StaffFactory(display_name="Mairie, voirie"),
        response_text="We will install it in spring.",
        status=Annotation.Status.ACCEPTED,
    )

    html = html_of(client.get(annotation.get_absolute_url()))

    assert "Accepted" in html
    assert "We will install it in spring." in html
    assert "Answered by Mairie, voirie" in html
    assert f'datetime="{timezone.localtime(annotation.responded_at).isoformat()}"' in html


def test_author_names_are_not_shown_when_the_campaign_hides_them(client):
    annotation = AnnotationFactory(
        layer__campaign__show_author_names=False, author__display_name="Amina"
    )
    CommentFactory(annotation=annotation, author__display_name="Bastien", body="Agreed")

    html = html_of(client.get(annotation.get_absolute_url()))

    assert "Agreed" in html
    assert "Amina" not in html
    assert "Bastien" not in html


def test_a_longer_discussion_costs_no_more_queries(resident):
    def queries_for_page_with(comment_count):
        annotation = AnnotationFactory()
        parent = None
        for _ in range(comment_count):
            parent = CommentFactory(annotation=annotation, parent=parent)
        client = signed_in(resident)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(annotation.get_absolute_url()).status_code == 200
        return len(queries)

    assert queries_for_page_with(1) == queries_for_page_with(8)


def test_the_discussion_reads_no_campaign_perimeter_of_its_own(resident):
    annotation = AnnotationFactory()
    CommentFactory.create_batch(3, annotation=annotation)

    with CaptureQueriesContext(connection) as queries:
        signed_in(resident).get(annotation.get_absolute_url())

    comment_queries = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "annotations_comment"')
    ]
    assert comment_queries
    assert not any('"perimeter"' in sql for sql in comment_queries)
    assert not any('"annotations_annotation"."geometry"' in sql for sql in comment_queries)


def test_the_page_is_in_french_by_default():
    annotation = AnnotationFactory()
    html = html_of(Client().get(annotation.get_absolute_url()))
    assert "Soutenir" in html
    assert "Se connecter pour voter" in html


# Votes, without JavaScript


def vote(client, annotation, value):
    return client.post(reverse("annotations:vote", args=[annotation.pk]), {"value": value})


def test_voting_with_the_plain_form_records_replaces_and_takes_back_the_vote(resident):
    annotation = AnnotationFactory()
    VoteFactory(annotation=annotation)
    client = signed_in(resident)

    response = vote(client, annotation, 1)

    assert response.status_code == 302
    assert response["Location"] == f"{annotation.get_absolute_url()}#votes"
    assert Vote.objects.get(user=resident).value == 1
    page = find(
        parse_html(html_of(client.get(annotation.get_absolute_url()))), **{"data-value": "1"}
    )
    assert ("aria-pressed", "true") in page.attributes
    assert ("value", "0") in page.attributes  # pressed again, it takes the vote back
    assert "2" in str(page)

    vote(client, annotation, -1)
    assert Vote.objects.get(user=resident).value == -1
    vote(client, annotation, 0)
    assert not Vote.objects.filter(user=resident).exists()
    assert Vote.objects.count() == 1


def test_visitors_see_the_counts_and_a_link_to_log_in_to_vote(client):
    annotation = AnnotationFactory()
    VoteFactory.create_batch(3, annotation=annotation, value=Vote.Value.FOR)
    VoteFactory(annotation=annotation, value=Vote.Value.AGAINST)
    url = annotation.get_absolute_url()

    html = html_of(client.get(url))

    assert '<span data-count="for">3</span>' in html
    assert '<span data-count="against">1</span>' in html
    assert f'href="/accounts/login/?next={url}">Log in to vote</a>' in html
    assert 'action="/contributions/' not in html.split('id="votes"')[1].split("</section>")[0]

    refused = vote(client, annotation, 1)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert Vote.objects.count() == 4


def test_voting_on_a_closed_layer_is_refused_with_a_message(resident):
    annotation = AnnotationFactory(layer=closed_layer())

    response = signed_in(resident).post(
        reverse("annotations:vote", args=[annotation.pk]), {"value": 1}, follow=True
    )

    assert "This consultation is not open: voting is closed." in html_of(response)
    assert not Vote.objects.exists()


def test_a_vote_other_than_for_against_or_back_is_refused(resident):
    annotation = AnnotationFactory()
    client = signed_in(resident)

    response = client.post(
        reverse("annotations:vote", args=[annotation.pk]), {"value": "2"}, follow=True
    )

    assert "A vote is for or against." in html_of(response)
    assert not Vote.objects.exists()


# Comments and replies


def comment(client, annotation, **data):
    return client.post(reverse("annotations:comment", args=[annotation.pk]), data)


def test_a_resident_comments_and_lands_on_the_comment(resident):
    annotation = AnnotationFactory()
    client = signed_in(resident)

    response = comment(client, annotation, body="Yes, and a fountain too.", parent="")

    created = Comment.objects.get()
    assert (created.annotation, created.author, created.parent) == (annotation, resident, None)
    assert response.status_code == 302
    assert response["Location"] == f"{annotation.get_absolute_url()}#comment-{created.pk}"
    html = html_of(client.get(response["Location"]))
    assert "Your comment is published." in html
    assert "Yes, and a fountain too." in find(parse_html(html), id=f"comment-{created.pk}")


def test_a_reply_is_nested_inside_the_comment_it_answers(resident):
    annotation = AnnotationFactory()
    first = CommentFactory(annotation=annotation, body="Benches please")
    CommentFactory(annotation=annotation, body="Another thought")
    client = signed_in(resident)

    response = comment(client, annotation, body="Two of them", parent=str(first.pk))

    reply = Comment.objects.get(body="Two of them")
    assert reply.parent == first
    page = parse_html(html_of(client.get(response["Location"])))
    parent_article = find(page, id=f"comment-{first.pk}")
    assert parent_article.name == "article" and ("class", "comment") in parent_article.attributes
    assert find(parent_article, id=f"comment-{reply.pk}") is not None
    assert "Another thought" not in str(parent_article)


def test_an_empty_comment_is_refused_next_to_the_field(resident):
    annotation = AnnotationFactory()

    response = comment(signed_in(resident), annotation, body="  ", parent="")

    assert response.status_code == 400
    form = find(
        parse_html(html_of(response)),
        action=f"/contributions/{annotation.pk}/comments/#comment-form-body",
    )
    assert "Write something before sending." in str(find(form, id="comment-form-body_error"))
    assert not Comment.objects.exists()


def test_a_reply_to_another_contributions_comment_is_refused_and_the_text_kept(resident):
    annotation = AnnotationFactory()
    elsewhere = CommentFactory()

    response = comment(
        signed_in(resident), annotation, body="My careful answer", parent=str(elsewhere.pk)
    )

    assert response.status_code == 400
    html = html_of(response)
    assert "A reply must belong to the same contribution." in html
    assert "My careful answer</textarea>" in html
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("where", ["hidden meanwhile", "on another contribution"])
def test_a_reply_to_a_comment_that_cannot_be_answered_comes_back_as_a_comment_to_send(
    resident, where
):
    annotation = AnnotationFactory()
    if where == "hidden meanwhile":
        parent = CommentFactory(annotation=annotation, is_hidden=True, hidden_reason="Rude")
        message = "The comment you answered is no longer shown."
    else:
        parent = CommentFactory()
        message = "A reply must belong to the same contribution."
    client = signed_in(resident)

    response = comment(client, annotation, body="My careful answer", parent=str(parent.pk))

    assert response.status_code == 400
    form = find(
        parse_html(html_of(response)),
        action=f"/contributions/{annotation.pk}/comments/#comment-form-body",
    )
    assert message in str(find(form, role="alert"))
    assert "Select a valid choice" not in html_of(response)
    assert "value" not in dict(find(form, name="parent").attributes)  # parent cleared
    assert "Your comment" in str(form) and "Your reply" not in str(form)
    assert "My careful answer" in str(find(form, id="comment-form-body"))
    assert Comment.objects.count() == 1

    resent = comment(client, annotation, body="My careful answer", parent="")
    assert resent.status_code == 302
    assert Comment.objects.get(body="My careful answer").parent is None


def test_a_failed_reply_comes_back_open_under_its_comment_with_the_text_kept(resident):
    annotation = AnnotationFactory()
    first = CommentFactory(annotation=annotation)

    response = comment(signed_in(resident), annotation, body="x" * 10_001, parent=str(first.pk))

    assert response.status_code == 400
    article = find(parse_html(html_of(response)), id=f"comment-{first.pk}")
    details = find(article, **{"class": "reply"})
    assert ("open", None) in details.attributes
    assert "x" * 10_001 in str(find(details, id=f"reply-{first.pk}-body"))
    assert "at most 10000 characters" in str(details)
    assert Comment.objects.count() == 1


def test_commenting_on_a_closed_layer_is_refused_with_a_message(resident):
    annotation = AnnotationFactory(layer=closed_layer())
    client = signed_in(resident)

    response = comment(client, annotation, body="Too late?", parent="")

    assert response.status_code == 403
    html = html_of(response)
    assert "This consultation is not open: comments are closed." in html
    assert "comment-form-body" not in html
    assert not Comment.objects.exists()


def test_visitors_are_asked_to_log_in_to_comment(client):
    annotation = AnnotationFactory()
    url = annotation.get_absolute_url()

    assert "Log in to comment" in html_of(client.get(url))
    refused = comment(client, annotation, body="Anonymous", parent="")
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


def test_hidden_comments_show_to_moderators_only_and_their_replies_stay(client):
    annotation = AnnotationFactory()
    hidden = CommentFactory(
        annotation=annotation, body="Rude words", is_hidden=True, hidden_reason="Rude"
    )
    reply = CommentFactory(annotation=annotation, parent=hidden, body="Please stay polite")
    url = annotation.get_absolute_url()

    public = parse_html(html_of(client.get(url)))
    moderated = html_of(signed_in(ModeratorFactory()).get(url))

    assert find(public, id=f"comment-{hidden.pk}") is None
    assert "Please stay polite" in str(find(public, id=f"comment-{reply.pk}"))
    hidden_article = find(parse_html(moderated), id=f"comment-{hidden.pk}")
    assert "Hidden by moderation: Rude" in str(hidden_article)
    assert find(hidden_article, id=f"comment-{reply.pk}") is not None


# Staff's answer


def answer(client, annotation, **data):
    return client.post(reverse("annotations:answer", args=[annotation.pk]), data)


def test_staff_answer_from_the_page(staff):
    annotation = AnnotationFactory()
    client = signed_in(staff)
    page = parse_html(html_of(client.get(annotation.get_absolute_url())))
    etag = dict(find(page, name="etag").attributes)["value"]

    response = answer(
        client, annotation, status="accepted", response_text="Done in May.", etag=etag
    )

    assert response.status_code == 302
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("accepted", "Done in May.")
    assert annotation.response_author == staff
    html = html_of(client.get(response["Location"]))
    assert "Your answer is published." in html
    assert "Done in May." in html


def test_an_answer_fetches_and_locks_the_contribution_once(staff):
    annotation = AnnotationFactory()
    client = signed_in(staff)

    with CaptureQueriesContext(connection) as queries:
        response = answer(client, annotation, status="accepted", etag=annotation.etag)

    assert response.status_code == 302
    assert sum("FOR UPDATE" in query["sql"] for query in queries) == 1


@pytest.mark.parametrize("role", [UserFactory, ModeratorFactory])
def test_only_staff_may_answer(role):
    annotation = AnnotationFactory()
    client = signed_in(role())

    assert f"/contributions/{annotation.pk}/answer/" not in html_of(
        client.get(annotation.get_absolute_url())
    )
    response = answer(
        client, annotation, status="rejected", response_text="No", etag=annotation.etag
    )

    assert response.status_code == 403
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("published", "")


def test_staff_may_not_answer_a_withdrawn_contribution_back_into_view(staff):
    annotation = AnnotationFactory(status=Annotation.Status.WITHDRAWN)
    client = signed_in(staff)

    assert f"/contributions/{annotation.pk}/answer/" not in html_of(
        client.get(annotation.get_absolute_url())
    )
    response = answer(
        client, annotation, status="accepted", response_text="Yes", etag=annotation.etag
    )

    assert response.status_code == 403
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("withdrawn", "")


def test_a_stale_answer_is_refused_and_the_newer_one_kept(staff):
    annotation = AnnotationFactory()
    seen = annotation.etag
    annotation.respond(by=StaffFactory(), response_text="Answered first.", status="under_review")

    response = answer(
        signed_in(staff), annotation, status="rejected", response_text="Late answer", etag=seen
    )

    assert response.status_code == 412
    html = html_of(response)
    assert "This contribution changed while you were writing" in html
    assert "Answered first." in html
    assert "Late answer</textarea>" in html
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("under_review", "Answered first.")
    # Sent again, the answer replaces the one now shown.
    assert ("value", annotation.etag) in find(parse_html(html), name="etag").attributes


def test_an_answer_missing_its_fields_says_which_rather_than_changed_meanwhile(staff):
    annotation = AnnotationFactory()

    response = answer(signed_in(staff), annotation, response_text="No status, no version")

    assert response.status_code == 400
    html = html_of(response)
    assert "changed while you were writing" not in html
    form = find(parse_html(html), action=f"/contributions/{annotation.pk}/answer/#response-heading")
    assert "This field is required." in str(find(form, id="answer-status_error"))
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("published", "")


def test_an_answer_longer_than_a_contribution_is_refused_and_nothing_written(staff):
    annotation = AnnotationFactory()

    response = answer(
        signed_in(staff),
        annotation,
        status="accepted",
        response_text="x" * 10_001,
        etag=annotation.etag,
    )

    assert response.status_code == 400
    form = find(
        parse_html(html_of(response)),
        action=f"/contributions/{annotation.pk}/answer/#response-heading",
    )
    assert "at most 10000 characters (it has 10001)" in str(
        find(form, id="answer-response_text_error")
    )
    annotation.refresh_from_db()
    assert (annotation.status, annotation.response_text) == ("published", "")


def test_an_answer_may_not_withdraw_the_contribution(staff):
    annotation = AnnotationFactory()

    response = answer(
        signed_in(staff), annotation, status="withdrawn", response_text="", etag=annotation.etag
    )

    assert response.status_code == 400
    form = find(
        parse_html(html_of(response)),
        action=f"/contributions/{annotation.pk}/answer/#response-heading",
    )
    assert "Select a valid choice." in str(find(form, id="answer-status_error"))
    annotation.refresh_from_db()
    assert annotation.status == "published"

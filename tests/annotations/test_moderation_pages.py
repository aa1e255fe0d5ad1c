"""The moderation queue, and the hide, restore, dismiss and report forms behind it."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Annotation, Comment, ModerationAction, Report
from tests.support import factories

pytestmark = pytest.mark.django_db

QUEUE = reverse("annotations:moderation")


def signed_in(client, user):
    client.force_login(user)
    return client


def get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def action_url(action, target):
    kind = "contribution" if isinstance(target, Annotation) else "comment"
    return reverse(f"annotations:moderation-{action}", args=[kind, target.pk])


def page_url(target):
    if isinstance(target, Annotation):
        return reverse("annotations:detail", args=[target.pk])
    return reverse("annotations:detail", args=[target.annotation_id]) + f"#comment-{target.pk}"


# Access


def test_visitors_are_sent_to_log_in_first(client):
    response = get(client, QUEUE)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={QUEUE}"


def test_residents_are_refused_the_queue(client, resident):
    assert get(signed_in(client, resident), QUEUE).status_code == 403


@pytest.mark.parametrize("role", [factories.ModeratorFactory, factories.StaffFactory])
def test_moderators_and_staff_open_the_queue(client, role):
    response = get(signed_in(client, role()), QUEUE)
    assert response.status_code == 200
    assert "<h1>Moderation</h1>" in response.content.decode()


# What the queue lists


def test_reported_lists_most_reported_first_with_counts_reasons_and_links(client, moderator):
    campaign = factories.CampaignFactory(title="Parc Sud")
    annotation = factories.AnnotationFactory(
        layer__campaign=campaign, title="Buy cheap watches", author__display_name="Spammy Sam"
    )
    comment = factories.CommentFactory(
        annotation=annotation, body="You are all idiots", author__display_name="Angry Al"
    )
    for _ in range(2):
        services.report(comment, factories.UserFactory(), Report.Reason.OFFENSIVE)
    services.report(
        annotation, factories.UserFactory(), Report.Reason.SPAM, note="An advert for watches"
    )
    quiet = factories.AnnotationFactory(layer__campaign=campaign, title="Nobody complained")

    response = get(signed_in(client, moderator), QUEUE)

    items = response.context["items"]
    assert [item.target for item in items] == [comment, annotation]
    html = response.content.decode()
    assert html.index(f'id="queue-comment-{comment.pk}"') < html.index(
        f'id="queue-contribution-{annotation.pk}"'
    )
    assert "On “Buy cheap watches”" in html
    assert "2 open reports: Offensive or abusive" in html
    assert "1 open report: Spam or advertising" in html
    assert "An advert for watches" in html
    assert "Comment by Angry Al" in html
    assert "Contribution by Spammy Sam" in html
    assert "Parc Sud" in html
    assert f'href="{page_url(comment)}"' in html
    assert f'href="{page_url(annotation)}"' in html
    assert f'action="{action_url("hide", comment)}"' in html
    assert f'action="{action_url("dismiss", annotation)}"' in html
    assert quiet.title not in html


def test_the_campaign_filter_keeps_only_that_campaign(client, moderator):
    here, elsewhere = factories.AnnotationFactory(), factories.AnnotationFactory()
    for target in (here, elsewhere):
        services.report(target, factories.UserFactory(), Report.Reason.SPAM)

    response = get(
        signed_in(client, moderator), QUEUE, campaign=here.layer.campaign.slug, tab="reported"
    )

    assert [item.target for item in response.context["items"]] == [here]
    assert elsewhere.title not in response.content.decode()


def test_hidden_lists_what_is_hidden_now_with_the_reason(client, moderator):
    annotation = factories.AnnotationFactory(title="Phone numbers of neighbours")
    comment = factories.CommentFactory(body="Call him at home")
    shown = factories.AnnotationFactory(title="Still shown")
    services.hide(annotation, moderator, "Personal data")
    services.hide(comment, moderator, "Personal data too")
    services.hide(shown, moderator, "Mistake")
    services.restore(shown, moderator, "Hidden by mistake")

    response = get(signed_in(client, moderator), QUEUE, tab="hidden")

    assert {item.target for item in response.context["items"]} == {annotation, comment}
    html = response.content.decode()
    assert "Hidden by moderation: Personal data" in html
    assert "Hidden by moderation: Personal data too" in html
    assert f'action="{action_url("restore", comment)}"' in html
    assert "Still shown" not in html


def test_history_lists_every_action_newest_first_with_who_and_why(client, moderator):
    comment = factories.CommentFactory(body="Rude words")
    services.hide(comment, moderator, "Rude")
    services.restore(comment, moderator, "Author apologised")

    response = get(signed_in(client, moderator), QUEUE, tab="history")

    actions = [item.action for item in response.context["items"]]
    assert [(a.kind, a.reason) for a in actions] == [
        ("restore", "Author apologised"),
        ("hide", "Rude"),
    ]
    html = response.content.decode()
    assert html.index("Author apologised") < html.index("Rude</dd>")
    assert moderator.display_name in html
    assert f'href="{page_url(comment)}"' in html


def test_history_is_paginated(client, moderator):
    annotation = factories.AnnotationFactory()
    for number in range(26):
        act = services.restore if annotation.is_hidden else services.hide
        act(annotation, moderator, f"Reason {number}")

    first = get(signed_in(client, moderator), QUEUE, tab="history")
    second = get(client, QUEUE, tab="history", page=2)

    assert len(first.context["items"]) == 25
    assert "Reason 25" in first.content.decode()
    assert [item.action.reason for item in second.context["items"]] == ["Reason 0"]
    assert "Page 2 of 2" in second.content.decode()


def test_reported_and_hidden_are_paginated_and_links_keep_the_tab_and_campaign(client, moderator):
    campaign = factories.CampaignFactory()
    annotation = factories.AnnotationFactory(layer__campaign=campaign)
    comments = factories.CommentFactory.create_batch(26, annotation=annotation)
    for comment in comments:
        services.report(comment, factories.UserFactory(), Report.Reason.SPAM)
    twice = comments[-1]
    services.report(twice, factories.UserFactory(), Report.Reason.OFFENSIVE)
    factories.CommentFactory.create_batch(2, is_hidden=True, hidden_reason="Spam")
    signed_in(client, moderator)

    first = get(client, QUEUE, tab="reported", campaign=campaign.slug)
    second = get(client, QUEUE, tab="reported", campaign=campaign.slug, page=2)

    assert len(first.context["items"]) == 25
    assert first.context["items"][0].target == twice  # most reported first
    assert len(second.context["items"]) == 1
    assert "Page 2 of 2" in second.content.decode()
    assert f'href="?tab=reported&amp;campaign={campaign.slug}&amp;page=2"' in (
        first.content.decode()
    )
    hidden = get(client, QUEUE, tab="hidden", campaign=campaign.slug)
    assert hidden.context["items"] == []


def test_the_queue_reads_no_shapes(client, moderator):
    annotation = factories.AnnotationFactory()
    comment = factories.CommentFactory(annotation=annotation)
    for target in (annotation, comment):
        services.report(target, factories.UserFactory(), Report.Reason.SPAM)
    services.hide(comment, moderator, "Spam")
    signed_in(client, moderator)

    for tab in ("reported", "hidden", "history"):
        with CaptureQueriesContext(connection) as queries:
            response = get(client, QUEUE, tab=tab)
        assert response.status_code == 200
        assert response.context["items"]
        shapes = [
            query["sql"]
            for query in queries
            if any(f'"{column}"' in query["sql"] for column in ("perimeter", "geometry", "point"))
        ]
        assert shapes == [], tab


# Acting from the queue or a contribution's page


@pytest.mark.parametrize("kind", ["contribution", "comment"])
def test_a_moderator_hides_with_a_reason_and_returns_where_they_were(client, moderator, kind):
    target = factories.AnnotationFactory() if kind == "contribution" else factories.CommentFactory()
    services.report(target, factories.UserFactory(), Report.Reason.OFFENSIVE)

    response = post(
        signed_in(client, moderator),
        action_url("hide", target),
        {"reason": "Insults", "next": f"{QUEUE}?tab=reported"},
    )

    assert response.status_code == 302
    assert response.url == f"{QUEUE}?tab=reported"
    target.refresh_from_db()
    assert (target.is_hidden, target.hidden_reason) == (True, "Insults")
    assert ModerationAction.objects.get().reason == "Insults"
    assert not Report.objects.open().exists()
    followed = get(client, response.url)
    assert "Hidden. The reason is kept in the moderation history." in followed.content.decode()


def test_an_unsafe_next_goes_back_to_the_contribution_page_instead(client, moderator):
    comment = factories.CommentFactory()
    response = post(
        signed_in(client, moderator),
        action_url("hide", comment),
        {"reason": "Spam", "next": "https://evil.example/"},
    )
    assert response.url == page_url(comment)


def test_hiding_without_a_reason_shows_the_error_and_changes_nothing(client, moderator):
    comment = factories.CommentFactory()

    response = post(signed_in(client, moderator), action_url("hide", comment), {"reason": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.get(pk=comment.pk).is_hidden
    assert not ModerationAction.objects.exists()


def test_restoring_without_a_reason_shows_the_error_and_changes_nothing(client, moderator):
    comment = factories.CommentFactory(is_hidden=True, hidden_reason="Spam")

    response = post(signed_in(client, moderator), action_url("restore", comment), {"reason": ""})

    assert "This field is required." in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).is_hidden
    assert not ModerationAction.objects.exists()


def test_hiding_what_another_moderator_just_hid_shows_why_and_changes_nothing(client, moderator):
    comment = factories.CommentFactory()
    services.hide(comment, factories.ModeratorFactory(), "Insults")

    response = post(signed_in(client, moderator), action_url("hide", comment), {"reason": "Spam"})

    assert response.status_code == 200
    assert "This is already hidden." in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "Insults"
    assert ModerationAction.objects.count() == 1


def test_restoring_what_is_shown_shows_why_and_writes_nothing(client, moderator):
    comment = factories.CommentFactory()

    response = post(
        signed_in(client, moderator), action_url("restore", comment), {"reason": "Fine"}
    )

    assert response.status_code == 200
    assert "This is already shown." in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_a_moderator_dismisses_reports_and_the_text_stays(client, moderator):
    annotation = factories.AnnotationFactory()
    services.report(annotation, factories.UserFactory(), Report.Reason.OFF_TOPIC)

    response = post(
        signed_in(client, moderator), action_url("dismiss", annotation), {"reason": "On topic"}
    )

    assert response.status_code == 302
    assert not Annotation.objects.get(pk=annotation.pk).is_hidden
    assert not Report.objects.open().exists()
    assert ModerationAction.objects.get().kind == "dismiss"


def test_residents_cannot_hide_from_the_page(client, resident):
    comment = factories.CommentFactory()
    response = post(signed_in(client, resident), action_url("hide", comment), {"reason": "Meh"})
    assert response.status_code == 403
    assert not Comment.objects.get(pk=comment.pk).is_hidden


def test_an_unknown_kind_is_not_found(client, moderator):
    comment = factories.CommentFactory()
    url = action_url("hide", comment).replace("/comment/", "/vote/")
    assert post(signed_in(client, moderator), url, {"reason": "x"}).status_code == 404


# Reporting


def test_a_resident_reports_a_comment_and_is_thanked(client, resident):
    comment = factories.CommentFactory()

    response = post(
        signed_in(client, resident),
        action_url("report", comment),
        {"reason": "personal_data", "note": "His address", "next": page_url(comment)},
    )

    assert response.status_code == 302
    assert response.url == page_url(comment)
    report = Report.objects.get()
    assert (report.comment, report.reporter, report.reason, report.note) == (
        comment,
        resident,
        "personal_data",
        "His address",
    )
    followed = get(client, response.url)
    assert "Thank you, moderators will look at it." in followed.content.decode()


@pytest.mark.parametrize("kind", ["contribution", "comment"])
def test_the_report_page_hides_the_authors_name_where_the_campaign_does(client, resident, kind):
    annotation = factories.AnnotationFactory(
        layer__campaign__show_author_names=False, author__display_name="Amina"
    )
    comment = factories.CommentFactory(annotation=annotation, author__display_name="Bastien")
    target = annotation if kind == "contribution" else comment

    response = get(signed_in(client, resident), action_url("report", target))

    assert response.status_code == 200
    html = response.content.decode()
    assert target.body in html
    assert "Amina" not in html and "Bastien" not in html


def test_the_queue_hides_the_authors_name_where_the_campaign_does(client, moderator):
    annotation = factories.AnnotationFactory(
        layer__campaign__show_author_names=False, author__display_name="Amina"
    )
    comment = factories.CommentFactory(annotation=annotation, author__display_name="Bastien")
    for target in (annotation, comment):
        services.report(target, factories.UserFactory(), Report.Reason.SPAM)

    html = get(signed_in(client, moderator), QUEUE).content.decode()

    assert f'id="queue-comment-{comment.pk}"' in html
    assert "Amina" not in html and "Bastien" not in html


def test_reporting_twice_shows_a_message_and_keeps_one_report(client, resident):
    annotation = factories.AnnotationFactory()
    signed_in(client, resident)
    post(client, action_url("report", annotation), {"reason": "spam"})

    response = post(client, action_url("report", annotation), {"reason": "offensive"})

    assert response.status_code == 200
    assert "You have already reported this; moderators will look at it." in (
        response.content.decode()
    )
    assert Report.objects.count() == 1


def test_a_report_needs_a_reason_from_the_list(client, resident):
    annotation = factories.AnnotationFactory()
    response = post(signed_in(client, resident), action_url("report", annotation), {"note": "Hm"})
    assert "This field is required." in response.content.decode()
    assert not Report.objects.exists()


def test_nobody_reports_their_own_text(client):
    comment = factories.CommentFactory()
    response = post(
        signed_in(client, comment.author), action_url("report", comment), {"reason": "spam"}
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_visitors_are_sent_to_log_in_to_report(client):
    comment = factories.CommentFactory()
    response = post(client, action_url("report", comment), {"reason": "spam"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Report.objects.exists()


# The controls on a contribution's page


def controls(user, target):
    request = RequestFactory().get("/contributions/1/")
    request.user = user
    return render_to_string(
        "annotations/_moderation_actions.html", {"target": target, "user": user}, request=request
    )


def test_moderators_get_hide_or_restore_with_a_reason(moderator):
    comment = factories.CommentFactory()
    hidden = factories.CommentFactory(is_hidden=True, hidden_reason="Spam")

    shown_controls, hidden_controls = controls(moderator, comment), controls(moderator, hidden)

    assert f'action="{action_url("hide", comment)}"' in shown_controls
    assert f'value="/contributions/1/#comment-{comment.pk}"' in shown_controls
    assert f'<label for="id_hide-comment-{comment.pk}-reason">' in shown_controls
    assert f'action="{action_url("restore", hidden)}"' in hidden_controls


def test_forms_on_a_page_shown_again_after_a_refused_comment_come_back_to_the_page(
    client, moderator
):
    annotation = factories.AnnotationFactory()
    comment = factories.CommentFactory(annotation=annotation)

    response = post(
        signed_in(client, moderator),
        reverse("annotations:comment", args=[annotation.pk]),
        {"body": "", "parent": ""},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "/comments/" not in "".join(re.findall(r'name="next" value="([^"]*)"', html))
    assert f'name="next" value="{page_url(annotation)}"' in html
    assert f'name="next" value="{page_url(comment)}"' in html


def test_residents_get_a_report_control_on_others_text_only(resident):
    others, own = factories.AnnotationFactory(), factories.AnnotationFactory(author=resident)

    html = controls(resident, others)

    assert "<details" in html
    assert f'action="{action_url("report", others)}"' in html
    assert 'name="reason"' in html
    assert 'name="note"' in html
    assert "hide" not in html
    assert controls(resident, own).strip() == ""


def test_visitors_get_no_control():
    from django.contrib.auth.models import AnonymousUser

    assert controls(AnonymousUser(), factories.CommentFactory()).strip() == ""

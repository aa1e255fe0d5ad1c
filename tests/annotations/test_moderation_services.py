"""Every moderation write goes through one service: state, audit trail and reports together."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import services
from annotations.models import Annotation, Comment, ModerationAction, Report
from tests.support import factories
from tests.support.api import api

# The refusals' messages are read in English, the source strings, whatever language an
# earlier test's request left active in this thread.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture(params=["contribution", "comment"])
def target(request):
    if request.param == "contribution":
        return factories.AnnotationFactory()
    return factories.CommentFactory()


def reload(target):
    return type(target).objects.get(pk=target.pk)


def test_hiding_records_who_and_why_and_settles_the_open_reports(target, moderator):
    first, second = factories.UserFactory(), factories.UserFactory()
    services.report(target, first, Report.Reason.OFFENSIVE)
    services.report(target, second, Report.Reason.SPAM, note="Same ad on every page.")

    services.hide(target, moderator, "Insults a neighbour")

    assert reload(target).is_hidden
    assert reload(target).hidden_reason == "Insults a neighbour"
    action = ModerationAction.objects.get()
    assert (action.kind, action.moderator, action.reason, action.target) == (
        "hide",
        moderator,
        "Insults a neighbour",
        target,
    )
    assert Report.objects.open().count() == 0
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}


def test_restoring_records_the_reason_and_settles_reports(target, moderator):
    services.hide(target, moderator, "Looked like spam")
    services.restore(target, moderator, "A real local business, not spam")

    assert not reload(target).is_hidden
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [
        ("restore", "A real local business, not spam"),
        ("hide", "Looked like spam"),
    ]


def test_hiding_what_is_hidden_is_refused_and_keeps_the_first_reason(target, moderator):
    services.hide(target, moderator, "Insults")

    with pytest.raises(ValidationError, match="already hidden"):
        services.hide(target, moderator, "Spam")

    assert reload(target).hidden_reason == "Insults"
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [("hide", "Insults")]


def test_restoring_what_is_shown_is_refused_and_writes_nothing(target, moderator):
    with pytest.raises(ValidationError, match="already shown"):
        services.restore(target, moderator, "Nothing hidden")

    assert not reload(target).is_hidden
    assert not ModerationAction.objects.exists()


def test_the_state_checked_is_the_databases_not_a_stale_copy(target, moderator):
    stale = reload(target)
    services.hide(target, moderator, "Insults")

    with pytest.raises(ValidationError, match="already hidden"):
        services.hide(stale, moderator, "Spam")
    assert ModerationAction.objects.count() == 1


def test_dismissing_keeps_the_text_shown_and_closes_the_reports(target, moderator):
    services.report(target, factories.UserFactory(), Report.Reason.OFF_TOPIC)

    services.dismiss_reports(target, moderator, "On topic: it is about the square")

    assert not reload(target).is_hidden
    assert Report.objects.open().count() == 0
    assert ModerationAction.objects.get().kind == "dismiss"


def test_dismissing_without_open_reports_is_refused_and_writes_nothing(target, moderator):
    with pytest.raises(ValidationError, match="no open report"):
        services.dismiss_reports(target, moderator, "Nothing to see")
    assert not ModerationAction.objects.exists()


def test_hiding_without_a_reason_is_refused_and_changes_nothing(target, moderator):
    with pytest.raises(ValidationError, match="Give a reason"):
        services.hide(target, moderator, "")
    assert not reload(target).is_hidden
    assert not ModerationAction.objects.exists()


def test_residents_cannot_hide(target):
    with pytest.raises(PermissionDenied):
        services.hide(target, factories.UserFactory(), "I do not like it")
    assert not reload(target).is_hidden
    assert not ModerationAction.objects.exists()


def test_a_second_open_report_by_the_same_person_is_refused(target):
    resident = factories.UserFactory()
    services.report(target, resident, Report.Reason.SPAM)

    with pytest.raises(ValidationError, match="already reported"):
        services.report(target, resident, Report.Reason.OFFENSIVE)
    assert Report.objects.count() == 1


def test_the_database_itself_refuses_a_second_open_report(target):
    resident = factories.UserFactory()
    services.report(target, resident, Report.Reason.SPAM)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=resident, reason="other", **_on(target))


def test_after_a_decision_the_same_person_may_report_again(target, moderator):
    resident = factories.UserFactory()
    services.report(target, resident, Report.Reason.SPAM)
    services.dismiss_reports(target, moderator, "Not spam")

    services.report(target, resident, Report.Reason.OFFENSIVE)

    assert Report.objects.filter(reporter=resident).count() == 2


def test_reporting_ones_own_text_is_refused(target):
    with pytest.raises(PermissionDenied):
        services.report(target, target.author, Report.Reason.OTHER)
    assert not Report.objects.exists()


def test_a_report_points_at_exactly_one_thing():
    comment = factories.CommentFactory()
    resident = factories.UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            reporter=resident, reason="spam", annotation=comment.annotation, comment=comment
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=resident, reason="spam")


def test_the_history_is_never_changed(target, moderator):
    action = services.hide(target, moderator, "Insults")
    action.reason = "Something nicer"
    with pytest.raises(ValidationError):
        action.save()
    assert ModerationAction.objects.get().reason == "Insults"


def _on(target):
    return {"annotation": target} if isinstance(target, Annotation) else {"comment": target}


API_TARGETS = {"contribution": "/api/annotations/", "comment": "/api/comments/"}


@pytest.mark.parametrize("kind", API_TARGETS)
def test_api_hide_and_restore_write_the_audit_trail(kind, moderator):
    target = factories.AnnotationFactory() if kind == "contribution" else factories.CommentFactory()
    services.report(target, factories.UserFactory(), Report.Reason.SPAM)
    client = api(moderator)
    url = f"{API_TARGETS[kind]}{target.pk}/"

    hidden = client.post(f"{url}hide/", {"reason": "Advertising"})
    restored = client.post(f"{url}restore/", {"reason": "The shop is the topic"})
    hidden_again = client.post(f"{url}hide/", {"reason": "Advertising again"})
    restored_silently = client.post(f"{url}restore/")

    assert [
        response.status_code for response in (hidden, restored, hidden_again, restored_silently)
    ] == [200, 200, 200, 200]
    assert list(
        ModerationAction.objects.order_by("pk").values_list("kind", "reason", "moderator")
    ) == [
        ("hide", "Advertising", moderator.pk),
        ("restore", "The shop is the topic", moderator.pk),
        ("hide", "Advertising again", moderator.pk),
        ("restore", "", moderator.pk),
    ]
    assert Report.objects.open().count() == 0


@pytest.mark.parametrize("kind", API_TARGETS)
def test_api_hide_without_a_reason_is_a_400_and_writes_nothing(kind, moderator):
    target = factories.AnnotationFactory() if kind == "contribution" else factories.CommentFactory()

    response = api(moderator).post(f"{API_TARGETS[kind]}{target.pk}/hide/", {"reason": ""})

    assert response.status_code == 400
    assert "reason" in response.json()
    model = Annotation if kind == "contribution" else Comment
    assert not model.objects.get(pk=target.pk).is_hidden
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("kind", API_TARGETS)
def test_api_hiding_twice_or_restoring_what_is_shown_is_a_400_and_writes_nothing(kind, moderator):
    target = factories.AnnotationFactory() if kind == "contribution" else factories.CommentFactory()
    client = api(moderator)
    url = f"{API_TARGETS[kind]}{target.pk}/"

    shown_restore = client.post(f"{url}restore/", {"reason": "Why not"})
    client.post(f"{url}hide/", {"reason": "Insults"})
    second_hide = client.post(f"{url}hide/", {"reason": "Spam"})

    assert shown_restore.status_code == 400
    assert shown_restore.json() == ["This is already shown."]
    assert second_hide.status_code == 400
    assert second_hide.json() == ["This is already hidden."]
    assert reload(target).hidden_reason == "Insults"
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [("hide", "Insults")]

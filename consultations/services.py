"""Every write on a consultation that checks a rule or touches more than one row, each in
one transaction: the text and its versions, votes, amendments and their answers.

Each raises `PermissionDenied` when the person may not, `ValidationError` with the
message to show when the input is wrong, and then writes nothing.
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Amendment, Article, ArticleText, Consultation, Support, Version, Vote
from .text import same_wording, split_articles


def _check(user, permission, obj):
    if not rules.has_perm(permission, user, obj):
        raise PermissionDenied


def _closed_message(consultation):
    if consultation.is_closed:
        return _("This consultation is closed: taking part is no longer possible.")
    return _("This consultation is not open yet.")


def check_taking_part(user, consultation):
    """Refuse, with the reason, anyone who may not take part in `consultation` now."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not rules.has_perm("consultations.take_part", user, consultation):
        raise ValidationError(_closed_message(consultation), code="closed")


def _next_version(consultation, by, note):
    """A new, empty version numbered after the last; the consultation's row stays locked
    until the transaction ends, so two publications never take the same number."""
    Consultation.objects.select_for_update().filter(pk=consultation.pk).get()
    last = consultation.versions.aggregate(last=Max("number"))["last"] or 0
    return Version.objects.create(consultation=consultation, number=last + 1, author=by, note=note)


@transaction.atomic
def import_text(consultation, markdown, by, note=""):
    """Publish `markdown` as the next version: one article per top heading, the n-th
    heading being article n (created when new)."""
    _check(by, "consultations.edit_text", consultation)
    sections = split_articles(markdown)
    version = _next_version(consultation, by, note)
    articles = {article.number: article for article in consultation.articles.all()}
    for section in sections:
        article = articles.get(section.number) or Article.objects.create(
            consultation=consultation, number=section.number
        )
        text = ArticleText(version=version, article=article, title=section.title, body=section.body)
        text.full_clean()
        text.save()
    return version


@transaction.atomic
def publish_version(consultation, by, note):
    """The next version of the text: the current one with the accepted amendments taken in
    (the latest answered one per article wins), each marked as taken into it."""
    _check(by, "consultations.edit_text", consultation)
    current = consultation.current_version()
    if current is None:
        raise ValidationError(_("Import the text first."))
    accepted = (
        Amendment.objects.filter(
            article__consultation=consultation,
            status__in=Amendment.TAKEN_IN,
            taken_in__isnull=True,
        )
        .select_for_update()
        .order_by("answered_at", "pk")
    )
    wording = {amendment.article_id: amendment.wording_taken_in for amendment in accepted}
    if not wording:
        raise ValidationError(_("No accepted amendment waits to be taken into a new version."))
    version = _next_version(consultation, by, note)
    ArticleText.objects.bulk_create(
        ArticleText(
            version=version,
            article_id=text.article_id,
            title=text.title,
            body=wording.get(text.article_id, text.body),
        )
        for text in current.texts.all()
    )
    accepted.update(taken_in=version)
    return version


@transaction.atomic
def cast_vote(consultation, user, value, article=None):
    """`user` votes for (1), against (-1) or abstains (0) on `article`, or on the whole
    text when `article` is None; a second vote replaces the first."""
    check_taking_part(user, consultation)
    if value not in Vote.Value.values:
        raise ValidationError(_("A vote is for, against or abstain."), code="invalid")
    if article is not None and article.consultation_id != consultation.pk:
        raise ValidationError(_("This article belongs to another consultation."))
    Vote.objects.cast(consultation, article, user, value)


@transaction.atomic
def take_back_vote(consultation, user, article=None):
    check_taking_part(user, consultation)
    Vote.objects.filter(consultation=consultation, article=article, user=user).delete()


@transaction.atomic
def propose_amendment(article, by, body, explanation=""):
    """`by` proposes a new wording of `article`, against the current version."""
    consultation = article.consultation
    check_taking_part(by, consultation)
    version = consultation.current_version()
    current = article.text_in(version) if version else None
    if current is None:
        raise ValidationError(_("This article is not in the current version of the text."))
    if same_wording(body, current.body):
        raise ValidationError(
            {"body": _("Your amendment is identical to the current wording: change some words.")}
        )
    amendment = Amendment(
        article=article, base_version=version, author=by, body=body, explanation=explanation
    )
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def support(amendment, by, supported=True):
    """`by` backs `amendment` (or no longer does); once each, whatever the clicks."""
    check_taking_part(by, amendment.article.consultation)
    _check(by, "consultations.support_amendment", amendment)
    if supported:
        Support.objects.bulk_create([Support(amendment=amendment, user=by)], ignore_conflicts=True)
    else:
        Support.objects.filter(amendment=amendment, user=by).delete()


@transaction.atomic
def answer_amendment(amendment, by, status, answer, adopted_body=""):
    """Staff's answer to `amendment`, with its reason; not once it is in a version."""
    _check(by, "consultations.answer_amendment", amendment)
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if locked.taken_in_id:
        raise ValidationError(_("This amendment is already in a version of the text."))
    if status == Amendment.Status.PENDING:
        raise ValidationError({"status": _("Choose an answer.")})
    locked.status, locked.answer = status, answer
    locked.adopted_body = adopted_body if status == Amendment.Status.ACCEPTED_WITH_CHANGES else ""
    locked.answered_by, locked.answered_at = by, timezone.now()
    locked.full_clean()
    locked.save()
    return locked

"""Every moderation write, for the pages and the API alike.

Each runs in one transaction, checks who may (`rules.py`), writes the state
change, the audit trail and the reports it settles together, or nothing.
`target` is a contribution or a comment.
"""

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signals
from .models import REASON_MAX_LENGTH, Annotation, Photo, Vote
from .models.moderation import ALREADY_REPORTED, ModerationAction, Report, target_fields


def permission(verb, target):
    """The rule for `verb` ("moderate", "report") on this kind of target."""
    kind = "annotation" if isinstance(target, Annotation) else "comment"
    return f"annotations.{verb}_{kind}"


def _check(user, verb, target):
    if not rules.has_perm(permission(verb, target), user, target):
        raise PermissionDenied


def _record(target, by, kind, reason, photo=None):
    action = ModerationAction(
        moderator=by, kind=kind, reason=reason, photo=photo, **target_fields(target)
    )
    action.full_clean()
    action.save()
    return action


def _resolve_reports(target, by):
    """Close the open reports on `target`; how many there were."""
    return Report.objects.open().on(target).update(resolved_at=timezone.now(), resolved_by=by)


def _locked(target):
    """`target` as it is in the database, its row locked until the transaction ends, so
    two moderators acting at once act one after the other."""
    return type(target).objects.select_for_update().get(pk=target.pk)


def _is_hidden_now(target):
    return _locked(target).is_hidden


def _check_awaiting(target):
    if not _locked(target).awaits_moderation:
        raise ValidationError(_("This is not waiting for a moderator any more."))


@transaction.atomic
def hide(target, by, reason):
    """Hide `target` from the public, say why, and settle the reports about it."""
    _check(by, "moderate", target)
    if _is_hidden_now(target):
        raise ValidationError(_("This is already hidden."))
    action = _record(target, by, ModerationAction.Kind.HIDE, reason)
    target.hide(reason)
    _resolve_reports(target, by)
    _announce_hidden(target, by, reason)
    return action


def _announce_hidden(target, by, reason):
    if isinstance(target, Annotation):
        signals.contribution_hidden.send(sender=Annotation, annotation=target, by=by, reason=reason)


@transaction.atomic
def restore(target, by, reason=""):
    """Show `target` again; the reports about it are settled by the moderator's decision."""
    _check(by, "moderate", target)
    if not _is_hidden_now(target):
        raise ValidationError(_("This is already shown."))
    action = _record(target, by, ModerationAction.Kind.RESTORE, reason)
    target.restore()
    _resolve_reports(target, by)
    if isinstance(target, Annotation):
        signals.contribution_restored.send(
            sender=Annotation, annotation=target, by=by, reason=reason
        )
    return action


@transaction.atomic
def dismiss_reports(target, by, reason):
    """Keep `target` as it is and close its open reports, saying why."""
    _check(by, "moderate", target)
    if not Report.objects.open().on(target).exists():
        raise ValidationError(_("There is no open report on this."))
    action = _record(target, by, ModerationAction.Kind.DISMISS, reason)
    _resolve_reports(target, by)
    return action


@transaction.atomic
def report(target, by, reason, note=""):
    """`by` flags `target` for the moderators; one open report per person and target."""
    _check(by, "report", target)
    flagged = Report(reporter=by, reason=reason, note=note, **target_fields(target))
    flagged.full_clean()
    try:
        with transaction.atomic():
            flagged.save()
    except IntegrityError:
        # Another request reported it between the check above and this insert.
        raise ValidationError(ALREADY_REPORTED) from None
    return flagged


@transaction.atomic
def publish(target, by, reason=""):
    """Let a contribution or comment held by pre-moderation out to the public."""
    _check(by, "moderate", target)
    _check_awaiting(target)
    action = _record(target, by, ModerationAction.Kind.PUBLISH, reason)
    target.publish()
    if isinstance(target, Annotation):
        signals.contribution_published.send(sender=Annotation, annotation=target, by=by)
    else:
        target.announce()
    return action


@transaction.atomic
def reject(target, by, reason):
    """Refuse a contribution or comment held by pre-moderation: it stays unpublished,
    hidden, and its author reads why."""
    _check(by, "moderate", target)
    _check_awaiting(target)
    action = _record(target, by, ModerationAction.Kind.REJECT, reason)
    target.hide(reason)
    _announce_hidden(target, by, reason)
    return action


@transaction.atomic
def hide_photo(photo, by, reason):
    """Hide one photo of a contribution, the rest of it staying as it is."""
    _check(by, "moderate", photo.annotation)
    if _is_hidden_now(photo):
        raise ValidationError(_("This is already hidden."))
    action = _record(photo.annotation, by, ModerationAction.Kind.HIDE_PHOTO, reason, photo)
    photo.hide(reason)
    return action


@transaction.atomic
def restore_photo(photo, by, reason=""):
    _check(by, "moderate", photo.annotation)
    if not _is_hidden_now(photo):
        raise ValidationError(_("This is already shown."))
    action = _record(photo.annotation, by, ModerationAction.Kind.RESTORE_PHOTO, reason, photo)
    photo.restore()
    return action


@transaction.atomic
def contribute(form, photos=()):
    """Save the contribution `form` holds with the photos sent along: all or nothing."""
    annotation = form.save()
    add_photos(annotation, photos)
    return annotation


def add_photos(annotation, photos):
    """Store `photos` ((CleanPhoto, alt text) pairs) after the contribution's own; an alt
    text left empty says the photo illustrates the contribution's title."""
    already = annotation.photos.count()
    if already + len(photos) > settings.CONTRIBUTION_PHOTOS_MAX:
        raise ValidationError(
            _("A contribution has %(most)s photos at most.")
            % {"most": settings.CONTRIBUTION_PHOTOS_MAX}
        )
    stored = []
    for position, (clean, alt_text) in enumerate(photos, start=already):
        photo = Photo(
            annotation=annotation,
            position=position,
            alt_text=alt_text or _("Photo: %(title)s") % {"title": annotation.title},
        )
        photo.image.save(clean.image.name, clean.image, save=False)
        photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        photo.full_clean()
        photo.save()
        stored.append(photo)
    return stored


@transaction.atomic
def mark_duplicate(duplicate, original, by, merge_votes=True):
    """`duplicate` repeats `original`: it points there from now on, and with `merge_votes`
    its votes move there. Whoever voted on both keeps their vote on `original` alone: the
    one-vote-per-person constraint settles it, so nobody is ever counted twice."""
    _check(by, "moderate", duplicate)
    duplicate = _locked(duplicate)
    original = Annotation.objects.select_for_update().get(pk=original.pk)
    if original.pk == duplicate.pk:
        raise ValidationError(_("A contribution cannot duplicate itself."))
    if original.layer.campaign_id != duplicate.layer.campaign_id:
        raise ValidationError(_("Both contributions must belong to the same campaign."))
    if original.duplicate_of_id:
        raise ValidationError(_("That contribution is itself a duplicate; choose the original."))
    moved = 0
    if merge_votes:
        before = original.votes.count()
        votes = Vote.objects.filter(annotation=duplicate).values("user_id", "value")
        Vote.objects.bulk_create(
            [Vote(annotation=original, **vote) for vote in votes], ignore_conflicts=True
        )
        Vote.objects.filter(annotation=duplicate).delete()
        moved = original.votes.count() - before
    # Other contributions that pointed at this one point at the original now.
    Annotation.objects.filter(duplicate_of=duplicate).update(duplicate_of=original)
    duplicate.duplicate_of = original
    duplicate.save(update_fields=["duplicate_of", "updated_at"])
    reason = _("Duplicate of “%(title)s” (#%(id)s)") % {"title": original.title, "id": original.pk}
    _record(duplicate, by, ModerationAction.Kind.DUPLICATE, reason[:REASON_MAX_LENGTH])
    return moved

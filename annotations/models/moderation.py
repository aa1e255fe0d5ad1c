"""Residents' reports and the moderators' audit trail.

Both point at exactly one contribution or one comment, through two nullable
foreign keys the database checks, rather than a generic relation it cannot.
Writes go through `annotations.services`.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .contributions import REASON_MAX_LENGTH, Annotation, Comment

NOTE_MAX_LENGTH = 1000
ALREADY_REPORTED = _("You have already reported this; moderators will look at it.")

ON_ANNOTATION = Q(annotation__isnull=False, comment__isnull=True)
ON_COMMENT = Q(annotation__isnull=True, comment__isnull=False)


def target_fields(target):
    """The keyword arguments that point a report or an action at `target`."""
    if isinstance(target, Annotation):
        return {"annotation": target}
    if isinstance(target, Comment):
        return {"comment": target}
    raise TypeError(f"Only contributions and comments are moderated, not {target!r}.")


def target_kind(target):
    """How URLs name the kind of `target`: "contribution" or "comment"."""
    return "contribution" if "annotation" in target_fields(target) else "comment"


def target_url(target):
    """Where people read `target`: the contribution's page, at the comment for a comment
    (on the page of what it discusses: a contribution, a text, an article, an amendment)."""
    if "annotation" in target_fields(target):
        return reverse("annotations:detail", args=[target.pk])
    if target.annotation_id:
        return reverse("annotations:detail", args=[target.annotation_id]) + f"#comment-{target.pk}"
    return target.subject.get_absolute_url() + f"#comment-{target.pk}"


class OnTarget(models.Model):
    """Points at one contribution or one comment, never both, never neither."""

    annotation = models.ForeignKey(
        "annotations.Annotation",
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    comment = models.ForeignKey(
        "annotations.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=ON_ANNOTATION | ON_COMMENT,
                name="%(class)s_on_one_contribution_or_comment",
                violation_error_message=_("Choose one contribution or one comment."),
            ),
        ]

    @property
    def target(self):
        return self.annotation if self.annotation_id else self.comment


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def on(self, target):
        return self.filter(**target_fields(target))


class Report(OnTarget):
    """A signed-in person flags a contribution or a comment for the moderators."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Offensive or abusive")
        PERSONAL_DATA = "personal_data", _("Reveals personal data")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    # Emptied when the reporter deletes their account: the report stays as evidence.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dealt with by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            *OnTarget.Meta.constraints,
            models.UniqueConstraint(
                fields=["reporter", "annotation"],
                condition=Q(resolved_at__isnull=True, annotation__isnull=False),
                name="report_one_open_per_person_per_annotation",
                violation_error_message=ALREADY_REPORTED,
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(resolved_at__isnull=True, comment__isnull=False),
                name="report_one_open_per_person_per_comment",
                violation_error_message=ALREADY_REPORTED,
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target}"


class ModerationAction(OnTarget):
    """One entry of the audit trail: who hid, restored or dismissed reports, on what, why.

    Append-only: an entry is written once and never changed.
    """

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Reports dismissed")
        PUBLISH = "publish", _("Published after moderation")
        REJECT = "reject", _("Rejected before publication")
        HIDE_PHOTO = "hide_photo", _("Photo hidden")
        RESTORE_PHOTO = "restore_photo", _("Photo restored")
        DUPLICATE = "duplicate", _("Marked as a duplicate")

    kind = models.CharField(_("action"), max_length=16, choices=Kind)
    # A photo's moderation is entered on its contribution, naming the photo.
    photo = models.ForeignKey(
        "annotations.Photo",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *OnTarget.Meta.constraints,
            # Restoring through the API may come without a reason (it always could), and
            # publishing needs none; hiding, dismissing and rejecting always say why.
            models.CheckConstraint(
                condition=Q(kind__in=["restore", "publish", "restore_photo"]) | ~Q(reason=""),
                name="moderationaction_reason_given",
                violation_error_message=_("Give a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("The moderation history is never changed."))
        super().save(*args, **kwargs)

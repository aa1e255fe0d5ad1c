import hashlib

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped
from gis.geometry import clean_geometry_field
from layers.models import Category

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000
# A collective contribution speaks for a group (a meeting, an association), named.
COLLECTIVE = ~Q(group_name="")


def sees_everything(user):
    """Moderators and staff see what moderation hid; everyone else does not."""
    return user.is_authenticated and (user.is_staff or user.is_moderator)


class AnnotationQuerySet(models.QuerySet):
    def visible(self):
        """What anyone may see: not hidden by a moderator, past submission, not withdrawn."""
        return self.filter(is_hidden=False).exclude(status__in=Annotation.UNPUBLISHED_STATUSES)

    def visible_to(self, user):
        """What `user` may see: everything for moderators and staff; for others what is
        visible in published campaigns, and their own contributions whatever their state."""
        if sees_everything(user):
            return self
        public = Q(is_hidden=False, layer__campaign__is_published=True) & ~Q(
            status__in=Annotation.UNPUBLISHED_STATUSES
        )
        return self.filter(public | Q(author=user) if user.is_authenticated else public)

    def as_seen_by(self, user):
        """What `user` may see, each with `user`'s own vote."""
        return self.visible_to(user).with_vote_of(user)

    def with_vote_of(self, user):
        """Add `my_vote`: the value of `user`'s vote (1 or -1), None when none or anonymous."""
        if not user.is_authenticated:
            return self.annotate(my_vote=Value(None, output_field=IntegerField()))
        own = Vote.objects.filter(annotation=OuterRef("pk"), user=user).values("value")[:1]
        return self.annotate(my_vote=Subquery(own))


def public_name(user, campaign):
    """How `user` appears to others in `campaign`: a display name, or None when the
    campaign hides authors' names (docs/principles.md, principle 6)."""
    if user is None or not campaign.show_author_names:
        return None
    return user.public_name


# Why a moderator hid something, and why they acted, in the history.
REASON_MAX_LENGTH = 300


class Moderated(models.Model):
    """What a moderator hides from the public, and why."""

    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=REASON_MAX_LENGTH, blank=True
    )

    class Meta:
        abstract = True

    def hide(self, reason):
        self.is_hidden, self.hidden_reason = True, reason
        self.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])

    def restore(self):
        self.is_hidden, self.hidden_reason = False, ""
        self.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])


class Annotation(Timestamped, Moderated):
    """A resident's contribution drawn on a contribution layer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Done")
        WITHDRAWN = "withdrawn", _("Withdrawn by its author")

    # The statuses the public never sees: not yet published, or taken back by the author.
    UNPUBLISHED_STATUSES = [Status.SUBMITTED, Status.WITHDRAWN]

    layer = models.ForeignKey(
        "layers.Layer",
        verbose_name=_("layer"),
        on_delete=models.CASCADE,
        related_name="annotations",
    )
    geometry = models.GeometryField(_("geometry"), srid=4326)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PUBLISHED)
    response_text = models.TextField(_("official response"), max_length=BODY_MAX_LENGTH, blank=True)
    response_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    target_feature = models.ForeignKey(
        "layers.Feature",
        verbose_name=_("annotated feature"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotations",
    )
    group_name = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("For a collective contribution: the group or meeting it speaks for."),
    )
    participant_count = models.PositiveIntegerField(
        _("participants"),
        default=1,
        help_text=_("How many people this contribution speaks for."),
    )
    source_event = models.ForeignKey(
        "agenda.Event",
        verbose_name=_("from the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotations",
    )
    # Kept by database triggers in the transaction that writes the vote or the comment
    # (migration annotations 0007), so lists order by them through an index and they
    # never drift from the votes and comments tables. Comments count when not hidden.
    votes_for = models.PositiveIntegerField(_("votes for"), db_default=0, editable=False)
    votes_against = models.PositiveIntegerField(_("votes against"), db_default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), db_default=0, editable=False)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        # One per ordering of the lists (annotations/filters.py), for keyset paging.
        indexes = [
            models.Index(F("created_at").desc(), F("id").desc(), name="annotation_newest"),
            models.Index(
                F("votes_for").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="annotation_most_supported",
            ),
            models.Index(
                F("comment_count").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="annotation_most_discussed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__gte=1),
                name="annotation_participant_count_at_least_one",
                violation_error_message=_("A contribution speaks for at least one person."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("annotations:detail", args=[self.pk])

    def withdraw(self):
        """The author takes the contribution back: kept for the record, shown to nobody else."""
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])

    def respond(self, by, response_text, status):
        """Staff's official answer and the status it leaves the contribution in."""
        self.response_text, self.status = response_text, status
        self.response_author, self.responded_at = by, timezone.now()
        self.save(
            update_fields=[
                "response_text",
                "status",
                "response_author",
                "responded_at",
                "updated_at",
            ]
        )

    @property
    def public_author_name(self):
        return public_name(self.author, self.layer.campaign)

    @property
    def etag(self):
        """An HTTP entity tag that changes whenever the contribution is saved."""
        version = f"{self.pk}:{self.updated_at.isoformat()}".encode()
        return f'"{hashlib.sha256(version).hexdigest()[:32]}"'

    def clean(self):
        layer = self.layer if self.layer_id else None
        if layer is None:
            return
        if not layer.is_contribution:
            raise ValidationError(
                {"layer": _("Contributions go on a contribution layer, not a reference layer.")}
            )
        if layer.accepted_categories and self.category not in layer.accepted_categories:
            raise ValidationError({"category": _("This layer does not accept this category.")})
        if self.target_feature_id and self.target_feature.layer.campaign_id != layer.campaign_id:
            raise ValidationError(
                {"target_feature": _("The annotated feature belongs to another campaign.")}
            )
        clean_geometry_field(
            self,
            "geometry",
            families=layer.accepted_geometry_types or None,
            perimeter=layer.campaign.perimeter,
        )


# The statuses staff may leave a contribution in: withdrawing is its author's act alone.
ANSWER_STATUSES = [
    (value, label)
    for value, label in Annotation.Status.choices
    if value != Annotation.Status.WITHDRAWN
]


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Moderators and staff see hidden comments too; authors see their own."""
        if sees_everything(user):
            return self
        shown = Q(is_hidden=False)
        return self.filter(shown | Q(author=user) if user.is_authenticated else shown)


class Comment(Timestamped, Moderated):
    """A reply to a contribution or to another comment, optionally pinned on the map."""

    annotation = models.ForeignKey(
        Annotation,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    point = models.PointField(_("place on the map"), srid=4326, null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]

    @property
    def public_author_name(self):
        return public_name(self.author, self.annotation.layer.campaign)

    def clean(self):
        if self.parent_id and self.parent.annotation_id != self.annotation_id:
            raise ValidationError({"parent": _("A reply must belong to the same contribution.")})
        if self.annotation_id:
            clean_geometry_field(
                self,
                "point",
                families={"point"},
                perimeter=self.annotation.layer.campaign.perimeter,
            )


class VoteQuerySet(models.QuerySet):
    def cast(self, annotation, user, value):
        """Record `user`'s vote on `annotation`, replacing an earlier one.

        One INSERT ... ON CONFLICT DO UPDATE on the unique (annotation, user)
        constraint: concurrent clicks can neither fail nor count twice.
        """
        self.bulk_create(
            [Vote(annotation=annotation, user=user, value=value)],
            update_conflicts=True,
            unique_fields=["annotation", "user"],
            update_fields=["value"],
        )

    def take_back(self, annotation, user):
        """Remove `user`'s vote on `annotation`, if there is one."""
        self.filter(annotation=annotation, user=user).delete()


class Vote(models.Model):
    """Support for or opposition to a contribution: one per person, enforced by the database."""

    class Value(models.IntegerChoices):
        FOR = 1, _("For")
        AGAINST = -1, _("Against")

    annotation = models.ForeignKey(
        Annotation, verbose_name=_("contribution"), on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    value = models.SmallIntegerField(_("vote"), choices=Value, default=Value.FOR)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user"],
                name="vote_one_per_person_per_annotation",
                violation_error_message=_("You have already voted on this contribution."),
            ),
            models.CheckConstraint(
                condition=Q(value__in=[1, -1]),
                name="vote_value_for_or_against",
                violation_error_message=_("A vote is for (+1) or against (-1)."),
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.get_value_display()} {self.annotation}"

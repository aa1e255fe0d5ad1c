import hashlib

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Timestamped
from gis.geometry import clean_geometry_field
from layers.models import Category

from .. import signals

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000
# A collective contribution speaks for a group (a meeting, an association), named.
COLLECTIVE = ~Q(group_name="")
# Set only through a meeting's outcome (agenda.services.record_meeting_outcome).
COLLECTIVE_FIELDS = ("group_name", "participant_count")


def sees_everything(user):
    """Moderators and staff see what moderation hid; everyone else does not."""
    return user is not None and user.is_authenticated and (user.is_staff or user.is_moderator)


def held_for_moderation(campaign, author, premoderated):
    """Whether what `author` writes waits for a moderator: the campaign's setting
    `premoderated` is on and the author is no moderator or staff themselves."""
    return getattr(campaign, premoderated) and not sees_everything(author)


def _public():
    """What the public sees: visible contributions of published campaigns."""
    return Q(is_hidden=False, layer__campaign__is_published=True) & ~Q(
        status__in=Annotation.UNPUBLISHED_STATUSES
    )


class AnnotationQuerySet(models.QuerySet):
    def visible(self):
        """What anyone may see: not hidden by a moderator, past submission, not withdrawn."""
        return self.filter(is_hidden=False).exclude(status__in=Annotation.UNPUBLISHED_STATUSES)

    def public(self):
        """What the public may see: visible, in a published campaign."""
        return self.filter(_public())

    def visible_to(self, user):
        """What `user` may see: everything for moderators and staff; for others what is
        visible in published campaigns, and their own contributions whatever their state
        (waiting for a moderator included)."""
        if sees_everything(user):
            return self
        return self.filter(_public() | Q(author=user) if user.is_authenticated else _public())

    def own_beyond_public(self, user):
        """What `visible_to(user)` adds to what the public sees, for anyone but moderators
        and staff: their own contributions the public does not see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user).exclude(_public())

    def awaiting_moderation(self):
        """Submitted in a pre-moderated campaign, neither published nor rejected yet."""
        return self.filter(status=Annotation.Status.SUBMITTED, is_hidden=False)

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
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_("Staff found the same request already made there."),
    )
    # Kept by database triggers in the transaction that writes the vote or the comment
    # (migration annotations 0007), so lists order by them through an index and they
    # never drift from the votes and comments tables. Comments count when not hidden.
    votes_for = models.PositiveIntegerField(_("votes for"), db_default=0, editable=False)
    votes_against = models.PositiveIntegerField(_("votes against"), db_default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), db_default=0, editable=False)

    objects = AnnotationQuerySet.as_manager()
    # Every saved state, kept for moderators: what the author wrote before each edit, and
    # what a hidden contribution said when a moderator hid it (django-simple-history).
    history = HistoricalRecords(
        excluded_fields=["updated_at", "votes_for", "votes_against", "comment_count"]
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        # One per ordering of the lists (annotations/filters.py), for keyset paging: over
        # every layer, and within one layer (a campaign's list, bench/scale.py), where a
        # page reads its 20 entries however few of the table's rows the layer holds.
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
            models.Index(
                "layer", F("created_at").desc(), F("id").desc(), name="annotation_layer_newest"
            ),
            models.Index(
                "layer",
                F("votes_for").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="annotation_layer_supported",
            ),
            models.Index(
                "layer",
                F("comment_count").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="annotation_layer_discussed",
            ),
            # A status or category few contributions have: found without walking the layer.
            models.Index(fields=["layer", "status", "category"], name="annotation_layer_status"),
            # Similar titles for the duplicate hint (annotations/duplicates.py), by pg_trgm.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="annotation_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("pk")),
                name="annotation_not_duplicate_of_itself",
                violation_error_message=_("A contribution cannot duplicate itself."),
            ),
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

    def save(self, *args, **kwargs):
        if (
            self._state.adding
            and self.status == self.Status.PUBLISHED
            and held_for_moderation(self.layer.campaign, self.author, "premoderate_contributions")
        ):
            self.status = self.Status.SUBMITTED
        created = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if created and self.is_public_state:
                signals.contribution_published.send(
                    sender=Annotation, annotation=self, by=self.author
                )

    @property
    def awaits_moderation(self):
        return self.status == self.Status.SUBMITTED and not self.is_hidden

    @property
    def is_public_state(self):
        """Neither hidden nor unpublished (its campaign may still be a draft)."""
        return not self.is_hidden and self.status not in self.UNPUBLISHED_STATUSES

    def publish(self):
        """A moderator lets a submitted contribution out to the public."""
        self.status = self.Status.PUBLISHED
        self.save(update_fields=["status", "updated_at"])

    def withdraw(self):
        """The author takes the contribution back: kept for the record, shown to nobody else."""
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def respond(self, by, response_text, status):
        """Staff's official answer and the status it leaves the contribution in."""
        previous_status, previous_response = self.status, self.response_text
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
        signals.contribution_answered.send(
            sender=Annotation,
            annotation=self,
            by=by,
            previous_status=previous_status,
            previous_response=previous_response,
        )

    @property
    def public_author_name(self):
        return public_name(self.author, self.layer.campaign)

    def edit_lock_reason(self):
        """Why its author may no longer change it, or None while they may: once others
        have taken part, the city has answered or a moderator has hidden it, the text they
        reacted to stays as it was."""
        if self.is_hidden:
            return _("A moderator hid this contribution: it can no longer be edited.")
        if self.responded_at is not None:
            return _("The city has answered this contribution: it can no longer be edited.")
        others = ~Q(author_id=self.author_id) | Q(author__isnull=True)
        if self.comments.filter(others).exists():
            return _("Someone has commented on this contribution: it can no longer be edited.")
        if self.votes.exclude(user_id=self.author_id).exists():
            return _("Someone has voted on this contribution: it can no longer be edited.")
        return None

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
    def visible(self):
        """What anyone may see: not hidden, not waiting for a moderator."""
        return self.filter(is_hidden=False, awaits_moderation=False)

    def awaiting_moderation(self):
        return self.filter(awaits_moderation=True, is_hidden=False)

    def visible_to(self, user):
        """Moderators and staff see hidden and waiting comments too; authors see their own."""
        if sees_everything(user):
            return self
        shown = Q(is_hidden=False, awaits_moderation=False)
        return self.filter(shown | Q(author=user) if user.is_authenticated else shown)

    def on_what_is_visible_to(self, user):
        """The comments whose contribution, or consultation on a text, `user` may open."""
        if sees_everything(user):
            return self
        texts = Q(consultation__is_published=True, consultation__campaign__is_published=True)
        return self.filter(Q(annotation__in=Annotation.objects.visible_to(user)) | texts)


# A comment is on a contribution, or on a consultation's text (the consultations app):
# the whole text, or one article or one amendment of it.
ON_CONTRIBUTION = Q(annotation__isnull=False, consultation__isnull=True)
ON_TEXT = Q(annotation__isnull=True, consultation__isnull=False)


class Comment(Timestamped, Moderated):
    """A reply to a contribution or to a consultation's text, or to another comment,
    optionally pinned on the map."""

    annotation = models.ForeignKey(
        Annotation,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation on a text"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    article = models.ForeignKey(
        "consultations.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    amendment = models.ForeignKey(
        "consultations.Amendment",
        verbose_name=_("amendment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
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
    awaits_moderation = models.BooleanField(_("waiting for a moderator"), default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=ON_CONTRIBUTION | ON_TEXT,
                name="comment_on_a_contribution_or_a_text",
                violation_error_message=_("A comment is on a contribution or on a text."),
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=True, amendment__isnull=True)
                | Q(consultation__isnull=False),
                name="comment_article_or_amendment_within_a_text",
                violation_error_message=_("A comment on an article names its consultation."),
            ),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def subject(self):
        """What the comment discusses: a contribution, an amendment, an article or a text."""
        return self.annotation or self.amendment or self.article or self.consultation

    @property
    def subject_key(self):
        return (self.annotation_id, self.consultation_id, self.article_id, self.amendment_id)

    @property
    def campaign(self):
        if self.annotation_id:
            return self.annotation.layer.campaign
        return self.consultation.campaign

    @property
    def public_author_name(self):
        return public_name(self.author, self.campaign)

    def lineage(self):
        """This comment and the comments above it, up to the one at the top of its thread."""
        comments = [self]
        while comments[-1].parent_id is not None:
            comments.append(comments[-1].parent)
        return comments

    def save(self, *args, **kwargs):
        if self._state.adding and held_for_moderation(
            self.campaign, self.author, "premoderate_comments"
        ):
            self.awaits_moderation = True
        created = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if created and not self.awaits_moderation:
                self.announce()

    def announce(self):
        """Tell the apps above that the public can read this comment from now on."""
        if self.annotation_id and not self.is_hidden:
            signals.comment_published.send(sender=Comment, comment=self, by=self.author)

    def publish(self):
        self.awaits_moderation = False
        self.save(update_fields=["awaits_moderation", "updated_at"])

    def clean(self):
        if self.parent_id:
            if self.parent.subject_key != self.subject_key:
                raise ValidationError(
                    {"parent": _("A reply must belong to the same contribution.")}
                )
            if self.parent.is_hidden:
                raise ValidationError({"parent": _("The comment you answered is no longer shown.")})
            self.parent = parent_within_depth(self.parent, settings.COMMENT_MAX_DEPTH)
        for part in ("article", "amendment"):
            within = getattr(self, part) if getattr(self, f"{part}_id") else None
            if within is not None and within.consultation.pk != self.consultation_id:
                raise ValidationError({part: _("This belongs to another consultation.")})
        if self.annotation_id or self.consultation_id:
            clean_geometry_field(
                self, "point", families={"point"}, perimeter=self.campaign.perimeter
            )


def parent_within_depth(parent, max_depth):
    """The comment a reply to `parent` hangs from so that no thread goes deeper than
    `max_depth` levels: `parent` itself, or, under it, the ancestor at the deepest level
    allowed (the reply then follows its siblings there); None when replies are not allowed."""
    if max_depth <= 1:
        return None
    lineage = parent.lineage()
    # lineage[-1] is at the top (level 1), lineage[0] at level len(lineage).
    return lineage[len(lineage) - min(len(lineage), max_depth - 1)]


class VoteQuerySet(models.QuerySet):
    def cast(self, annotation, user, value):
        """Record `user`'s vote on `annotation`, replacing an earlier one.

        One INSERT ... ON CONFLICT DO UPDATE on the unique (annotation, user)
        constraint: concurrent clicks can neither fail nor count twice.
        """
        with transaction.atomic():
            self.bulk_create(
                [Vote(annotation=annotation, user=user, value=value)],
                update_conflicts=True,
                unique_fields=["annotation", "user"],
                update_fields=["value"],
            )
            signals.vote_cast.send(sender=Vote, annotation=annotation, user=user)

    def take_back(self, annotation, user):
        """Remove `user`'s vote on `annotation`, if there is one."""
        self.filter(annotation=annotation, user=user).delete()

    def counts_on(self, annotation):
        """`votes_for` and `votes_against` on `annotation`, in one aggregate query."""
        return self.filter(annotation=annotation).aggregate(
            votes_for=Count("pk", filter=Q(value=Vote.Value.FOR)),
            votes_against=Count("pk", filter=Q(value=Vote.Value.AGAINST)),
        )


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

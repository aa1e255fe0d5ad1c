"""What the moderation queue lists: reported and hidden contributions and comments,
and the history of moderation actions."""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from .models import Annotation, Comment
from .moderation import ModerationAction, Report, target_kind, target_url

OPEN = Q(reports__resolved_at__isnull=True)


@dataclass
class QueueItem:
    """A contribution or a comment as a moderator reads it in the queue."""

    target: Annotation | Comment
    open_reports: int = 0
    reasons: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    action: ModerationAction | None = None

    @property
    def kind(self):
        return target_kind(self.target)

    @property
    def is_comment(self):
        return self.kind == "comment"

    @property
    def title(self):
        return None if self.is_comment else self.target.title

    @property
    def text(self):
        return self.target.body

    @property
    def author_name(self):
        """The author's name as the campaign shows it: None where it hides names."""
        if self.target.author is None:
            return _("deleted account")
        return self.target.public_author_name

    @property
    def campaign(self):
        annotation = self.target.annotation if self.is_comment else self.target
        return annotation.layer.campaign

    @property
    def url(self):
        return target_url(self.target)


# The queue shows text, never a map: the shapes stay in the database.
UNSHOWN_ANNOTATION = ["geometry", "layer__campaign__perimeter"]
UNSHOWN_COMMENT = ["point", *(f"annotation__{name}" for name in UNSHOWN_ANNOTATION)]


def _annotations(campaign):
    annotations = Annotation.objects.select_related("layer__campaign", "author").defer(
        *UNSHOWN_ANNOTATION
    )
    return annotations.filter(layer__campaign=campaign) if campaign else annotations


def _comments(campaign):
    comments = Comment.objects.select_related("annotation__layer__campaign", "author").defer(
        *UNSHOWN_COMMENT
    )
    return comments.filter(annotation__layer__campaign=campaign) if campaign else comments


def _with_open_reports(targets):
    return targets.annotate(
        open_reports=Count("reports", filter=OPEN),
        reasons=ArrayAgg("reports__reason", filter=OPEN, distinct=True, default=[]),
        notes=ArrayAgg("reports__note", filter=OPEN & ~Q(reports__note=""), default=[]),
        first_reported=Min("reports__created_at", filter=OPEN),
    ).filter(open_reports__gt=0)


def reported(campaign=None):
    """Everything with open reports, most reported first, then longest waiting."""
    targets = [
        *_with_open_reports(_annotations(campaign)),
        *_with_open_reports(_comments(campaign)),
    ]
    targets.sort(key=lambda target: (-target.open_reports, target.first_reported))
    return [
        QueueItem(
            target,
            open_reports=target.open_reports,
            reasons=[Report.Reason(reason).label for reason in target.reasons],
            notes=target.notes,
        )
        for target in targets
    ]


def hidden(campaign=None):
    """Everything hidden now, most recently changed first."""
    targets = [
        *_annotations(campaign).filter(is_hidden=True),
        *_comments(campaign).filter(is_hidden=True),
    ]
    targets.sort(key=lambda target: target.updated_at, reverse=True)
    return [QueueItem(target) for target in targets]


def history(campaign=None):
    """The audit trail, newest first."""
    actions = ModerationAction.objects.select_related(
        "moderator",
        "annotation__layer__campaign",
        "annotation__author",
        "comment__annotation__layer__campaign",
        "comment__author",
    ).defer(
        *(f"annotation__{name}" for name in UNSHOWN_ANNOTATION),
        *(f"comment__{name}" for name in UNSHOWN_COMMENT),
    )
    if campaign:
        actions = actions.filter(
            Q(annotation__layer__campaign=campaign)
            | Q(comment__annotation__layer__campaign=campaign)
        )
    return actions

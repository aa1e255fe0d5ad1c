"""What the moderation queue lists: reported and hidden contributions and comments,
and the history of moderation actions."""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import BigIntegerField, Count, F, Min, Q, Value
from django.utils.translation import gettext as _

from .models import Annotation, Comment
from .models.moderation import ModerationAction, Report, target_kind, target_url


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
        return self.target.campaign if self.is_comment else self.target.layer.campaign

    @property
    def url(self):
        return target_url(self.target)


# The queue shows text, never a map: the shapes stay in the database.
UNSHOWN_ANNOTATION = ["geometry", "layer__campaign__perimeter"]
UNSHOWN_COMMENT = [
    "point",
    "consultation__campaign__perimeter",
    *(f"annotation__{name}" for name in UNSHOWN_ANNOTATION),
]
# A comment is on a contribution or on a consultation's text (Comment.subject).
COMMENT_CAMPAIGN = ("annotation__layer__campaign", "consultation__campaign")


def _comments_in(campaign, prefix=""):
    return Q(**{f"{prefix}{COMMENT_CAMPAIGN[0]}": campaign}) | Q(
        **{f"{prefix}{COMMENT_CAMPAIGN[1]}": campaign}
    )


# Reported and hidden rows name their target by these two keys, one of them set,
# so that PostgreSQL sorts and pages contributions and comments together.
NO_TARGET = Value(None, output_field=BigIntegerField())


def _in_campaign(rows, path, campaign):
    return rows.filter(**{path: campaign}) if campaign else rows


def reported(campaign=None):
    """Open reports, one row per contribution or comment they flag: most reported
    first, then longest waiting."""
    reports = Report.objects.open()
    if campaign:
        reports = reports.filter(
            Q(annotation__layer__campaign=campaign) | _comments_in(campaign, "comment__")
        )
    return (
        reports.values(on_annotation=F("annotation_id"), on_comment=F("comment_id"))
        .annotate(
            open_reports=Count("pk"),
            first_reported=Min("created_at"),
            reasons=ArrayAgg("reason", distinct=True),
            notes=ArrayAgg("note", filter=~Q(note=""), default=[]),
        )
        .order_by("-open_reports", "first_reported", "on_annotation", "on_comment")
    )


def _together(annotations, comments, campaign, order):
    """Contributions and comments of `campaign` as one list of rows, ordered by `order`
    ("changed" or "-changed")."""
    annotations = _in_campaign(annotations, "layer__campaign", campaign)
    if campaign:
        comments = comments.filter(_comments_in(campaign))
    return (
        annotations.values(on_annotation=F("pk"), on_comment=NO_TARGET, changed=F("updated_at"))
        .union(
            comments.values(on_annotation=NO_TARGET, on_comment=F("pk"), changed=F("updated_at"))
        )
        .order_by(order)
    )


def waiting(campaign=None):
    """What pre-moderation holds back, longest waiting first."""
    return _together(
        Annotation.objects.awaiting_moderation(),
        Comment.objects.awaiting_moderation(),
        campaign,
        "changed",
    )


def hidden(campaign=None):
    """Everything hidden now, most recently changed first."""
    return _together(
        Annotation.objects.filter(is_hidden=True),
        Comment.objects.filter(is_hidden=True),
        campaign,
        "-changed",
    )


def items(rows):
    """The queue items of one page of `reported` or `hidden` rows: two queries whatever
    the page's length."""
    annotations = (
        Annotation.objects.select_related("layer__campaign", "author")
        .defer(*UNSHOWN_ANNOTATION)
        .in_bulk([row["on_annotation"] for row in rows if row["on_annotation"]])
    )
    comments = (
        Comment.objects.select_related(*COMMENT_CAMPAIGN, "author")
        .defer(*UNSHOWN_COMMENT)
        .in_bulk([row["on_comment"] for row in rows if row["on_comment"]])
    )
    return [
        QueueItem(
            annotations[row["on_annotation"]]
            if row["on_annotation"]
            else comments[row["on_comment"]],
            open_reports=row.get("open_reports", 0),
            reasons=[Report.Reason(reason).label for reason in row.get("reasons", [])],
            notes=row.get("notes", []),
        )
        for row in rows
    ]


def history(campaign=None):
    """The audit trail, newest first."""
    actions = ModerationAction.objects.select_related(
        "moderator",
        "annotation__layer__campaign",
        "annotation__author",
        *(f"comment__{path}" for path in COMMENT_CAMPAIGN),
        "comment__author",
    ).defer(
        *(f"annotation__{name}" for name in UNSHOWN_ANNOTATION),
        *(f"comment__{name}" for name in UNSHOWN_COMMENT),
    )
    if campaign:
        actions = actions.filter(
            Q(annotation__layer__campaign=campaign) | _comments_in(campaign, "comment__")
        )
    return actions

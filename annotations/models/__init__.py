"""Contributions, their comments and votes; residents' reports and the moderation history."""

from .cells import CELL_LEVELS, ContributionCell
from .contributions import (
    ANSWER_STATUSES,
    BODY_MAX_LENGTH,
    COLLECTIVE,
    COLLECTIVE_FIELDS,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Annotation,
    Comment,
    Vote,
    public_name,
    sees_everything,
)
from .exports import ExportFile
from .moderation import ModerationAction, Report
from .photos import Photo

__all__ = [
    "ANSWER_STATUSES",
    "BODY_MAX_LENGTH",
    "CELL_LEVELS",
    "COLLECTIVE",
    "COLLECTIVE_FIELDS",
    "REASON_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Annotation",
    "Comment",
    "ContributionCell",
    "ExportFile",
    "ModerationAction",
    "Photo",
    "Report",
    "Vote",
    "public_name",
    "sees_everything",
]

"""Who may do what with contributions, comments and votes, declared once.

django-rules predicates composed with `&` and `|`; the API (and the pages)
ask `rules.has_perm(name, user, obj)`. Superusers get no blanket pass here:
staff rights are the ones written below.
"""

import rules

from .models import Annotation, sees_everything

is_moderator = rules.predicate(sees_everything, name="is_moderator")


@rules.predicate
def is_author(user, obj):
    return obj.author_id is not None and obj.author_id == user.pk


@rules.predicate
def layer_is_open(user, layer):
    return layer.is_open_for_contributions()


@rules.predicate
def annotation_layer_is_open(user, annotation):
    return annotation.layer.is_open_for_contributions()


@rules.predicate
def is_still_editable(user, annotation):
    return annotation.edit_lock_reason() is None


@rules.predicate
def is_withdrawn(user, annotation):
    return annotation.status == Annotation.Status.WITHDRAWN


@rules.predicate
def is_duplicate(user, annotation):
    """Votes go to the original a duplicate points at."""
    return annotation.duplicate_of_id is not None


@rules.predicate
def awaits_moderation(user, target):
    """Held by pre-moderation: nobody votes, replies or reports before it is published."""
    return target.awaits_moderation


# Names apart from Django's own model permissions (add_/change_/delete_/view_):
# the admin asks for those without an object, and staff keep them as granted.
# Object: the layer the contribution goes on.
rules.add_perm("annotations.contribute_on_layer", rules.is_authenticated & layer_is_open)
rules.add_perm(
    "annotations.edit_annotation", is_author & annotation_layer_is_open & is_still_editable
)
rules.add_perm("annotations.withdraw_annotation", is_author)
rules.add_perm("annotations.moderate_annotation", is_moderator)
# A withdrawn contribution is its author's to bring back, not staff's by answering it.
rules.add_perm("annotations.respond_to_annotation", rules.is_staff & ~is_withdrawn)
rules.add_perm(
    "annotations.vote_on_annotation",
    rules.is_authenticated & annotation_layer_is_open & ~awaits_moderation & ~is_duplicate,
)
rules.add_perm(
    "annotations.comment_on_annotation",
    rules.is_authenticated & (annotation_layer_is_open | rules.is_staff) & ~awaits_moderation,
)
rules.add_perm("annotations.moderate_comment", is_moderator)


@rules.predicate
def is_hidden(user, target):
    return target.is_hidden


# Object: the contribution or comment reported; hidden ones are already dealt with.
reportable = rules.is_authenticated & ~is_author & ~is_hidden & ~awaits_moderation
rules.add_perm("annotations.report_annotation", reportable)
rules.add_perm("annotations.report_comment", reportable)
# No object: the moderation queue.
rules.add_perm("annotations.view_moderation_queue", is_moderator)

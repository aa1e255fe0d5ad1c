"""Moderation and report forms for any contribution or comment, on any page."""

import rules
from django import template
from django.urls import reverse

from .. import services
from ..forms.moderation import action_form
from ..models.moderation import target_kind, target_url

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, verb, target):
    """Whether the signed-in person may `verb` ("moderate", "report") `target`."""
    user = context["request"].user
    return rules.has_perm(services.permission(verb, target), user, target)


@register.inclusion_tag("annotations/_moderation_form.html", takes_context=True)
def moderation_form(context, action, target, label, at_target=False):
    """A form posting `action` ("hide", "restore", "dismiss", "report") on `target`,
    coming back to this page when done (at the comment itself with `at_target`)."""
    kind = target_kind(target)
    request = context["request"]
    if request.method == "GET":
        anchor = f"#comment-{target.pk}" if at_target and kind == "comment" else ""
        next_url = request.get_full_path() + anchor
    else:
        # A page shown again after a refused POST has a URL that only takes POSTs.
        next_url = target_url(target)
    return {
        "form": action_form(action, prefix_id=f"{action}-{kind}-{target.pk}-"),
        "url": reverse(f"annotations:moderation-{action}", args=[kind, target.pk]),
        "next": next_url,
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }

"""`{% follow_button contribution %}`, `{% follow_button campaign %}`: follow or stop."""

from django import template
from django.urls import reverse

from annotations.models import Annotation

from ..follows import is_following

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, subject):
    request = context["request"]
    if isinstance(subject, Annotation):
        target = {"annotation": subject}
        action = reverse("notifications:follow_annotation", args=[subject.pk])
    else:
        target = {"campaign": subject}
        action = reverse("notifications:follow_campaign", args=[subject.slug])
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "action": action,
        "following": is_following(request.user, **target),
        "subject": subject,
    }

"""What a person may follow, and what they follow, for the pages and the API alike."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from annotations.models import Annotation
from campaigns.models import Campaign

from .models import Follow


def followable(user, annotation=None, campaign=None):
    """The contribution (by pk) or campaign (by slug) `user` may see, as a follow target
    (`{"annotation": …}` or `{"campaign": …}`); 404 otherwise."""
    if annotation is not None:
        found = Annotation.objects.visible_to(user).defer("geometry")
        return {"annotation": get_object_or_404(found, pk=annotation)}
    found = Campaign.objects.visible_to(user).defer("perimeter")
    return {"campaign": get_object_or_404(found, slug=campaign)}


def is_following(user, **target):
    return user.is_authenticated and Follow.objects.active().filter(user=user, **target).exists()


def followed_by(user):
    """What `user` follows now and may still see, newest first."""
    return (
        Follow.objects.active()
        .filter(user=user)
        .filter(Q(annotation__isnull=True) | Q(annotation__in=Annotation.objects.visible_to(user)))
        .filter(Q(campaign__isnull=True) | Q(campaign__in=Campaign.objects.visible_to(user)))
        .select_related("annotation", "campaign")
        .defer("annotation__geometry", "campaign__perimeter")
        .order_by("-created_at", "-pk")
    )

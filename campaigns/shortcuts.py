"""The campaign a page or a feed is about, as its address names it."""

from django.shortcuts import get_object_or_404

from .models import Campaign


def visible_campaign(request, slug):
    """The campaign at `slug` if the person asking may open it (404 otherwise)."""
    return get_object_or_404(Campaign.objects.visible_to(request.user), slug=slug)

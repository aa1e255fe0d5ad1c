from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt

from .campaigns import CampaignDetailView


def frame_ancestors(origins):
    """The Content-Security-Policy that lets only `origins` show a page in a frame."""
    return "frame-ancestors " + (" ".join(origins) if origins else "'none'")


class CampaignEmbedView(CampaignDetailView):
    """A campaign's map alone, for the city's own website to show in a frame: only the
    origins of EMBED_ALLOWED_ORIGINS may (every other page refuses frames)."""

    template_name = "portal/embed.html"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Security-Policy"] = frame_ancestors(settings.EMBED_ALLOWED_ORIGINS)
        return response


campaign_embed = xframe_options_exempt(CampaignEmbedView.as_view())

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from geoconsult.geojson import feature_collection

from ..models import Campaign
from ..statistics import campaign_statistics


def visible_campaign(request, slug):
    """The campaign at `slug`: published ones for everyone, drafts too for staff."""
    campaigns = Campaign.objects.all()
    if not request.user.is_staff:
        campaigns = campaigns.published()
    return get_object_or_404(campaigns, slug=slug)


class HomeView(ListView):
    """Published campaigns, open ones first, as a list and on a map of their perimeters."""

    template_name = "campaigns/home.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        return Campaign.objects.published().order_by_openness().with_contribution_count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["perimeters"] = feature_collection(
            self.object_list, geometry="perimeter", title="title", slug="slug", phase="phase"
        )
        return context


class CampaignDetailView(DetailView):
    """A campaign's rules, phase and dates, and its map of layers and contributions."""

    template_name = "campaigns/detail.html"

    def get_object(self, queryset=None):
        return visible_campaign(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        layers = list(campaign.layers.order_by("z_index"))
        context["map_data"] = {
            "perimeter": feature_collection(
                Campaign.objects.filter(pk=campaign.pk), geometry="perimeter", title="title"
            ),
            "layers": [layer.map_data() for layer in layers],
            # How a collective contribution's popup names its group and headcount.
            "collective_label": _("On behalf of %(group)s, participants: %(people)s"),
        }
        context["legend"] = layers[::-1]  # topmost layer first, as drawn
        context["events"] = campaign.events.upcoming()
        context["milestones"] = campaign.milestones.all()
        context["statistics"] = campaign_statistics(campaign)
        return context

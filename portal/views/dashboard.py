from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from rules.contrib.views import PermissionRequiredMixin

from campaigns.models import Campaign
from campaigns.shortcuts import visible_campaign
from consultations.models import Consultation
from consultations.results import figures
from core.spreadsheets import SafeWriter
from gis.geojson import feature_collection
from layers.models import Layer

from ..statistics import (
    campaign_dashboard,
    contributions_over_time,
    counted_contributions,
    counted_statuses,
)
from .campaigns import tile_url_template


class CampaignDashboardMixin(PermissionRequiredMixin):
    """Staff only; `?submitted=1` counts contributions awaiting publication too."""

    context_object_name = "campaign"
    permission_required = "portal.view_dashboard"

    def get_object(self, queryset=None):
        return visible_campaign(self.request, self.kwargs["slug"])

    def get_permission_object(self):
        # The rule asks nothing of the campaign: fetching it here would fetch it twice.
        return None

    @property
    def include_submitted(self):
        return self.request.GET.get("submitted") == "1"


class DashboardView(CampaignDashboardMixin, DetailView):
    """Staff's figures for a campaign: contributions over time, by category and status,
    the most supported, the people taking part, collective contributions and a heat map."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        dashboard = campaign_dashboard(campaign, include_submitted=self.include_submitted)
        context["include_submitted"] = self.include_submitted
        context["dashboard"] = dashboard
        context["consultations"] = figures(Consultation.objects.filter(campaign=campaign))
        context["map_data"] = {
            "perimeter": feature_collection(
                Campaign.objects.filter(pk=campaign.pk), geometry="perimeter"
            ),
            "heaviest": dashboard["heaviest"] or 1,
            # The heat map reads the contribution layers' tiles, with the statuses counted.
            "layers": [
                tile_url_template(layer)
                for layer in campaign.layers.filter(kind=Layer.Kind.CONTRIBUTION)
            ],
            "statuses": counted_statuses(self.include_submitted),
        }
        return context


class DashboardCSVView(CampaignDashboardMixin, DetailView):
    """The dashboard's contributions over time as a CSV file, one row per day or week."""

    def render_to_response(self, context, **response_kwargs):
        campaign = self.object
        series = contributions_over_time(
            counted_contributions(campaign, self.include_submitted), campaign
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{campaign.slug}-contributions-per-{series["unit"]}.csv"'
        )
        writer = SafeWriter(response)
        writer.writerow([_("Day") if series["unit"] == "day" else _("Week of"), _("Contributions")])
        writer.writerows([p["start"].isoformat(), p["count"]] for p in series["periods"])
        return response

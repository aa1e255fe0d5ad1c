"""Campaigns in the API: GeoJSON Features whose geometry is the perimeter."""

from rest_framework import viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Campaign


class CampaignSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Campaign
        geo_field = "perimeter"
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "rules",
            "department",
            "start_date",
            "end_date",
            "phase",
        ]


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Published campaigns (staff also see drafts), open ones first."""

    serializer_class = CampaignSerializer
    lookup_field = "slug"

    def get_queryset(self):
        campaigns = Campaign.objects.order_by_openness()
        return campaigns if self.request.user.is_staff else campaigns.published()

"""Milestones in the API, as GeoJSON (null geometry when not on the map)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from campaigns.models import Campaign

from .filters import MilestoneFilter
from .models import Milestone


class MilestoneSerializer(GeoFeatureModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Milestone
        geo_field = "location"
        fields = [
            "id",
            "campaign",
            "date",
            "date_precision",
            "headline",
            "text",
            "media_url",
            "media_caption",
            "media_credit",
            "group",
            "progress",
            "annotation",
            "feature",
            "consultation",
        ]


@extend_schema(description=_("Milestones of published campaigns (staff also see drafts')."))
class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        campaigns = Campaign.objects.visible_to(self.request.user)
        return Milestone.objects.filter(campaign__in=campaigns).select_related("campaign")

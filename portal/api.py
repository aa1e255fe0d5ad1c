"""Campaigns in the API: GeoJSON Features whose geometry is the perimeter."""

from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from campaigns.models import Campaign
from timeline.timelinejs import timeline

from .places import place_answers
from .statistics import campaign_statistics


class PlaceQuery(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)


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


@extend_schema(description=_("Published campaigns (staff also see drafts), open ones first."))
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Campaign.objects.visible_to(self.request.user).order_by_openness()

    @extend_schema(
        description=_("The campaign's milestones and eras in TimelineJS's JSON format."),
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True)
    def timeline(self, request, slug=None):
        return Response(timeline(self.get_object()))

    @extend_schema(
        description=_("Visible contributions and the people behind them, by category and status."),
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True)
    def statistics(self, request, slug=None):
        return Response(campaign_statistics(self.get_object()))

    @extend_schema(
        description=_(
            "What applies at a place: whether it lies inside the perimeter, what "
            "the reference features covering it say (each layer's place summary), "
            "and the features around."
        ),
        parameters=[
            OpenApiParameter("lat", float, required=True, description=_("Latitude (WGS84)")),
            OpenApiParameter("lon", float, required=True, description=_("Longitude (WGS84)")),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True)
    def place(self, request, slug=None):
        asked = PlaceQuery(data=request.query_params)
        asked.is_valid(raise_exception=True)
        point = Point(asked.validated_data["lon"], asked.validated_data["lat"], srid=4326)
        return Response(place_answers(self.get_object(), point))

"""Campaigns, their agenda and their timeline in the API; GeoJSON wherever there is a place."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from . import services
from .filters import EventFilter, MilestoneFilter
from .models import Campaign, Event, EventSlot, Milestone
from .statistics import campaign_statistics
from .timelinejs import timeline


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

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True)
    def timeline(self, request, slug=None):
        """The campaign's milestones and eras in TimelineJS's JSON format."""
        return Response(timeline(self.get_object()))

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True)
    def statistics(self, request, slug=None):
        """Visible contributions and the people behind them, by category and status."""
        return Response(campaign_statistics(self.get_object()))


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventSlot
        fields = ["starts_at", "ends_at"]


class EventSerializer(GeoFeatureModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sessions = SessionSerializer(source="slots", many=True, read_only=True)
    places_left = serializers.SerializerMethodField()
    is_full = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="agenda:event")

    class Meta:
        model = Event
        geo_field = "location"
        fields = [
            "id",
            "campaign",
            "title",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "sessions",
            "place_name",
            "address",
            "attendance_mode",
            "online_url",
            "accessibility",
            "capacity",
            "places_left",
            "is_full",
            "status",
            "image_url",
            "url",
        ]

    def get_places_left(self, event) -> int | None:
        return event.places_left(event.registration_count)

    def get_is_full(self, event) -> bool:
        return event.is_full(event.registration_count)


def visible_events(user):
    events = Event.objects.all() if user.is_staff else Event.objects.public()
    return (
        events.with_registration_count()
        .select_related("campaign")
        .prefetch_related(Prefetch("slots", queryset=EventSlot.objects.order_by("starts_at")))
    )


class RegistrationSerializer(serializers.Serializer):
    registered = serializers.BooleanField()
    places_left = serializers.IntegerField(allow_null=True)


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The agenda: events of published campaigns and city-wide ones, as GeoJSON."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return visible_events(self.request.user)

    @extend_schema(
        request=None, responses={200: RegistrationSerializer, 201: RegistrationSerializer}
    )
    @action(
        detail=True, methods=["post", "delete"], permission_classes=[permissions.IsAuthenticated]
    )
    def registration(self, request, pk=None):
        """POST takes a place at the event (409 when full, cancelled or over); DELETE frees it."""
        event = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "DELETE":
            services.unregister(event, request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        try:
            _registration, created = services.register(event, request.user)
        except services.RegistrationRefused as refusal:
            return Response(
                {"detail": str(refusal), "code": refusal.code}, status=status.HTTP_409_CONFLICT
            )
        body = {"registered": True, "places_left": event.places_left()}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


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
        ]


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Milestones of published campaigns, as GeoJSON (null geometry when not on the map)."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        milestones = Milestone.objects.select_related("campaign")
        if not self.request.user.is_staff:
            milestones = milestones.filter(campaign__is_published=True)
        return milestones

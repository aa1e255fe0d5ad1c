"""The agenda in the API: events as GeoJSON, registration, and meeting outcomes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.throttling import ConfirmedEmail, ParticipationThrottle
from annotations.models import TITLE_MAX_LENGTH
from gis.serializers import GeoJSONGeometryField
from layers.models import Category, Layer

from . import services
from .filters import EventFilter
from .models import Event, EventSlot, MeetingOutcome


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
            "link",
            "organiser_name",
            "url",
        ]

    def get_places_left(self, event) -> int | None:
        return event.places_left(event.registration_count)

    def get_is_full(self, event) -> bool:
        return event.is_full(event.registration_count)


class RegistrationSerializer(serializers.Serializer):
    registered = serializers.BooleanField(help_text=_("Whether you hold a place."))
    waiting_position = serializers.IntegerField(
        allow_null=True, help_text=_("Your turn on the waiting list; null when you hold a place.")
    )
    places_left = serializers.IntegerField(allow_null=True)


class RegistrationRequestSerializer(serializers.Serializer):
    waiting_list = serializers.BooleanField(
        default=False, help_text=_("When the event is full, join its waiting list.")
    )


class CollectiveContributionSerializer(serializers.Serializer):
    layer = serializers.PrimaryKeyRelatedField(
        queryset=Layer.objects.filter(kind=Layer.Kind.CONTRIBUTION)
    )
    geometry = GeoJSONGeometryField()
    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    group_name = serializers.CharField(max_length=200, required=False)
    participant_count = serializers.IntegerField(
        min_value=1,
        required=False,
        error_messages={"min_value": services.PARTICIPANT_COUNT_MESSAGE},
    )


class MeetingOutcomeSerializer(serializers.ModelSerializer):
    contributions = CollectiveContributionSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = MeetingOutcome
        fields = ["attendees_count", "organisations", "minutes", "contributions"]


@extend_schema(description=_("The agenda: events of published campaigns and city-wide ones."))
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    throttle_classes = [ParticipationThrottle]
    participation = {"registration": "register"}

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def visible_event(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    @extend_schema(
        description=_(
            "POST takes a place at the event (409 when full, cancelled or over), "
            "or with `waiting_list` a turn on its waiting list when full; DELETE "
            "frees the place (or the turn), and the first who waits takes a freed "
            "place at once."
        ),
        request=RegistrationRequestSerializer,
        responses={200: RegistrationSerializer, 201: RegistrationSerializer},
    )
    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated, ConfirmedEmail],
    )
    def registration(self, request, pk=None):
        event = self.visible_event(pk)
        if request.method == "DELETE":
            services.unregister(event, request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        asked = RegistrationRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            registration, created = services.register(
                event, request.user, join_waiting_list=asked.validated_data["waiting_list"]
            )
        except services.RegistrationRefused as refusal:
            return Response(
                {"detail": str(refusal), "code": refusal.code}, status=status.HTTP_409_CONFLICT
            )
        body = {
            "registered": not registration.is_waiting,
            "waiting_position": services.position_on_waiting_list(registration)
            if registration.is_waiting
            else None,
            "places_left": event.places_left(),
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        description=_(
            "Staff or the facilitator record the meeting's outcome and its "
            "collective contributions.\n\n"
            "All or nothing: one contribution refused (outside the perimeter, "
            "wrong layer...) and nothing is written; the 400 names the "
            "contribution."
        ),
        request=MeetingOutcomeSerializer,
        responses={201: MeetingOutcomeSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def outcome(self, request, pk=None):
        event = self.visible_event(pk)
        if not request.user.has_perm("agenda.record_meeting_outcome", event):
            raise PermissionDenied
        serializer = MeetingOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            outcome, created = services.record_meeting_outcome(
                event, recorded_by=request.user, contributions=data.pop("contributions", []), **data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"detail": error.messages}) from error
        body = MeetingOutcomeSerializer(outcome).data | {
            "contributions": [annotation.pk for annotation in created]
        }
        return Response(body, status=status.HTTP_201_CREATED)

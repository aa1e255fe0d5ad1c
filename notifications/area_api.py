"""A person's alert areas in the API: list, read, draw (a GeoJSON polygon or a circle
around a place) and delete. Each is only ever its owner's."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.throttling import ConfirmedEmail, ParticipationThrottle
from campaigns.models import Campaign
from core.parsers import JSONParser
from core.viewsets import AtomicWritesMixin, errors
from gis.serializers import GeoJSONGeometryField

from .areas import MAX_RADIUS, MIN_RADIUS, circle
from .models import NAME_MAX_LENGTH, AlertArea


class AlertAreaSerializer(GeoFeatureModelSerializer):
    campaign = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text=_("The campaign the area looks into; null: every campaign of the city."),
    )
    feed = serializers.SerializerMethodField(
        help_text=_("The area's Atom feed: anyone holding this address may read it.")
    )

    class Meta:
        model = AlertArea
        geo_field = "geometry"
        fields = ["id", "name", "campaign", "active", "created_at", "feed"]

    def get_feed(self, area) -> str:
        url = reverse("notifications:area_feed", args=[area.feed_token])
        return self.context["request"].build_absolute_uri(url)


class CircleSerializer(serializers.Serializer):
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text=_("Longitude (WGS84)."))
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text=_("Latitude (WGS84)."))
    radius_m = serializers.IntegerField(
        min_value=MIN_RADIUS, max_value=MAX_RADIUS, help_text=_("Radius in metres.")
    )


@extend_schema_field(OpenApiTypes.STR)
class VisibleCampaignField(serializers.SlugRelatedField):
    """A campaign the person may open, by its slug."""

    def get_queryset(self):
        request = self.context.get("request")
        user = request.user if request else AnonymousUser()
        return Campaign.objects.visible_to(user).defer("perimeter")

    def to_internal_value(self, data):
        campaign = self.get_queryset().with_slug(data).first()
        if campaign is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data))
        return campaign


@extend_schema_serializer(
    description=_(
        "A new alert area: a polygon in `geometry`, or a circle around a place in `circle` "
        "(the server draws the polygon); one of the two."
    )
)
class NewAlertAreaSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH, help_text=_("For you alone."))
    campaign = VisibleCampaignField(
        slug_field="slug",
        required=False,
        allow_null=True,
        help_text=_(
            "A campaign's slug: the area must lie over its perimeter. Left out: city-wide."
        ),
    )
    geometry = GeoJSONGeometryField(
        required=False, help_text=_("A GeoJSON Polygon, in WGS84 longitude and latitude.")
    )
    circle = CircleSerializer(required=False)

    def validate(self, data):
        if ("geometry" in data) == ("circle" in data):
            raise serializers.ValidationError(
                _("Send either a polygon in “geometry” or a circle in “circle”, not both."),
                code="one_shape",
            )
        if "circle" in data:
            place = data.pop("circle")
            data["geometry"] = circle(place["lon"], place["lat"], place["radius_m"])
        return data

    def create(self, validated_data):
        try:
            return AlertArea.objects.draw(
                user=self.context["request"].user,
                name=validated_data["name"],
                geometry=validated_data["geometry"],
                campaign=validated_data.get("campaign"),
            )
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise serializers.ValidationError(detail) from error


@extend_schema_view(
    list=extend_schema(
        description=_("Your alert areas, newest first, as GeoJSON features."),
        responses={200: AlertAreaSerializer(many=True), **errors(401)},
    ),
    retrieve=extend_schema(
        description=_("One of your alert areas."),
        responses={200: AlertAreaSerializer, **errors(401, 404)},
    ),
    create=extend_schema(
        description=_(
            "Draw an alert area to hear of what is proposed there: at most "
            "ALERT_AREAS_PER_USER areas a person, each at most ALERT_AREA_MAX_KM2 km², valid "
            "and over its campaign's perimeter. Needs a confirmed e-mail address; throttled."
        ),
        request=NewAlertAreaSerializer,
        responses={201: AlertAreaSerializer, **errors(400, 401, 403)},
    ),
    destroy=extend_schema(
        description=_("Delete one of your alert areas; its feed's address stops answering."),
        responses={204: None, **errors(401, 404)},
    ),
)
class AlertAreaViewSet(
    AtomicWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    parser_classes = [JSONParser]
    permission_classes = [permissions.IsAuthenticated, ConfirmedEmail]
    throttle_classes = [ParticipationThrottle]
    participation = {"create": "alert_area", "destroy": "follow"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the schema
            return AlertArea.objects.none()
        return (
            AlertArea.objects.filter(user=self.request.user)
            .select_related("campaign")
            .defer("campaign__perimeter")
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        return NewAlertAreaSerializer if self.action == "create" else AlertAreaSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = serializer.save()
        shown = AlertAreaSerializer(area, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)

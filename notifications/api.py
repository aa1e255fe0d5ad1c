"""The notification centre and following in the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.throttling import ParticipationThrottle
from core.pagination import CheckedCursorPagination
from core.viewsets import errors

from .follows import followable
from .models import Follow, Notification


@extend_schema_serializer(
    description=_("One notification: what happened, in a sentence, and where to read it.")
)
class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="activity.kind", help_text=_("What happened."))
    sentence = serializers.CharField(
        source="activity.sentence", help_text=_("What happened, in the request's language.")
    )
    url = serializers.SerializerMethodField(help_text=_("The page of what happened."))
    unread = serializers.SerializerMethodField(help_text=_("Not read yet."))

    class Meta:
        model = Notification
        fields = ["id", "kind", "sentence", "url", "unread", "created_at", "read_at"]

    def get_url(self, notification) -> str:
        return self.context["request"].build_absolute_uri(notification.activity.get_absolute_url())

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class NotificationPagination(CheckedCursorPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-pk")


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField(help_text=_("Whether you follow it now."))


class ReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text=_("How many notifications were unread."))


class NotificationViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ParticipationThrottle]
    participation = {"read": "follow"}
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the schema
            return Notification.objects.none()
        return Notification.objects.centre(self.request.user)

    @extend_schema(
        description=_(
            "Your notifications, newest first, by cursor; what is about hidden content is "
            "left out. Reading them does not mark them read: POST …/read/ does."
        ),
        responses={200: NotificationSerializer(many=True), **errors(401)},
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        description=_("Mark all your notifications read."),
        request=None,
        responses={200: ReadSerializer, **errors(401)},
    )
    def read(self, request):
        return Response({"marked_read": Notification.objects.mark_read(request.user)})


class FollowViewSet(viewsets.GenericViewSet):
    """POST follows, DELETE stops; the target is the contribution or campaign in the path."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [ParticipationThrottle]
    participation = {"follow": "follow", "stop": "follow"}
    serializer_class = FollowStateSerializer

    def answer(self, following, **lookup):
        target = followable(self.request.user, **lookup)
        Follow.objects.set(self.request.user, following, **target)
        return Response({"following": following})

    @extend_schema(
        description=_(
            "Follow it: hear of answers, comments and (for a campaign) new contributions, "
            "events and milestones."
        ),
        request=None,
        responses={200: FollowStateSerializer, **errors(401, 404)},
    )
    def follow(self, request, **lookup):
        return self.answer(True, **lookup)

    @extend_schema(
        description=_(
            "Stop following it; taking part later (a vote, a comment) does not follow it again."
        ),
        request=None,
        responses={200: FollowStateSerializer, **errors(401, 404)},
    )
    def stop(self, request, **lookup):
        return self.answer(False, **lookup)

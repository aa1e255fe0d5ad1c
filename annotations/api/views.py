"""Contributions, their comments and votes; moderation and official responses."""

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework_gis.pagination import GeoJsonPagination

from accounts.throttling import ConfirmedEmail, ParticipationThrottle
from core.pagination import KeysetPaginationMixin
from core.parsers import JSONParser
from core.permissions import ActionRules
from core.viewsets import (
    IF_MATCH,
    AtomicWritesMixin,
    PreconditionFailed,
    errors,
)
from gis.geojson import STREAMED_FEATURE_COLLECTION, geojson_response, stream_feature_collection

from .. import services
from ..duplicates import similar_contributions
from ..exports.state import export_state
from ..filters import AnnotationFilter
from ..forms.photos import PhotoForm
from ..models import Annotation, Comment, ExportFile, Photo, Vote
from ..properties import map_properties
from .serializers import (
    AnnotationSerializer,
    CommentSerializer,
    DuplicateSerializer,
    ExportStateSerializer,
    HideSerializer,
    OfficialResponseInputSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    RestoreSerializer,
    SimilarQuerySerializer,
    SimilarSerializer,
    VoteCountsSerializer,
    VoteInputSerializer,
)


class AnnotationPagination(KeysetPaginationMixin, GeoJsonPagination):
    """A FeatureCollection page that stays valid GeoJSON and says the total in `count`,
    exact up to 1,000; above, 1,000 with `count_is_exact` false ("more than").
    `next` pages by cursor."""

    page_size = 50
    max_page_size = 500

    def get_paginated_response(self, data):
        count, exact = self.total()
        return Response(
            {
                "type": "FeatureCollection",
                "count": count,
                "count_is_exact": exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": data["features"],
            }
        )

    def get_paginated_response_schema(self, view):
        schema = super().get_paginated_response_schema(view)
        schema["properties"]["count_is_exact"] = {"type": "boolean"}
        return schema


class CommentPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ModerationMixin:
    """`POST …/hide/` with a reason and `POST …/restore/`, for moderators; both go
    through the moderation service, which keeps the audit trail."""

    def moderated_response(self, obj):
        raise NotImplementedError

    def moderate(self, write, reason_serializer):
        """Run the moderation service `write` on the object with the reason sent; what
        the service refuses (already hidden, already shown) is a 400 with its message."""
        obj = self.get_object()
        reason = reason_serializer(data=self.request.data)
        reason.is_valid(raise_exception=True)
        try:
            write(obj, by=self.request.user, reason=reason.validated_data["reason"])
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.messages) from error
        return self.moderated_response(obj)

    @extend_schema(
        description=_("Hide it from the public, with the reason kept in the moderation history."),
        request=HideSerializer,
        responses=errors(400, 401, 403, 404),
    )
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        return self.moderate(services.hide, HideSerializer)

    @extend_schema(
        description=_("Show it again; the optional reason is kept in the moderation history."),
        request=RestoreSerializer,
        responses=errors(400, 401, 403, 404),
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self.moderate(services.restore, RestoreSerializer)

    @extend_schema(
        description=_(
            "Publish what a pre-moderated campaign holds back; the optional "
            "reason is kept in the moderation history."
        ),
        request=RestoreSerializer,
        responses=errors(400, 401, 403, 404),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self.moderate(services.publish, RestoreSerializer)

    @extend_schema(
        description=_(
            "Refuse what a pre-moderated campaign holds back, with the reason its author reads."
        ),
        request=HideSerializer,
        responses=errors(400, 401, 403, 404),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.moderate(services.reject, HideSerializer)


@extend_schema(
    description=_(
        "Residents' contributions as GeoJSON Features.\n\n"
        "Anyone sees published contributions of published campaigns; authors also "
        "see their own, moderators and staff everything. Residents contribute on "
        "an open contribution layer and edit their own while it stays open. The "
        "detail carries an ETag; send it back in If-Match to be sure you edit "
        "what you saw."
    ),
)
@extend_schema_view(
    list=extend_schema(responses={200: AnnotationSerializer(many=True), **errors(400, 404)}),
    retrieve=extend_schema(responses={200: AnnotationSerializer, **errors(404)}),
    create=extend_schema(responses={201: AnnotationSerializer, **errors(400, 401, 403)}),
    update=extend_schema(
        parameters=[IF_MATCH],
        responses={200: AnnotationSerializer, **errors(400, 401, 403, 404, 412)},
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH],
        responses={200: AnnotationSerializer, **errors(400, 401, 403, 404, 412)},
    ),
    destroy=extend_schema(
        description=_(
            "Withdraw your contribution: it gets the status “withdrawn” and only you, "
            "moderators and staff still see it."
        ),
        parameters=[IF_MATCH],
        responses={204: None, **errors(401, 403, 404, 412)},
    ),
)
class AnnotationViewSet(AtomicWritesMixin, ModerationMixin, viewsets.ModelViewSet):
    serializer_class = AnnotationSerializer
    parser_classes = [JSONParser]
    filterset_class = AnnotationFilter
    pagination_class = AnnotationPagination
    permission_classes = [ActionRules, ConfirmedEmail]
    throttle_classes = [ParticipationThrottle]
    participation = {
        "create": "contribute",
        "update": "contribute",
        "partial_update": "contribute",
        "vote": "vote",
        "comments": "comment",
        "photos": "contribute",
    }
    action_rules = {
        "update": "annotations.edit_annotation",
        "partial_update": "annotations.edit_annotation",
        "destroy": "annotations.withdraw_annotation",
        "hide": "annotations.moderate_annotation",
        "restore": "annotations.moderate_annotation",
        "publish": "annotations.moderate_annotation",
        "reject": "annotations.moderate_annotation",
        "respond": "annotations.respond_to_annotation",
        "vote": "annotations.vote_on_annotation",
        "comments": "annotations.comment_on_annotation",
        "photos": "annotations.edit_annotation",
        "duplicate": "annotations.moderate_annotation",
    }

    def refusal_message(self, annotation):
        """Why its author may not edit the contribution now, for the 403."""
        if (
            self.action in {"update", "partial_update"}
            and annotation.author_id == self.request.user.pk
        ):
            return annotation.edit_lock_reason()
        return None

    def get_queryset(self):
        user = self.request.user
        if self.action == "vote":
            # A vote needs the contribution, its layer and campaign (the rule) and nothing
            # more: its counts come after the write, in one aggregate (bench/vote_path.py).
            annotations = (
                Annotation.objects.visible_to(user)
                .select_related("layer__campaign")
                .defer("geometry", "body", "layer__campaign__perimeter")
            )
        else:
            annotations = (
                Annotation.objects.as_seen_by(user)
                .select_related("layer__campaign", "author", "response_author")
                .prefetch_related(
                    Prefetch("photos", queryset=Photo.objects.visible(), to_attr="visible_photos")
                )
                .order_by("-created_at", "-pk")
            )
        writing = (
            self.request.method not in SAFE_METHODS and transaction.get_connection().in_atomic_block
        )
        if writing and "If-Match" in self.request.headers:
            # Lock the row so nobody writes between the ETag check and our write. (OPTIONS
            # describes a PUT with a copy of the request, outside any transaction.)
            annotations = annotations.select_for_update(of=("self",))
        return annotations

    def get_object(self):
        annotation = super().get_object()
        if_match = self.request.headers.get("If-Match")
        if if_match and self.request.method not in SAFE_METHODS:
            etags = parse_etags(if_match)
            if "*" not in etags and annotation.etag not in etags:
                raise PreconditionFailed()
        return annotation

    def detail_response(self, annotation, status=status.HTTP_200_OK):
        """The contribution as it now is in the database, with its counts and ETag."""
        annotation = self.get_queryset().get(pk=annotation.pk)
        response = Response(self.get_serializer(annotation).data, status=status)
        response["ETag"] = annotation.etag
        return response

    moderated_response = detail_response

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        layer = serializer.validated_data["layer"]
        if not rules.has_perm("annotations.contribute_on_layer", request.user, layer):
            raise exceptions.PermissionDenied(_("This layer is not open for contributions."))
        return self.detail_response(
            serializer.save(author=request.user), status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, partial=False, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self.detail_response(serializer.save())

    def perform_destroy(self, annotation):
        annotation.withdraw()

    @extend_schema(
        description=_(
            "Staff: the official response, and the status it leaves the contribution in."
        ),
        parameters=[IF_MATCH],
        request=OfficialResponseInputSerializer,
        responses={200: AnnotationSerializer, **errors(400, 401, 403, 404, 412)},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        annotation = self.get_object()
        answer = OfficialResponseInputSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        annotation.respond(by=request.user, **answer.validated_data)
        return self.detail_response(annotation)

    @extend_schema(
        description=_(
            "Vote for (1) or against (-1); voting again replaces your vote, DELETE removes it."
        ),
    )
    @extend_schema(
        methods=["PUT"],
        request=VoteInputSerializer,
        responses={200: VoteCountsSerializer, **errors(400, 401, 403, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: VoteCountsSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["put", "delete"])
    def vote(self, request, pk=None):
        annotation = self.get_object()
        if request.method == "PUT":
            vote = VoteInputSerializer(data=request.data)
            vote.is_valid(raise_exception=True)
            my_vote = vote.validated_data["value"]
            Vote.objects.cast(annotation, request.user, my_vote)
        else:
            my_vote = None
            Vote.objects.take_back(annotation, request.user)
        counts = {**Vote.objects.counts_on(annotation), "my_vote": my_vote}
        return Response(VoteCountsSerializer(counts).data)

    @extend_schema(
        description=_(
            "The contribution's comments, oldest first (`parent` says which one a "
            "reply answers); POST adds one, optionally pinned at a point inside "
            "the campaign perimeter."
        ),
    )
    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True), **errors(404)})
    @extend_schema(
        methods=["POST"],
        request=CommentSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=CommentSerializer,
        pagination_class=CommentPagination,
        filterset_class=None,
        filter_backends=[],
    )
    def comments(self, request, pk=None):
        annotation = self.get_object()
        if request.method == "POST":
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = serializer.save(annotation=annotation, author=request.user)
            return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)
        comments = (
            Comment.objects.visible_to(request.user)
            .filter(annotation=annotation)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        page = self.paginate_queryset(comments)
        for comment in page:
            # The contribution already loaded, rather than its campaign joined on every row.
            comment.annotation = annotation
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        description=_(
            "Add a photo to your contribution (multipart: `image`, optional "
            "`alt_text`); every metadata of the file is removed before it is "
            "stored."
        ),
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser],
        filterset_class=None,
        filter_backends=[],
    )
    def photos(self, request, pk=None):
        annotation = self.get_object()
        form = PhotoForm(request.data, request.FILES)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        clean = form.cleaned_data["image"]
        if clean is None:
            raise exceptions.ValidationError({"image": [_("Choose a photo.")]})
        try:
            (photo,) = services.add_photos(annotation, [(clean, form.cleaned_data["alt_text"])])
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.messages) from error
        return Response(
            PhotoSerializer(photo, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        description=_(
            "Before contributing: published contributions of the layer close to "
            "the shape (`geometry`, GeoJSON text) or with a title like `title`, "
            "closest first."
        ),
        parameters=[SimilarQuerySerializer],
        responses={200: SimilarSerializer(many=True), **errors(400)},
    )
    @action(detail=False, pagination_class=None, filterset_class=None, filter_backends=[])
    def similar(self, request):
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        similar = similar_contributions(**query.validated_data)
        return Response(SimilarSerializer(similar, many=True).data)

    @extend_schema(
        description=_(
            "Moderators: this contribution repeats another (`of`); with "
            "`merge_votes` its votes move there, nobody counted twice."
        ),
        request=DuplicateSerializer,
        responses={200: AnnotationSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        annotation = self.get_object()
        data = DuplicateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.mark_duplicate(
                annotation,
                data.validated_data["of"],
                request.user,
                data.validated_data["merge_votes"],
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.messages) from error
        return self.detail_response(annotation)

    @extend_schema(
        description=_(
            "Every contribution the filters select, as one streamed GeoJSON "
            "FeatureCollection, built by PostGIS: for drawing a map viewport or a "
            "whole layer at once."
        ),
        filters=True,
        responses={**STREAMED_FEATURE_COLLECTION, **errors(400)},
    )
    @action(detail=False, url_path="map", pagination_class=None)
    def map(self, request):
        annotations = self.filter_queryset(Annotation.objects.visible_to(request.user).order_by())
        features = stream_feature_collection(annotations, **map_properties())
        return geojson_response(features)


@extend_schema(description=_("One comment; moderators hide and restore comments here."))
@extend_schema_view(retrieve=extend_schema(responses={200: CommentSerializer, **errors(404)}))
class CommentViewSet(
    AtomicWritesMixin, ModerationMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CommentSerializer
    parser_classes = [JSONParser]
    permission_classes = [ActionRules]
    action_rules = {
        "hide": "annotations.moderate_comment",
        "restore": "annotations.moderate_comment",
        "publish": "annotations.moderate_comment",
        "reject": "annotations.moderate_comment",
    }

    def get_queryset(self):
        user = self.request.user
        return (
            Comment.objects.visible_to(user)
            .on_what_is_visible_to(user)
            .select_related("author", "annotation__layer__campaign", "consultation__campaign")
        )

    def moderated_response(self, comment):
        return Response(self.get_serializer(comment).data)


@extend_schema(
    description=_(
        "An export job: its status, progress, why it failed, and where to download its file."
    ),
)
class ExportFileViewSet(viewsets.GenericViewSet):
    serializer_class = ExportStateSerializer
    lookup_value_regex = "[0-9a-f-]{36}"
    filter_backends = []

    def get_queryset(self):
        return ExportFile.objects.visible_to(self.request.user)

    @extend_schema(responses={200: ExportStateSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return Response(export_state(request, self.get_object()))

"""Contributions as GeoJSON Features, their comments and votes, moderation and answers."""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from core.serializers import FullCleanMixin
from gis.geometry import validate_geometry
from gis.serializers import GeoJSONGeometryField
from layers.models import Layer

from ..models import (
    ANSWER_STATUSES,
    BODY_MAX_LENGTH,
    COLLECTIVE_FIELDS,
    Annotation,
    Comment,
    Photo,
    Vote,
)

COLLECTIVE_REFUSED = _(
    "Only a meeting's outcome, recorded by staff or the meeting's facilitator, says which "
    "group a contribution speaks for and how many people: send it to "
    "/api/events/{id}/outcome/."
)


class OfficialResponseSerializer(serializers.Serializer):
    text = serializers.CharField(source="response_text")
    author = serializers.CharField(source="response_author.public_name", default=None)
    at = serializers.DateTimeField(source="responded_at")


@extend_schema_serializer(
    description=_(
        "A photo by its addresses only: the stored file carries no metadata, and "
        "nothing of the uploaded file (name, camera, position) is kept."
    ),
)
class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ["id", "url", "thumbnail_url", "alt_text", "width", "height"]
        read_only_fields = fields

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, photo) -> str:
        return self._absolute(photo.get_absolute_url())

    def get_thumbnail_url(self, photo) -> str:
        return self._absolute(photo.get_thumbnail_url())


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text=_("A JPEG, PNG or WebP photo."))
    alt_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Photo._meta.get_field("alt_text").max_length,
        help_text=_("What the photo shows; the contribution's title when left out."),
    )


@extend_schema_serializer(
    description=_(
        "Read: the contribution with its counts. Write: a GeoJSON Feature whose "
        "properties are the contribution's text; the layer is chosen once, at "
        "creation."
    ),
)
class AnnotationSerializer(FullCleanMixin, GeoFeatureModelSerializer):
    geometry = GeoJSONGeometryField()
    layer = serializers.PrimaryKeyRelatedField(
        queryset=Layer.objects.filter(campaign__is_published=True)
    )
    campaign = serializers.SlugRelatedField(
        source="layer.campaign", slug_field="slug", read_only=True
    )
    author = serializers.CharField(
        source="public_author_name",
        read_only=True,
        allow_null=True,
        help_text=_("The author's display name; null when the campaign hides names."),
    )
    votes_for = serializers.IntegerField(read_only=True)
    votes_against = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    my_vote = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Your own vote (1 or -1), null when you have not voted."),
    )
    response = serializers.SerializerMethodField()
    photos = PhotoSerializer(source="visible_photos", many=True, read_only=True)

    class Meta:
        model = Annotation
        geo_field = "geometry"
        fields = [
            "id",
            "layer",
            "campaign",
            "category",
            "title",
            "body",
            "status",
            "author",
            "group_name",
            "participant_count",
            "target_feature",
            "source_event",
            "duplicate_of",
            "votes_for",
            "votes_against",
            "comment_count",
            "my_vote",
            "response",
            "photos",
            "is_hidden",
            "hidden_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "source_event",
            "duplicate_of",
            "is_hidden",
            "hidden_reason",
            *COLLECTIVE_FIELDS,
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["layer"].read_only = True  # a contribution stays on its layer
        return fields

    @extend_schema_field(OfficialResponseSerializer(allow_null=True))
    def get_response(self, annotation):
        if annotation.responded_at is None:
            return None
        return OfficialResponseSerializer(annotation).data

    def to_internal_value(self, data):
        # GeoFeatureModelSerializer indexes `properties` without checking its type.
        if isinstance(data, dict) and not isinstance(data.get("properties", {}), dict):
            raise serializers.ValidationError(
                {"properties": [_("A Feature's properties must be a JSON object.")]}
            )
        if isinstance(data, dict):
            sent = {*data, *data.get("properties", {})} & set(COLLECTIVE_FIELDS)
            if sent:
                raise serializers.ValidationError(
                    {name: [COLLECTIVE_REFUSED] for name in sorted(sent)}
                )
        return super().to_internal_value(data)


class OfficialResponseInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ANSWER_STATUSES,
        help_text=_("The status the contribution is left in."),
    )
    response_text = serializers.CharField(allow_blank=True, default="", max_length=BODY_MAX_LENGTH)


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=Annotation._meta.get_field("hidden_reason").max_length,
        help_text=_("Why it is hidden, for the author."),
    )


class RestoreSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=Annotation._meta.get_field("hidden_reason").max_length,
        required=False,
        default="",
        help_text=_("Why it is shown again, kept in the moderation history."),
    )


class VoteInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        choices=Vote.Value.choices,
        error_messages={"invalid_choice": _("A vote is 1 (for) or -1 (against).")},
    )


class VoteCountsSerializer(serializers.Serializer):
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    my_vote = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(
    description=_(
        "A flat list: each comment names the comment it answers in `parent` (null at the top)."
    ),
)
class CommentSerializer(FullCleanMixin, serializers.ModelSerializer):
    author = serializers.CharField(source="public_author_name", read_only=True, allow_null=True)
    official = serializers.BooleanField(
        source="author.is_official",
        default=False,
        read_only=True,
        help_text=_("Written by city staff or a moderator: the pages show an official badge."),
    )
    point = GeoJSONGeometryField(families={"point"}, required=False, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "annotation",
            "parent",
            "author",
            "official",
            "body",
            "point",
            "awaits_moderation",
            "is_hidden",
            "hidden_reason",
            "created_at",
        ]
        read_only_fields = ["annotation", "awaits_moderation", "is_hidden", "hidden_reason"]


class SimilarQuerySerializer(serializers.Serializer):
    """What the duplicate hint is asked about: a layer, and a shape or a title or both."""

    layer = serializers.PrimaryKeyRelatedField(
        queryset=Layer.objects.filter(campaign__is_published=True, kind=Layer.Kind.CONTRIBUTION)
    )
    geometry = serializers.JSONField(
        required=False, help_text=_("The shape drawn, as a GeoJSON geometry object (text).")
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=Annotation._meta.get_field("title").max_length
    )

    def validate_geometry(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise serializers.ValidationError(_("The geometry is not valid JSON.")) from None
        geometry = GeoJSONGeometryField().to_internal_value(value)
        try:
            return validate_geometry(geometry)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, data):
        if data.get("geometry") is None and not data.get("title", "").strip():
            raise serializers.ValidationError(_("Give a geometry, a title or both."))
        return data


@extend_schema_serializer(
    description=_("A published contribution the new one may repeat, with how close and how alike."),
)
class SimilarSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    distance = serializers.SerializerMethodField(
        help_text=_("In metres, rounded; null without a geometry.")
    )
    similarity = serializers.FloatField(
        read_only=True, help_text=_("How alike the titles are, from 0 to 1.")
    )
    votes_for = serializers.IntegerField(read_only=True)

    class Meta:
        model = Annotation
        fields = ["id", "title", "category", "status", "url", "distance", "similarity", "votes_for"]

    def get_distance(self, annotation) -> float | None:
        return None if annotation.distance is None else round(annotation.distance.m, 1)


class DuplicateSerializer(serializers.Serializer):
    of = serializers.PrimaryKeyRelatedField(
        queryset=Annotation.objects.all(), help_text=_("The contribution it repeats.")
    )
    merge_votes = serializers.BooleanField(
        default=True, help_text=_("Move its votes there; nobody is counted twice.")
    )


@extend_schema_serializer(
    description=_("An export job's state (`annotations/exports/state.py` writes it).")
)
class ExportStateSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    status_label = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    attempts = serializers.IntegerField()
    error = serializers.CharField(help_text=_("Why the last attempt failed, empty otherwise."))
    format = serializers.CharField()
    srid = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    page_url = serializers.URLField()
    download_url = serializers.URLField(allow_null=True)

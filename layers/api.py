"""Layers and their reference features in the API; features as GeoJSON, paged or streamed."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework_gis.pagination import GeoJsonPagination
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from campaigns.models import Campaign
from gis.filters import BBoxFilter
from gis.geojson import STREAMED_FEATURE_COLLECTION, geojson_response, stream_feature_collection

from .models import Feature, Layer


class LayerSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_open = serializers.SerializerMethodField(
        help_text=_("Whether the layer takes contributions now.")
    )

    class Meta:
        model = Layer
        fields = [
            "id",
            "campaign",
            "kind",
            "name",
            "description",
            "question",
            "color",
            "opacity",
            "z_index",
            "attribution",
            "opens_at",
            "closes_at",
            "is_open",
            "accepted_geometry_types",
            "accepted_categories",
        ]

    def get_is_open(self, layer) -> bool:
        return layer.is_open_for_contributions()


class FeatureSerializer(GeoFeatureModelSerializer):
    attributes = serializers.JSONField(source="properties", read_only=True)

    class Meta:
        model = Feature
        geo_field = "geometry"
        fields = ["id", "label", "attributes"]


class LayerFilter(django_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="campaign__slug", label=_("Campaign (slug)"))

    class Meta:
        model = Layer
        fields = ["kind"]


class FeatureFilter(django_filters.FilterSet):
    # No Meta.model: the view's own queryset is of layers, the filtered one of features.
    bbox = BBoxFilter()


class FeaturePagination(GeoJsonPagination):
    page_size = 100
    max_page_size = 1000


@extend_schema(
    description=_("Map layers of published campaigns (staff also see drafts'), in drawing order."),
)
class LayerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LayerSerializer
    filterset_class = LayerFilter

    def get_queryset(self):
        return (
            Layer.objects.filter(campaign__in=Campaign.objects.visible_to(self.request.user))
            .select_related("campaign")
            .order_by("campaign", "z_index", "pk")
        )

    def layer_features(self):
        # Not get_object(): it would apply the features' filters to the layers.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"]).features

    @extend_schema(
        description=_("A reference layer's features, a page at a time, optionally within `bbox`."),
        responses={200: FeatureSerializer(many=True)},
    )
    @action(
        detail=True,
        serializer_class=FeatureSerializer,
        filterset_class=FeatureFilter,
        pagination_class=FeaturePagination,
    )
    def features(self, request, pk=None):
        features = self.filter_queryset(self.layer_features().order_by("pk"))
        page = self.paginate_queryset(features)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        description=_(
            "All of a reference layer's features (optionally within `bbox`), streamed at once."
        ),
        filters=True,
        responses=STREAMED_FEATURE_COLLECTION,
    )
    @action(
        detail=True,
        url_path="features/map",
        filterset_class=FeatureFilter,
        pagination_class=None,
    )
    def features_map(self, request, pk=None):
        features = self.filter_queryset(self.layer_features().order_by())
        return geojson_response(
            stream_feature_collection(features, label="label", attributes="properties")
        )

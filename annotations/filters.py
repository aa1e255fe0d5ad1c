"""The filters a contribution list takes, shared by the API, the pages and the exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from geoconsult.filters import BBoxFilter
from layers.models import Category

from .models import Annotation


class AnnotationFilter(django_filters.FilterSet):
    bbox = BBoxFilter()
    campaign = django_filters.CharFilter(
        field_name="layer__campaign__slug", label=_("Campaign (slug)")
    )
    layer = django_filters.NumberFilter(field_name="layer_id", label=_("Layer (id)"))
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, label=_("Category"))
    status = django_filters.MultipleChoiceFilter(
        choices=Annotation.Status.choices, label=_("Status")
    )
    author = django_filters.ChoiceFilter(
        choices=[("me", _("me"))], method="filter_author", label=_("Author: “me” for your own")
    )
    created_since = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", label=_("Created since (ISO 8601)")
    )
    created_until = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="lte", label=_("Created until (ISO 8601)")
    )
    target_feature = django_filters.NumberFilter(
        field_name="target_feature_id", label=_("Annotated feature (id)")
    )
    collective = django_filters.BooleanFilter(
        method="filter_collective", label=_("Collective contributions only (or none)")
    )

    class Meta:
        model = Annotation
        fields = []

    def filter_author(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(author=user)

    def filter_collective(self, queryset, name, value):
        return queryset.exclude(group_name="") if value else queryset.filter(group_name="")

"""The filters a contribution list takes, shared by the API, the pages and the exports."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gis.filters import BBoxFilter
from layers.models import Category, Layer

from .models import COLLECTIVE, Annotation, sees_everything

# Each ordering, newest first among equals so pages stay stable.
ORDERINGS = {
    "newest": ["-created_at", "-pk"],
    "most_supported": ["-votes_for", "-created_at", "-pk"],
    "most_discussed": ["-comment_count", "-created_at", "-pk"],
}


@extend_schema_field(OpenApiTypes.STR)
class AuthorFilter(django_filters.ChoiceFilter):
    """`?author=me`: a word, not the author's id, so no account id is ever asked for."""


class TrueFalseField(forms.NullBooleanField):
    """`true` or `false` (in any case), or nothing. Django's own field reads any other
    value as nothing, so a misspelt filter silently selected everything."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Use true or false, not “%(value)s”.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        spelt = str(value).lower()
        if spelt not in ("true", "false"):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return spelt == "true"


class TrueFalseFilter(django_filters.BooleanFilter):
    field_class = TrueFalseField


class AnnotationFilter(django_filters.FilterSet):
    bbox = BBoxFilter()
    campaign = django_filters.CharFilter(method="filter_campaign", label=_("Campaign (slug)"))
    layer = django_filters.NumberFilter(field_name="layer_id", label=_("Layer (id)"))
    # Columns of the row itself, which no join repeats: without django-filter's DISTINCT,
    # which sorted every selected row (8 s at 2,000,000) where the ordering's index reads 20.
    category = django_filters.MultipleChoiceFilter(
        choices=Category.choices, label=_("Category"), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Annotation.Status.choices, label=_("Status"), distinct=False
    )
    author = AuthorFilter(
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
    source_event = django_filters.NumberFilter(
        field_name="source_event_id", label=_("From the meeting (event id)")
    )
    hidden = TrueFalseFilter(
        field_name="is_hidden", label=_("Hidden by moderation (only moderators see them)")
    )
    collective = TrueFalseFilter(
        method="filter_collective", label=_("Collective contributions only (or none)")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        method="order",
        label=_("Order: newest, most_supported or most_discussed"),
        error_messages={
            "invalid_choice": _(
                "Unknown ordering “%(value)s”; use newest, most_supported or most_discussed."
            )
        },
    )

    class Meta:
        model = Annotation
        fields = []

    def filter_campaign(self, queryset, name, value):
        # By the ids of its contribution layers, found first, rather than a join on the slug:
        # the planner then knows how many rows the layer holds and walks the layer's index
        # of the ordering (Annotation.Meta.indexes), 20 entries for a page of 20.
        layers = Layer.objects.filter(campaign__slug=value, kind=Layer.Kind.CONTRIBUTION)
        layers = list(layers.values_list("pk", "campaign__is_published"))
        queryset = queryset.filter(layer_id__in=[pk for pk, _ in layers])
        user = getattr(self.request, "user", None)
        if not layers or layers[0][1] or user is None or sees_everything(user):
            return queryset
        # A campaign not yet published shows a visitor their own contributions alone:
        # found by author, not by walking the layer's million rows to find no public one.
        return queryset.filter(author=user) if user.is_authenticated else queryset.none()

    def filter_author(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(author=user)

    def filter_collective(self, queryset, name, value):
        return queryset.filter(COLLECTIVE if value else ~COLLECTIVE)

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

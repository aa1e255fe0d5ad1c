"""The filters the agenda takes, shared by the API, the pages and the iCalendar feed: all
in the query string, so a filtered agenda is shared and subscribed to by its address."""

import math

import django_filters
from django import forms
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from campaigns.models import Campaign
from gis.filters import BBoxFilter

from .models import Accessibility, Event

# The farthest a "near" search reaches, in kilometres.
NEAR_MAX_KM = 100
NEAR_DEFAULT_KM = 2


def parse_point(text):
    """ "longitude,latitude" in degrees, as a Point in SRID 4326."""
    try:
        longitude, latitude = (float(part) for part in text.split(","))
    except ValueError:
        raise forms.ValidationError(
            _("near takes two numbers: longitude,latitude (in degrees)."), code="near_format"
        ) from None
    if not (math.isfinite(longitude) and math.isfinite(latitude)) or not (
        -180 <= longitude <= 180 and -90 <= latitude <= 90
    ):
        raise forms.ValidationError(_("near is not a place on Earth."), code="near_range")
    return Point(longitude, latitude, srid=4326)


class PointField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return parse_point(value) if value else None


@extend_schema_field(OpenApiTypes.STR)
class NearFilter(django_filters.Filter):
    """`?near=longitude,latitude&within=km`: events whose place lies within `within`
    kilometres (2 by default, 100 at most)."""

    field_class = PointField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        within = self.parent.form.cleaned_data.get("within") or NEAR_DEFAULT_KM
        return queryset.filter(location__distance_lte=(value, D(km=within)))


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label=_("Keywords"))
    start = django_filters.DateFilter(
        method="filter_start",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        method="filter_end",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.published().defer("perimeter").order_by("title"),
        to_field_name="slug",
        empty_label=_("All campaigns and city-wide events"),
        label=_("Campaign"),
    )
    bbox = BBoxFilter(field_name="location")
    near = NearFilter(label=_("Near (longitude,latitude)"))
    within = django_filters.NumberFilter(
        method="filter_nothing",
        label=_("Within (km)"),
        min_value=0.1,
        max_value=NEAR_MAX_KM,
    )
    accessibility = django_filters.MultipleChoiceFilter(
        choices=Accessibility.choices,
        method="filter_accessibility",
        label=_("Accessibility"),
        widget=forms.CheckboxSelectMultiple,
    )
    attendance_mode = django_filters.MultipleChoiceFilter(
        choices=Event.AttendanceMode.choices,
        label=_("Attendance"),
        widget=forms.CheckboxSelectMultiple,
    )
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        label=_("Upcoming or past"),
    )
    status = django_filters.MultipleChoiceFilter(choices=Event.Status.choices, label=_("Status"))

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()

    def filter_words(self, queryset, name, value):
        """Every word in the title, summary, description, place or organiser."""
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(place_name__icontains=word)
                | Q(organiser_name__icontains=word)
            )
        return queryset

    def filter_start(self, queryset, name, value):
        """Events still going on or to come on that day (in the site's time zone)."""
        return queryset.filter(ends_at__date__gte=value)

    def filter_end(self, queryset, name, value):
        return queryset.filter(starts_at__date__lte=value)

    def filter_accessibility(self, queryset, name, value):
        """Events offering every accessibility asked for."""
        return queryset.filter(accessibility__contains=list(value)) if value else queryset

    def filter_nothing(self, queryset, name, value):
        # `within` only says how far `near` reaches.
        return queryset

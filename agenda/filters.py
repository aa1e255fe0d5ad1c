"""The filters the agenda takes, shared by the API and the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from gis.filters import BBoxFilter

from .models import Event


class EventFilter(django_filters.FilterSet):
    bbox = BBoxFilter(field_name="location")
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.published().order_by("title"),
        to_field_name="slug",
        empty_label=_("All campaigns and city-wide events"),
        label=_("Campaign"),
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

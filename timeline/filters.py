"""The filters the timeline takes in the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from gis.filters import BBoxFilter

from .models import Milestone


class MilestoneFilter(django_filters.FilterSet):
    bbox = BBoxFilter(field_name="location")
    campaign = django_filters.CharFilter(field_name="campaign__slug", label=_("Campaign (slug)"))
    group = django_filters.CharFilter(label=_("Group"))

    class Meta:
        model = Milestone
        fields = []

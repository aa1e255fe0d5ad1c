"""The filters the amendments' list takes."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Amendment


class AmendmentFilter(django_filters.FilterSet):
    consultation = django_filters.CharFilter(
        field_name="article__consultation__slug", label=_("Consultation (slug)")
    )

    class Meta:
        model = Amendment
        fields = []

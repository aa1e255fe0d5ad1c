"""A campaign's figures, aggregated by PostgreSQL: contributions and the people behind them."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from annotations.models import COLLECTIVE, Annotation
from layers.models import Category


def totals():
    return {
        "contributions": Count("pk"),
        "people": Coalesce(Sum("participant_count"), 0),
        "collective_contributions": Count("pk", filter=COLLECTIVE),
        "collective_people": Coalesce(Sum("participant_count", filter=COLLECTIVE), 0),
    }


def campaign_statistics(campaign):
    """Visible contributions of `campaign`: totals, then by category and by status.

    A collective contribution counts once as a contribution and as many
    people as it speaks for.
    """
    contributions = Annotation.objects.visible().filter(layer__campaign=campaign).order_by()
    return {
        **contributions.aggregate(**totals()),
        "by_category": [
            {**row, "label": str(Category(row["category"]).label)}
            for row in contributions.values("category").annotate(**totals()).order_by("category")
        ],
        "by_status": list(contributions.values("status").annotate(**totals()).order_by("status")),
    }

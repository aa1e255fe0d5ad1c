"""A campaign's figures, aggregated by PostgreSQL: contributions and the people behind them."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Count,
    DateField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone
from django.utils.translation import get_language

from annotations.models import (
    CELL_LEVELS,
    COLLECTIVE,
    Annotation,
    Comment,
    ContributionCell,
    Vote,
)
from layers.models import Category

# Past this many days, contributions over time are counted per week rather than per day.
DAILY_SERIES_MAX_DAYS = 90
TOP_SUPPORTED_SIZE = 10
MOST_ANNOTATED_FEATURES_SIZE = 5


def totals():
    return {
        "contributions": Count("pk"),
        "people": Coalesce(Sum("participant_count"), 0),
        "collective_contributions": Count("pk", filter=COLLECTIVE),
        "collective_people": Coalesce(Sum("participant_count", filter=COLLECTIVE), 0),
    }


def counted_totals():
    """`totals()` from the counts kept by cell (`ContributionCell`)."""
    collective = Q(is_collective=True)
    return {
        "contributions": Coalesce(Sum("count"), 0),
        "people": Coalesce(Sum("weight"), 0),
        "collective_contributions": Coalesce(Sum("count", filter=collective), 0),
        "collective_people": Coalesce(Sum("weight", filter=collective), 0),
    }


def breakdown(contributions, field, choices, figures=totals):
    """`figures()` (`totals()`) for each value of `field`, labelled in the current language."""
    return [
        {**row, "label": str(choices(row[field]).label)}
        for row in contributions.values(field).annotate(**figures()).order_by(field)
    ]


def campaign_statistics(campaign):
    """Visible contributions of `campaign`: totals, then by category and by status.

    A collective contribution counts once as a contribution and as many
    people as it speaks for. Summed from the counts kept by cell at the coarsest
    level (a few rows a layer, whatever its size), and kept in the cache under
    the versions of the campaign's layers, which any write to their contributions bumps.
    """
    versions = campaign.layers.order_by("pk").values_list("pk", "content_version")
    layers = "-".join(f"{pk}.{version}" for pk, version in versions)
    key = f"campaign-statistics:{campaign.pk}:{get_language()}:{layers}"
    return cache.get_or_set(
        key, lambda: _campaign_statistics(campaign), settings.TILE_CACHE_SECONDS
    )


def _campaign_statistics(campaign):
    cells = ContributionCell.objects.visible().filter(
        layer__campaign=campaign, level=CELL_LEVELS[0], count__gt=0
    )
    return {
        **cells.aggregate(**counted_totals()),
        "by_category": breakdown(cells, "category", Category, counted_totals),
        "by_status": list(cells.values("status").annotate(**counted_totals()).order_by("status")),
    }


def counted_contributions(campaign, include_submitted=False):
    """The contributions the dashboard counts: the visible ones, and with `include_submitted`
    those still awaiting publication too. Hidden and withdrawn ones never count."""
    contributions = Annotation.objects.filter(layer__campaign=campaign).order_by()
    if include_submitted:
        return contributions.filter(is_hidden=False).exclude(status=Annotation.Status.WITHDRAWN)
    return contributions.visible()


def counted_statuses(include_submitted=False):
    """The statuses of the contributions the dashboard counts, for the heat map's tiles."""
    left_out = [Annotation.Status.WITHDRAWN]
    if not include_submitted:
        left_out = Annotation.UNPUBLISHED_STATUSES
    return [status for status in Annotation.Status.values if status not in left_out]


def campaign_dashboard(campaign, include_submitted=False):
    """Every figure of the staff dashboard, each from one aggregate query."""
    contributions = counted_contributions(campaign, include_submitted)
    return {
        **contributions.aggregate(**totals(), heaviest=Max("participant_count")),
        "over_time": contributions_over_time(contributions, campaign),
        "by_category": breakdown(contributions, "category", Category),
        "by_status": breakdown(contributions, "status", Annotation.Status),
        "top_supported": top_supported(contributions),
        "participants": participants(contributions),
        "collective": contributions.filter(COLLECTIVE)
        .select_related("source_event")
        .order_by("-participant_count", "group_name", "pk"),
        "by_layer": list(
            contributions.values("layer__name").annotate(count=Count("pk")).order_by("-count")
        ),
        "most_annotated_features": list(
            contributions.filter(target_feature__isnull=False)
            .values("target_feature__label", "target_feature__layer__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "target_feature__label")[:MOST_ANNOTATED_FEATURES_SIZE]
        ),
    }


def contributions_over_time(contributions, campaign):
    """Contributions per day, or per week over a long campaign, from its start (or the
    first contribution) to today or its end (or the last contribution); empty periods count 0.

    Each period carries its `height` in percent of the busiest one, for the chart.
    """
    moments = contributions.aggregate(Min("created_at"), Max("created_at")).values()
    days = [timezone.localdate(moment) for moment in moments if moment]
    start = min([campaign.start_date, *days])
    end = max([min(campaign.end_date, timezone.localdate()), *days])
    unit = "day" if (end - start).days <= DAILY_SERIES_MAX_DAYS else "week"
    counts = dict(
        contributions.annotate(period=Trunc("created_at", unit, output_field=DateField()))
        .values("period")
        .annotate(count=Count("pk"))
        .values_list("period", "count")
    )
    step = timedelta(days=1 if unit == "day" else 7)
    period = start if unit == "day" else start - timedelta(days=start.weekday())
    periods = []
    while period <= end:
        periods.append({"start": period, "count": counts.get(period, 0)})
        period += step
    busiest = max([p["count"] for p in periods], default=0) or 1
    for p in periods:
        p["height"] = round(100 * p["count"] / busiest)
    return {"unit": unit, "periods": periods, "busiest": busiest}


def top_supported(contributions):
    """The contributions with the most votes for, with their votes against and comments."""
    return (
        contributions.filter(votes_for__gt=0)
        .only("pk", "title", "category", "status", "votes_for", "votes_against", "comment_count")
        .order_by("-votes_for", "votes_against", "-created_at")[:TOP_SUPPORTED_SIZE]
    )


def participants(contributions):
    """Distinct people who contributed, commented (visibly) or voted on `contributions`,
    in total and for each way of taking part, in one query."""
    contributed = Exists(contributions.filter(author=OuterRef("pk")))
    commented = Exists(
        Comment.objects.filter(annotation__in=contributions, is_hidden=False, author=OuterRef("pk"))
    )
    voted = Exists(Vote.objects.filter(annotation__in=contributions, user=OuterRef("pk")))
    return (
        get_user_model()
        .objects.filter(contributed | commented | voted)
        .aggregate(
            total=Count("pk"),
            contributed=Count("pk", filter=contributed),
            commented=Count("pk", filter=commented),
            voted=Count("pk", filter=voted),
        )
    )

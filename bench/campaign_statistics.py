"""A campaign's statistics right after a write, from the counts kept by cell, against the
aggregation over every contribution they replaced.

    .venv/bin/python bench/generate.py --count 2000000 --campaigns 3 --reset
    .venv/bin/python bench/campaign_statistics.py --repeat 5

On the campaign `bench`, `--repeat` times: a contribution changes category (in its own
transaction, as an edit would: the layer's version moves, so the cached statistics are
stale), then `/api/campaigns/bench/statistics/` is asked through Django's test client as
staff (the benchmark campaigns are drafts). Beside it, the same figures computed both
ways without the cache or HTTP: `portal.statistics._campaign_statistics` (the cells) and
the aggregation over the rows (the code before the cells, kept here as the baseline). Both
must give the same answer. Best and median of the runs, and their ratio.
"""

import argparse
import os
import statistics

import _setup  # noqa: F401
from _common import timed
from django.db import transaction
from django.test import Client

from accounts.models import User
from annotations.models import Annotation
from campaigns.models import Campaign
from layers.models import Category
from portal.statistics import _campaign_statistics, breakdown, totals


def statistics_from_rows(campaign):
    """The statistics as they were computed before the cells: over every visible row."""
    contributions = Annotation.objects.visible().filter(layer__campaign=campaign).order_by()
    return {
        **contributions.aggregate(**totals()),
        "by_category": breakdown(contributions, "category", Category),
        "by_status": list(contributions.values("status").annotate(**totals()).order_by("status")),
    }


def edit(campaign, number):
    """Move one contribution to another category, as an edit would."""
    contribution = Annotation.objects.filter(layer__campaign=campaign).order_by("pk")[number]
    categories = Category.values
    with transaction.atomic():
        Annotation.objects.filter(pk=contribution.pk).update(
            category=categories[(categories.index(contribution.category) + 1) % len(categories)]
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    campaign = Campaign.objects.get(slug="bench")
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    url = f"/api/campaigns/{campaign.slug}/statistics/"
    count = Annotation.objects.filter(layer__campaign=campaign).count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"statistics of {campaign.slug} ({count:,} contributions), right after an edit, ms")
    print(f"load average: {load}")

    api, cells, rows = [], [], []
    for number in range(args.repeat):
        edit(campaign, number)
        elapsed, response = timed(lambda: client.get(url))
        assert response.status_code == 200
        api.append(elapsed * 1000)
        elapsed, from_cells = timed(lambda: _campaign_statistics(campaign))
        cells.append(elapsed * 1000)
        elapsed, from_rows = timed(lambda: statistics_from_rows(campaign))
        rows.append(elapsed * 1000)
        assert from_cells == from_rows, (from_cells, from_rows)
        assert response.json()["contributions"] == from_rows["contributions"]

    print(f"{'':<44}{'best':>9}{'median':>9}")
    for name, times in (
        ("API, right after the edit (cells)", api),
        ("computed from the cells", cells),
        ("before: aggregated over the rows", rows),
    ):
        print(f"{name:<44}{min(times):>9.1f}{statistics.median(times):>9.1f}")
    print(f"{'ratio rows / cells (best)':<44}{min(rows) / min(cells):>8.0f}x")


if __name__ == "__main__":
    main()

"""Time the pages of a large campaign against the SQL they cannot go below.

    .venv/bin/python bench/generate.py --count 100000 --reset
    .venv/bin/python bench/pages.py --repeat 3

Each page is fetched through Django's test client as a member of staff (the
benchmark campaign is a draft): the whole request, from URL routing to the
rendered HTML. Each floor is raw SQL computing the same data, with no HTML:

- campaign page: the map's FeatureCollection as one json_agg (the page embeds it);
- the list beside the map, first call: 50 contributions in the map's view, most
  supported first, with their vote and comment counts, and the total;
- staff dashboard: its counts by day, category and status, the ten most
  supported, the participants and the heat map's points.
"""

import argparse

import _setup  # noqa: F401
from _common import best
from django.db import connection
from django.test import Client
from django.urls import reverse
from map_data import RAW_SQL

from accounts.models import User
from campaigns.models import Campaign

# The floor map_data.py measures, with the named parameter the other statements take.
MAP_SQL = RAW_SQL.replace("layer_id = %s", "layer_id = %(layer)s")
VISIBLE = "NOT a.is_hidden AND a.status NOT IN ('submitted', 'withdrawn')"
VOTES_FOR = "(SELECT count(*) FROM annotations_vote v WHERE v.annotation_id = a.id AND v.value = 1)"

LIST_SQL = f"""
SELECT a.id, a.title, a.category, a.status, {VOTES_FOR} AS votes_for,
       (SELECT count(*) FROM annotations_vote v WHERE v.annotation_id = a.id AND v.value = -1),
       (SELECT count(*) FROM annotations_comment c
        WHERE c.annotation_id = a.id AND NOT c.is_hidden),
       ST_AsGeoJSON(a.geometry), count(*) OVER ()
FROM annotations_annotation a
WHERE a.layer_id = %(layer)s AND {VISIBLE}
  AND ST_Intersects(a.geometry, ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326))
ORDER BY votes_for DESC, a.created_at DESC
LIMIT 50
"""

DASHBOARD_SQL = [
    f"SELECT date_trunc('day', created_at), count(*) FROM annotations_annotation a "
    f"WHERE a.layer_id = %(layer)s AND {VISIBLE} GROUP BY 1",
    f"SELECT category, count(*), sum(participant_count) FROM annotations_annotation a "
    f"WHERE a.layer_id = %(layer)s AND {VISIBLE} GROUP BY 1",
    f"SELECT status, count(*), sum(participant_count) FROM annotations_annotation a "
    f"WHERE a.layer_id = %(layer)s AND {VISIBLE} GROUP BY 1",
    f"SELECT a.id, {VOTES_FOR} AS votes_for FROM annotations_annotation a "
    f"WHERE a.layer_id = %(layer)s AND {VISIBLE} "
    f"AND a.id IN (SELECT annotation_id FROM annotations_vote WHERE value = 1) "
    f"ORDER BY votes_for DESC LIMIT 10",
    f"SELECT count(DISTINCT author_id) FROM annotations_annotation a "
    f"WHERE a.layer_id = %(layer)s AND {VISIBLE}",
    f"SELECT json_agg(json_build_array(ST_Y(p), ST_X(p), participant_count))::text "
    f"FROM (SELECT ST_PointOnSurface(geometry) AS p, participant_count "
    f"FROM annotations_annotation a WHERE a.layer_id = %(layer)s AND {VISIBLE}) AS points",
]


def run_sql(statements, parameters):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    campaign = Campaign.objects.get(slug="bench")
    layer = campaign.layers.get()
    west, south, east, north = campaign.perimeter.extent
    box = {"west": west, "south": south, "east": east, "north": north}
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    client = Client(SERVER_NAME="localhost")
    client.force_login(staff)
    list_url = (
        f"{reverse('annotation-list')}?campaign={campaign.slug}&ordering=most_supported"
        f"&bbox={west},{south},{east},{north}"
    )
    pages = [
        ("campaign page", campaign.get_absolute_url(), [MAP_SQL], {"layer": layer.pk}),
        ("list beside the map", list_url, [LIST_SQL], {"layer": layer.pk, **box}),
        (
            "staff dashboard",
            reverse("portal:dashboard", args=[campaign.slug]),
            DASHBOARD_SQL,
            {"layer": layer.pk},
        ),
    ]
    count = layer.annotations.visible().count()
    print(f"{count:,} visible contributions on the benchmark campaign, best of {args.repeat}")
    print(f"{'page':<22}{'raw SQL s':>11}{'page s':>9}{'x raw SQL':>11}{'page size':>12}")
    for name, url, statements, parameters in pages:
        fetch(client, url)  # warm caches so the first measure is not penalised
        floor, _ = best(args.repeat, lambda s=statements, p=parameters: run_sql(s, p))
        seconds, size = best(args.repeat, lambda u=url: fetch(client, u))
        print(
            f"{name:<22}{floor:>11.3f}{seconds:>9.3f}{seconds / floor:>11.2f}{size / 1e6:>10.2f} MB"
        )


if __name__ == "__main__":
    main()

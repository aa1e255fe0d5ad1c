"""Clusters from the counts kept by cell: the same tiles as from the points themselves, for
everyone and every filter, and counts that never drift from the contributions."""

import math
import random
from collections import Counter, defaultdict

import pytest
from django.contrib.gis.geos import LineString, Point
from django.http import QueryDict
from django.test import Client

from annotations.filters import AnnotationFilter
from annotations.models import CELL_LEVELS, Annotation, ContributionCell
from annotations.properties import TILE_PROPERTIES
from layers.models import Category
from tests.support import factories
from tests.support.concurrency import at_once
from tests.support.tiles import read_tile, tile_of, tile_url
from tiles.grid import EARTH_RADIUS, WORLD_HALF, Tile
from tiles.mvt import CONTRIBUTIONS, EXTENT, tile_bytes

INSIDE = factories.INSIDE
STATUSES = [*Annotation.Status.values, Annotation.Status.PUBLISHED]


def scatter(layer, count, authors, seed):
    """`count` contributions within a kilometre or so of INSIDE, of every kind."""
    pick = random.Random(seed)
    for _ in range(count):
        factories.AnnotationFactory(
            layer=layer,
            author=pick.choice(authors),
            geometry=Point(
                INSIDE.x + pick.uniform(-0.01, 0.01), INSIDE.y + pick.uniform(-0.007, 0.007)
            ),
            category=pick.choice(Category.values),
            status=pick.choice(STATUSES),
            is_hidden=pick.random() < 0.1,
            group_name=pick.choice(["", "", "", "Conseil de quartier"]),
            participant_count=pick.choice([1, 1, 2, 15]),
        )


def contents(layers):
    clusters = sorted(
        (attributes["count"], attributes["weight"], where.x, where.y)
        for attributes, where in layers.get("clusters", [])
    )
    drawn = sorted(attributes["mvt_id"] for attributes, _ in layers.get(CONTRIBUTIONS, []))
    return clusters, drawn


def assert_same_clusters(counted, live, z):
    """Same counts and weights at the same places, to a unit of the tile (the mean is
    summed in millimetres by the cells, in floating point from the points)."""
    assert [c[:2] for c in sorted(counted)] == [c[:2] for c in sorted(live)]
    unit = 360 / 2**z / EXTENT
    for count, weight, x, y in counted:
        assert any(
            (count, weight) == (c, w) and abs(x - lx) <= 1.5 * unit and abs(y - ly) <= 1.5 * unit
            for c, w, lx, ly in live
        )


@pytest.mark.django_db
def test_tiles_from_the_counts_equal_tiles_from_the_points(layer, resident, staff, tmp_path):
    others = factories.UserFactory.create_batch(3)
    scatter(layer, 400, [resident, *others], seed=13)
    factories.AnnotationFactory(
        layer=layer,
        author=resident,
        status=Annotation.Status.SUBMITTED,
        geometry=LineString((INSIDE.x, INSIDE.y), (INSIDE.x + 0.002, INSIDE.y), srid=4326),
    )
    factories.AnnotationFactory(
        layer=layer,
        geometry=LineString((INSIDE.x, INSIDE.y), (INSIDE.x, INSIDE.y + 0.002), srid=4326),
    )
    compared = Counter()
    for user in (None, resident, staff):
        client = Client()
        if user:
            client.force_login(user)
        for query in ("", "category=issue&category=proposal&collective=false", "status=published"):
            for z in (9, 12, 15, 17):
                z, cx, cy = tile_of(INSIDE, z)
                for x, y in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                    response = client.get(tile_url(layer, z, x, y, query))
                    folder = tmp_path / f"{compared.total()}"
                    counted = contents(
                        read_tile(response.content, z, x, y, folder / "counted")
                        if response.status_code == 200
                        else {}
                    )
                    visible = Annotation.objects.visible_to(user or response.wsgi_request.user)
                    rows = AnnotationFilter(
                        QueryDict(query), queryset=visible.filter(layer=layer)
                    ).qs
                    body = tile_bytes(
                        rows, Tile(z, x, y), CONTRIBUTIONS, TILE_PROPERTIES, "participant_count"
                    )
                    live = contents(read_tile(body, z, x, y, folder / "live") if body else {})

                    assert counted[1] == live[1]
                    assert_same_clusters(counted[0], live[0], z)
                    compared["clusters"] += len(live[0])
                    compared["drawn"] += len(live[1])
    # The comparison covered clusters and lone contributions alike.
    assert compared["clusters"] > 100
    assert compared["drawn"] > 100


def expected_cells(layer):
    """The cells the contributions of `layer` fall in, counted here in Python."""
    cells = defaultdict(lambda: [0, 0, 0, 0, 0])
    for annotation in Annotation.objects.filter(layer=layer):
        for level in CELL_LEVELS:
            point = annotation.geometry
            x = point.x * WORLD_HALF / 180
            y = math.log(math.tan(math.radians(90 + point.y) / 2)) * EARTH_RADIUS
            side = 2 * WORLD_HALF / 2**level
            key = (
                level,
                math.floor((x + WORLD_HALF) / side),
                math.floor((WORLD_HALF - y) / side),
                annotation.category,
                annotation.status,
                annotation.is_hidden,
                annotation.group_name != "",
            )
            for index, value in enumerate(
                (1, annotation.participant_count, x * 1000, y * 1000, annotation.pk)
            ):
                cells[key][index] += value
    return cells


def stored_cells(layer):
    return {
        (c.level, c.x, c.y, c.category, c.status, c.is_hidden, c.is_collective): [
            c.count,
            c.weight,
            c.sum_x,
            c.sum_y,
            c.sum_id,
        ]
        for c in ContributionCell.objects.filter(layer=layer, count__gt=0)
    }


@pytest.mark.django_db(transaction=True)
def test_counts_by_cell_never_drift_from_concurrent_writes():
    layer = factories.ContributionLayerFactory()
    scatter(layer, 40, [factories.UserFactory()], seed=1)

    def write(seed):
        pick = random.Random(seed)
        scatter(layer, 10, [factories.UserFactory()], seed=seed)
        mine = list(Annotation.objects.filter(layer=layer).order_by("?")[:12])
        for annotation in mine[:4]:
            annotation.geometry = Point(
                INSIDE.x + pick.uniform(-0.01, 0.01), INSIDE.y + pick.uniform(-0.007, 0.007)
            )
            annotation.save()
        for annotation in mine[4:8]:
            Annotation.objects.filter(pk=annotation.pk).update(
                status=pick.choice(STATUSES),
                is_hidden=pick.random() < 0.5,
                category=pick.choice(Category.values),
                participant_count=pick.choice([1, 4]),
            )
        Annotation.objects.filter(pk__in=[a.pk for a in mine[8:10]]).delete()
        return True

    assert at_once(write, range(100, 108)) == [True] * 8

    stored, expected = stored_cells(layer), expected_cells(layer)
    assert stored.keys() == expected.keys()
    for key, (count, weight, sum_x, sum_y, sum_id) in expected.items():
        assert stored[key][:2] == [count, weight]
        assert stored[key][4] == sum_id
        # Each position is rounded to the millimetre by the database.
        assert abs(stored[key][2] - sum_x) <= count and abs(stored[key][3] - sum_y) <= count
    coarsest = sum(value[0] for key, value in stored.items() if key[0] == CELL_LEVELS[0])
    assert coarsest == layer.annotations.count()

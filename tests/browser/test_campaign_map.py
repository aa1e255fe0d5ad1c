"""Headless Chromium opens the demo campaign and finds its map with the features drawn."""

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from annotations.models import Annotation
from layers.models import Feature
from tests.support import factories
from tests.support.browser_maps import popup_texts, wait_until_settled
from tests.support.tiles import tile_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHAPES = "#campaign-map .leaflet-overlay-pane path"
CLUSTERS = "#campaign-map .marker-cluster"
# static/js/shared.js: where a link `?at=` opens the map.
CLOSE_ZOOM = 17


def test_demo_campaign_page_draws_its_features_on_the_map(page, live_server, demo):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + demo.get_absolute_url())
    page.wait_for_selector(SHAPES)

    assert errors == []
    assert page.title().startswith(demo.title)
    features = Feature.objects.filter(layer__campaign=demo)
    annotations = Annotation.objects.filter(layer__campaign=demo).visible()
    # Every feature and contribution is an SVG path, or counted in a cluster of
    # nearby points; the perimeter is one more path.
    wait_until_settled(page, "#campaign-map")
    in_clusters = sum(int(text) for text in page.locator(CLUSTERS).all_inner_texts())
    assert page.locator(SHAPES).count() + in_clusters == 1 + features.count() + annotations.count()

    popups = {text.splitlines()[0] for text in popup_texts(page, f"{SHAPES}.leaflet-interactive")}
    assert {"Place centrale", "Immeuble A (logements)"} <= popups
    assert "Un jardin partagé au pied des immeubles" in popups


def test_clusters_either_side_of_a_tile_edge_do_not_overlap(page, live_server):
    layer = factories.ContributionLayerFactory()
    z, x, _ = tile_of(factories.INSIDE, CLOSE_ZOOM)
    # Three contributions a metre or two west of the edge between two tiles, three east.
    edge = (x + 1) / 2**z * 360 - 180
    for offset in (-0.00003, -0.000025, -0.00002, 0.00002, 0.000025, 0.00003):
        factories.AnnotationFactory(layer=layer, geometry=Point(edge + offset, factories.INSIDE.y))

    page.goto(
        f"{live_server.url}{layer.campaign.get_absolute_url()}?at={factories.INSIDE.y},{edge}"
    )
    page.wait_for_selector(CLUSTERS)
    wait_until_settled(page, "#campaign-map")

    markers = page.locator(CLUSTERS)
    # The first view's tiles (the whole campaign, one cluster of 6) go only once both close
    # tiles drew: [6, 3] and [6, 3, 3] come on the way, so wait for the texts, not a count.
    expect(markers).to_have_text(["3", "3"])
    boxes = [marker.bounding_box() for marker in markers.all()]
    west, east = sorted((box["x"], box["width"]) for box in boxes)
    # Each tile draws its own cluster; side by side, the two markers do not overlap.
    assert west[0] + west[1] <= east[0] + 0.5

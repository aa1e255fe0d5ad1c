"""Headless Chromium opens the demo campaign and finds its map with the features drawn."""

import pytest

from annotations.models import Annotation
from layers.models import Feature
from tests.support.browser_maps import popup_texts, wait_until_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHAPES = "#campaign-map .leaflet-overlay-pane path"
CLUSTERS = "#campaign-map .marker-cluster"


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

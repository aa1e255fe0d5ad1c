"""Headless Chromium opens the demo campaign and finds its map with the features drawn."""

import pytest
from django.core.management import call_command

from annotations.models import Annotation
from campaigns.models import Campaign
from layers.models import Feature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    return Campaign.objects.get(slug="quartier-du-parc")


def test_demo_campaign_page_draws_its_features_on_the_map(page, live_server, demo):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + demo.get_absolute_url())

    page.wait_for_selector("#campaign-map .leaflet-overlay-pane path")
    assert page.title().startswith(demo.title)
    # Lines and polygons are SVG paths; points are circle markers, clustered when close.
    drawn_paths = page.locator("#campaign-map .leaflet-overlay-pane path").count()
    clusters = page.locator("#campaign-map .marker-cluster").count()
    shapes = Feature.objects.filter(layer__campaign=demo).count() + (
        Annotation.objects.filter(layer__campaign=demo).visible().count()
    )
    assert drawn_paths >= shapes - 2  # every shape, the two nearby points perhaps clustered
    assert drawn_paths + clusters >= 1
    assert errors == []

    page.locator("#campaign-map .leaflet-overlay-pane path").last.click(force=True)
    assert page.locator(".leaflet-popup-content").is_visible()

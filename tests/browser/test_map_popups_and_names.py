"""In headless Chromium: a contribution's popup says what it is, its counts, links to its
page and records a resident's support; the maps' controls, clusters and shapes have
names in the page's language; on the home map, campaigns sharing an outline are all
reachable."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.gis.geos import Point

from annotations.models import Vote
from tests.support.browser import log_in
from tests.support.browser_maps import wait_until_settled
from tests.support.factories import (
    AnnotationFactory,
    CampaignFactory,
    CommentFactory,
    ContributionLayerFactory,
    VoteFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#campaign-map"
POPUP = ".leaflet-popup-content"


@pytest.fixture
def bench_request():
    campaign = CampaignFactory(title="Quartier du Parc")
    layer = ContributionLayerFactory(campaign=campaign, name="Vos propositions")
    bench = AnnotationFactory(
        layer=layer,
        title="Un banc à l\u2019ombre",
        category="proposal",
        geometry=Point(2.2088, 48.8950, srid=4326),
    )
    VoteFactory(annotation=bench, value=1)
    CommentFactory(annotation=bench)
    CommentFactory(annotation=bench)
    return bench


def open_on(page, url):
    page.goto(url)
    wait_until_settled(page, MAP)
    page.wait_for_selector(POPUP)


def test_a_popup_says_what_the_contribution_is_links_to_it_and_records_support(
    page, live_server, bench_request, resident
):
    url = f"{bench_request.layer.campaign.get_absolute_url()}?annotation={bench_request.pk}"
    log_in(page, live_server, resident, bench_request.layer.campaign.get_absolute_url())
    open_on(page, live_server.url + url)
    popup = page.locator(POPUP)
    lines = [line for line in popup.inner_text().splitlines() if line.strip()]
    assert lines[:3] == [
        "Un banc à l\u2019ombre",
        "Proposition · Publiée",
        "1 soutien · 2 commentaires",
    ]
    assert popup.get_by_role("link", name="Ouvrir sa page").get_attribute("href") == (
        f"/contributions/{bench_request.pk}/"
    )
    popup.get_by_role("button", name="Soutenir « Un banc à l\u2019ombre »").click()
    popup.get_by_text("Votre soutien est enregistré.").wait_for()
    assert "2 soutiens · 2 commentaires" in popup.inner_text()
    assert Vote.objects.filter(annotation=bench_request, user=resident, value=1).exists()


def test_a_visitor_is_asked_to_log_in_to_support(page, live_server, bench_request):
    campaign_url = bench_request.layer.campaign.get_absolute_url()
    open_on(page, f"{live_server.url}{campaign_url}?annotation={bench_request.pk}")
    link = page.locator(POPUP).get_by_role("link", name="Se connecter pour soutenir")
    asked = parse_qs(urlparse(link.get_attribute("href")).query)
    assert asked == {"next": [f"{campaign_url}?annotation={bench_request.pk}#map"]}
    assert Vote.objects.filter(annotation=bench_request).count() == 1


def test_map_controls_clusters_and_shapes_are_named_in_french(page, live_server, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    wait_until_settled(page, MAP)
    assert page.get_attribute(f"{MAP} .leaflet-control-zoom-in", "title") == "Zoomer"
    assert page.get_attribute(f"{MAP} .leaflet-control-zoom-out", "title") == "Dézoomer"
    assert page.get_attribute(f"{MAP} .leaflet-control-layers-toggle", "aria-label") == (
        "Couches affichées sur la carte"
    )
    names = page.eval_on_selector_all(
        f"{MAP} path.leaflet-interactive", "paths => paths.map(p => p.getAttribute('aria-label'))"
    )
    assert names and all(names)
    assert "Place centrale" in names
    page.evaluate("document.querySelector('#campaign-map').scrollIntoView()")
    clusters = page.eval_on_selector_all(
        f"{MAP} .marker-cluster", "cs => cs.map(c => c.getAttribute('aria-label'))"
    )
    assert all(name.endswith("points ici\u202f: appuyez pour zoomer") for name in clusters)


def test_campaigns_sharing_an_outline_on_the_home_map_are_all_reachable(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#campaigns-map path.leaflet-interactive")
    box = page.locator("#campaigns-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    links = page.locator(".leaflet-popup-content a")
    links.first.wait_for()
    assert sorted(links.all_inner_texts()) == [
        "La fibre pour tous",
        "Quartier du Parc\u202f: renouvellement",
    ]


def test_a_fibre_zone_popup_says_its_status_and_planned_quarter(page, live_server, demo):
    page.add_init_script(
        "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"
    )
    page.goto(f"{live_server.url}/campaigns/la-fibre-pour-tous/")
    wait_until_settled(page, MAP)
    # Zone Parc spans 2.205 to 2.215 E, 48.886 to 48.896 N; its middle is clear of reports.
    page.evaluate("testMap.setView([48.888, 2.2135], 17, {animate: false})")
    box = page.locator(MAP).bounding_box()
    middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    # The new view's tiles come after setView: click once the zone is drawn there.
    page.wait_for_function(
        "([x, y]) => document.elementFromPoint(x, y)?.matches('path.leaflet-interactive')",
        arg=middle,
    )
    page.mouse.click(*middle)
    page.wait_for_selector(POPUP)
    assert page.locator(POPUP).inner_text().splitlines() == [
        "Zone Parc",
        "Zone Parc\u202f: en cours, raccordement prévu 2027-T1",
    ]

"""In headless Chromium: a resident draws a contribution on the campaign map; an error
keeps what was typed; the list beside the map follows the view and the filters; the
page fits a phone."""

import re

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.core import mail
from playwright.sync_api import expect

from annotations.models import Annotation
from tests.support.browser import TEST_RESULTS, log_in
from tests.support.browser_maps import wait_until_settled
from tests.support.communes import commune
from tests.support.factories import (
    AnnotationFactory,
    CampaignFactory,
    ContributionLayerFactory,
    FeatureFactory,
    ReferenceLayerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#campaign-map"
SCREENSHOTS = TEST_RESULTS / "screenshots"
# django-leaflet announces each map it creates; tests keep a handle to move it.
KEEP_MAP = "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"


@pytest.fixture
def campaign_taking_proposals():
    """A campaign with one contribution layer, in French like the pages the tests read."""
    campaign = CampaignFactory(
        title="Quartier du Parc", rules="Chaque proposition reçoit une réponse."
    )
    ContributionLayerFactory(campaign=campaign, name="Vos propositions")
    return campaign


def open_campaign(page, url):
    page.add_init_script(KEEP_MAP)
    page.goto(url)
    wait_until_settled(page, MAP)
    page.wait_for_selector("#contribution-list[aria-busy=false]", state="attached")


def click_at(page, lon, lat):
    """Click the map where the place (lon, lat) is drawn."""
    x, y = page.evaluate(
        "([lat, lon]) => Object.values(testMap.latLngToContainerPoint([lat, lon]))",
        [lat, lon],
    )
    box = page.locator(MAP).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def draw_polygon(page, corners):
    """Draw with the polygon tool, the map zoomed in on the corners, clicking each in turn."""
    lon, lat = corners[0]
    page.evaluate("([lat, lon]) => testMap.setView([lat, lon], 17, {animate: false})", [lat, lon])
    tool = page.locator(f"{MAP} a.leaflet-buttons-control-button:has(.leaflet-pm-icon-polygon)")
    assert tool.get_attribute("aria-label")
    tool.click()
    for lon, lat in [*corners, corners[0]]:  # the first corner again closes the shape
        click_at(page, lon, lat)
    page.wait_for_function("() => document.getElementById('id_geometry').value !== ''")


INSIDE_SQUARE = [(2.2080, 48.8945), (2.2100, 48.8945), (2.2100, 48.8960), (2.2080, 48.8960)]


def test_a_resident_signs_up_draws_a_polygon_inside_the_perimeter_and_sees_it_on_the_map(
    page, live_server, campaign_taking_proposals
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(KEEP_MAP)
    page.goto(
        f"{live_server.url}/accounts/signup/?next={campaign_taking_proposals.get_absolute_url()}"
    )
    page.fill("#id_username", "amina")
    page.fill("#id_display_name", "Amina B.")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_password1", "un jardin pour tous 2026")
    page.fill("#id_password2", "un jardin pour tous 2026")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/accounts/signup/done/")
    page.goto(re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0))
    page.fill("#id_username", "amina")
    page.fill("#id_password", "un jardin pour tous 2026")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/accounts/me/")
    page.goto(live_server.url + campaign_taking_proposals.get_absolute_url())
    wait_until_settled(page, MAP)
    paths_before = page.locator(f"{MAP} .leaflet-overlay-pane path").count()

    draw_polygon(page, INSIDE_SQUARE)
    page.select_option("#id_category", "proposal")
    page.fill("#id_title", "Un jardin partagé")
    page.fill("#id_body", "Entre les immeubles, avec des bancs.")
    page.click("#contribute-form button[type=submit]")

    page.wait_for_url("**?annotation=*")
    wait_until_settled(page, MAP)
    annotation = Annotation.objects.get()
    assert annotation.author.display_name == "Amina B."
    assert annotation.geometry.geom_type == "Polygon"
    assert page.locator(".messages").inner_text().count("Un jardin partagé") == 1
    # Drawn on the map, its popup open, and listed beside the map.
    expect(page.locator(f"{MAP} .leaflet-overlay-pane path")).to_have_count(paths_before + 1)
    assert page.locator(".leaflet-popup-content").inner_text().startswith("Un jardin partagé")
    page.wait_for_selector("#contribution-list[aria-busy=false]", state="attached")
    item = page.locator("#contribution-list .contribution-item", has_text="Un jardin partagé")
    assert (
        item.locator("a.contribution-title").get_attribute("href")
        == f"/contributions/{annotation.pk}/"
    )
    assert errors == []


def test_drawing_outside_the_perimeter_shows_the_error_and_keeps_the_text(
    page, live_server, campaign_taking_proposals, resident
):
    log_in(page, live_server, resident, campaign_taking_proposals.get_absolute_url())
    open_campaign(page, live_server.url + campaign_taking_proposals.get_absolute_url())
    # Rueil-Malmaison, west of Nanterre: the map is moved there to draw.
    centre = commune("Rueil-Malmaison").point_on_surface
    d = 0.001
    draw_polygon(
        page, [(centre.x - d, centre.y - d), (centre.x + d, centre.y - d), (centre.x, centre.y + d)]
    )
    page.select_option("#id_category", "issue")
    page.fill("#id_title", "Trottoir trop étroit")
    page.fill("#id_body", "Les poussettes passent sur la route.")
    page.click("#contribute-form button[type=submit]")

    page.wait_for_selector("#contribute-errors")
    wait_until_settled(page, MAP)
    message = "La géométrie est en dehors du périmètre de la campagne."
    assert message in page.locator("#map-message").inner_text()
    assert page.locator("#map-message").is_visible()
    assert message in page.locator("#contribute-form .drawing").inner_text()
    # The shape is what needs them: the page opens on the map step, the error over the map.
    page.wait_for_function("() => document.body.classList.contains('contributing')")
    assert page.evaluate("document.activeElement.id") == "map-step-title"
    assert page.input_value("#id_title") == "Trottoir trop étroit"
    assert page.input_value("#id_body") == "Les poussettes passent sur la route."
    assert page.input_value("#id_category") == "issue"
    # The shape drawn is drawn again where it was, and still sent with the form.
    expect(page.locator(f"{MAP} .leaflet-overlay-pane path")).to_have_count(2)
    assert '"Polygon"' in page.input_value("#id_geometry")
    assert not Annotation.objects.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "contribute-error-1280.png")


def test_a_keyboard_user_places_a_point_at_the_centre_of_the_map(
    page, live_server, campaign_taking_proposals, resident
):
    log_in(page, live_server, resident, campaign_taking_proposals.get_absolute_url())
    open_campaign(page, live_server.url + campaign_taking_proposals.get_absolute_url())
    page.evaluate("testMap.setView([48.895, 2.2088], 17, {animate: false})")
    page.focus(MAP)
    page.evaluate("testMap.once('moveend', () => { window.moved = true; })")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.moved")
    centre = page.evaluate("Object.values(testMap.getCenter())")
    page.focus("#point-at-centre")
    page.keyboard.press("Enter")
    page.focus("#id_category")
    page.select_option("#id_category", "issue")
    page.focus("#id_title")
    page.keyboard.type("Nid-de-poule")
    page.focus("#contribute-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**?annotation=*")
    annotation = Annotation.objects.get()
    assert annotation.geometry.geom_type == "Point"
    assert annotation.geometry.coords == pytest.approx((centre[1], centre[0]), abs=1e-6)


def test_the_list_follows_the_map_view_and_the_filters(
    page, live_server, campaign_taking_proposals
):
    layer = campaign_taking_proposals.layers.get()
    AnnotationFactory(layer=layer, title="Banc cassé", geometry=Point(2.2088, 48.8950, srid=4326))
    AnnotationFactory(layer=layer, title="Arbre malade", geometry=Point(2.2090, 48.8951, srid=4326))
    AnnotationFactory(
        layer=layer,
        title="Quel calendrier ?",
        category="question",
        geometry=Point(2.2250, 48.9150, srid=4326),
    )
    titles = "#contribution-list .contribution-title"

    open_campaign(page, live_server.url + campaign_taking_proposals.get_absolute_url())
    assert sorted(page.locator(titles).all_inner_texts()) == [
        "Arbre malade",
        "Banc cassé",
        "Quel calendrier ?",
    ]
    assert page.locator("#list-count").inner_text() == "3 contributions dans la vue de la carte"

    page.evaluate("testMap.setView([48.915, 2.225], 17, {animate: false})")
    page.wait_for_function("() => document.querySelectorAll('#contribution-list li').length === 1")
    page.wait_for_selector("#contribution-list[aria-busy=false]", state="attached")
    assert page.locator(titles).all_inner_texts() == ["Quel calendrier ?"]
    assert page.locator("#list-count").inner_text() == "1 contribution dans la vue de la carte"

    page.evaluate("testMap.setView([48.895, 2.205], 13, {animate: false})")
    page.wait_for_function("() => document.querySelectorAll('#contribution-list li').length === 3")
    page.select_option("#filter-category", "question")
    page.wait_for_function("() => document.querySelectorAll('#contribution-list li').length === 1")
    assert page.locator(titles).all_inner_texts() == ["Quel calendrier ?"]
    assert "category=question" in page.url
    # The map's tiles, fetched again with the filter, show the same one: no cluster, one point
    # (the perimeter is not interactive).
    expect(page.locator(f"{MAP} .marker-cluster")).to_have_count(0)
    expect(page.locator(f"{MAP} .leaflet-overlay-pane path.leaflet-interactive")).to_have_count(1)

    page.locator("#contribution-list .show-on-map").click()
    page.wait_for_selector(".leaflet-popup-content")
    assert page.locator(".leaflet-popup-content").inner_text().startswith("Quel calendrier ?")


# "$&" and "$'" mean something to String.replace: a label is shown as it is written.
@pytest.mark.parametrize("label", ["Place centrale", "Place $& $' centrale"])
def test_a_resident_annotates_a_feature_of_the_plan(
    page, live_server, campaign_taking_proposals, resident, label
):
    plan = ReferenceLayerFactory(campaign=campaign_taking_proposals, name="Plan")
    square = Polygon([(lon, lat) for lon, lat in [*INSIDE_SQUARE, INSIDE_SQUARE[0]]], srid=4326)
    feature = FeatureFactory(layer=plan, geometry=square, label=label)
    log_in(page, live_server, resident, campaign_taking_proposals.get_absolute_url())
    open_campaign(page, live_server.url + campaign_taking_proposals.get_absolute_url())
    page.evaluate("testMap.setView([48.89525, 2.209], 17, {animate: false})")
    # The view's tiles bring the plan's shape.
    page.wait_for_selector(f"{MAP} .leaflet-overlay-pane path.leaflet-interactive")

    click_at(page, 2.209, 48.89525)
    page.get_by_role("button", name="Annoter cet élément").click()
    assert (
        page.locator("#drawing-status").inner_text()
        == f"Vous annotez\N{NARROW NO-BREAK SPACE}: {label}"
    )
    page.select_option("#id_category", "question")
    page.fill("#id_title", "Des arbres sur la place ?")
    page.click("#contribute-form button[type=submit]")

    page.wait_for_url("**?annotation=*")
    annotation = Annotation.objects.get()
    assert annotation.target_feature == feature
    assert annotation.geometry.equals(square)


def test_only_the_chosen_layers_question_is_shown(
    page, live_server, campaign_taking_proposals, resident
):
    campaign_taking_proposals.layers.update(question="Où manque-t-il un banc ?")
    other = ContributionLayerFactory(
        campaign=campaign_taking_proposals, name="Vélos", question="Où garer son vélo ?"
    )
    log_in(page, live_server, resident, campaign_taking_proposals.get_absolute_url())
    open_campaign(page, live_server.url + campaign_taking_proposals.get_absolute_url())
    shown = "#contribute-form .layer-question:visible"

    page.select_option("#id_layer", str(other.pk))
    assert page.locator(shown).all_inner_texts() == ["Vélos · Où garer son vélo ?"]
    page.select_option(
        "#id_layer", str(campaign_taking_proposals.layers.exclude(pk=other.pk).get().pk)
    )
    assert page.locator(shown).all_inner_texts() == ["Vos propositions · Où manque-t-il un banc ?"]


def test_the_campaign_page_fits_a_phone_and_a_desktop(page, live_server, demo, resident):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server, resident, demo.get_absolute_url())
    for width, height in [(360, 780), (1280, 900)]:
        page.set_viewport_size({"width": width, "height": height})
        open_campaign(page, live_server.url + demo.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SCREENSHOTS / f"campaign-{width}.png", full_page=True)
    # On a phone the map comes first, then the form and the list.
    page.set_viewport_size({"width": 360, "height": 780})
    map_top = page.locator(MAP).bounding_box()["y"]
    assert map_top < page.locator("#contribute").bounding_box()["y"]
    assert (
        page.locator("#contribute").bounding_box()["y"]
        < page.locator("#contributions").bounding_box()["y"]
    )

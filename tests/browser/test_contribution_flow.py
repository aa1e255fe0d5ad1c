"""In headless Chromium on a phone: "Contribute" opens the map full screen (step 1), then
the form (step 2); a signed-in resident reports a point in eight steps and sees the
confirmation where they look, the new point marked; after logging in, or when the
shape was refused, the page opens on the step that needs them."""

import pytest

from annotations.models import Annotation
from tests.support.browser import TEST_RESULTS, offline_page
from tests.support.browser_maps import wait_until_settled
from tests.support.communes import commune
from tests.support.factories import PASSWORD, CampaignFactory, ContributionLayerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#campaign-map"
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
KEEP_MAP = "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"
SCREENSHOTS = TEST_RESULTS / "screenshots"


@pytest.fixture
def campaign_taking_reports():
    campaign = CampaignFactory(title="La fibre pour tous")
    ContributionLayerFactory(
        campaign=campaign,
        name="Signalements",
        accepted_geometry_types=["point"],
        accepted_categories=["issue", "question"],
    )
    return campaign


def in_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"flow-{name}-360.png")


def log_in_by_form(page):
    page.fill("#id_username", "camille")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")


def test_a_signed_in_resident_reports_a_point_on_a_phone_in_eight_steps(
    browser, live_server, campaign_taking_reports, resident
):
    url = campaign_taking_reports.get_absolute_url()
    resident.username = "camille"
    resident.save()
    with offline_page(browser, live_server, **PHONE) as page:
        page.add_init_script(KEEP_MAP)
        page.goto(f"{live_server.url}/accounts/login/?next={url}")
        log_in_by_form(page)
        page.wait_for_url(f"**{url}")
        wait_until_settled(page, MAP)
        shoot(page, "0-campaign")
        steps = 0

        page.tap("#start-contributing")  # the button sits near the top: no scrolling
        steps += 1
        assert page.evaluate("document.body.classList.contains('contributing')")
        frame = page.locator("#map-frame").bounding_box()
        assert (frame["x"], frame["y"], frame["width"], frame["height"]) == (0, 0, 360, 740)
        # The layer takes points only: the point tool is ready.
        assert page.locator(f"{MAP} .button-container.active").count() == 1
        assert page.locator("#map-step-next").is_disabled()
        shoot(page, "1-map-step")

        box = page.locator(MAP).bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        steps += 1
        assert page.locator("#map-step-next").is_enabled()
        shoot(page, "2-placed")

        page.tap("#map-step-next")
        steps += 1
        assert not page.evaluate("document.body.classList.contains('contributing')")
        assert in_viewport(page, "#form-step")
        shoot(page, "3-form-step")

        page.tap("#id_category")  # a phone opens the menu, then one chooses
        page.select_option("#id_category", "issue")
        steps += 2
        page.tap("#id_title")
        page.keyboard.type("Immeuble non raccordé")
        steps += 2
        page.tap("#contribute-form button[type=submit]")
        steps += 1

        page.wait_for_url("**?annotation=*")
        wait_until_settled(page, MAP)
        notice = page.locator("#map-notice")
        notice.get_by_text("Merci").wait_for()
        assert "Immeuble non raccordé" in notice.inner_text()
        assert in_viewport(page, "#map-notice")
        assert steps <= 8
        annotation = Annotation.objects.get()
        assert annotation.geometry.geom_type == "Point"
        # The new point is marked by a ring, its popup open.
        assert page.locator(".leaflet-popup-content .popup-title").inner_text() == (
            "Immeuble non raccordé"
        )
        shoot(page, "4-sent")


def test_contribute_logs_in_first_then_opens_the_map_step(
    browser, live_server, campaign_taking_reports, resident
):
    resident.username = "camille"
    resident.save()
    with offline_page(browser, live_server, **PHONE) as page:
        page.add_init_script(KEEP_MAP)
        page.goto(live_server.url + campaign_taking_reports.get_absolute_url())
        page.get_by_role("link", name="Contribuer", exact=True).first.tap()
        log_in_by_form(page)
        page.wait_for_url("**?contribute=map#map")
        page.wait_for_function("() => document.body.classList.contains('contributing')")
        assert page.locator("#map-step-title").inner_text().startswith("Étape 1 sur 2")
        assert page.locator("#map-frame").bounding_box()["y"] == 0


def test_a_refused_shape_brings_back_the_map_step_with_the_error_and_the_shape(
    browser, live_server, campaign_taking_reports, resident
):
    url = campaign_taking_reports.get_absolute_url()
    resident.username = "camille"
    resident.save()
    with offline_page(browser, live_server, **PHONE) as page:
        page.add_init_script(KEEP_MAP)
        page.goto(f"{live_server.url}/accounts/login/?next={url}")
        log_in_by_form(page)
        page.wait_for_url(f"**{url}")
        wait_until_settled(page, MAP)
        rueil = commune("Rueil-Malmaison").point_on_surface
        page.tap("#start-contributing")
        page.evaluate(
            "([lat, lon]) => testMap.setView([lat, lon], 16, {animate: false})", [rueil.y, rueil.x]
        )
        box = page.locator(MAP).bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.locator("#perimeter-warning").is_visible()  # said at once
        page.tap("#map-step-next")
        page.select_option("#id_category", "issue")
        page.fill("#id_title", "Hors du périmètre")
        page.tap("#contribute-form button[type=submit]")

        page.wait_for_selector("#contribute-errors")
        page.wait_for_function("() => document.body.classList.contains('contributing')")
        assert page.locator("#map-message").is_visible()
        assert in_viewport(page, "#map-message")
        # The rejected point and the perimeter both drawn.
        assert page.locator(f"{MAP} .leaflet-marker-icon, {MAP} path").count() >= 2
        assert not Annotation.objects.exists()
        shoot(page, "5-refused")

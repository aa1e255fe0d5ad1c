"""In headless Chromium: a resident draws an alert area on a phone by keyboard (an address
from the suggestions, then a radius) and on a desktop with the polygon tool, sees the shape
on the map before saving and the area on the page of what they follow after."""

import pytest
from django.urls import reverse

from notifications.models import AlertArea
from tests.notifications.areas import TILLEULS, tilleuls_address
from tests.support.browser import TEST_RESULTS, log_in, offline_page
from tests.support.browser_maps import word_fits_its_tool
from tests.support.factories import CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#area-map"
SEARCH = "#area-map-place"
KEEP_MAP = "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"
SCREENSHOTS = TEST_RESULTS / "screenshots"
SQUARE = [(2.2080, 48.8945), (2.2100, 48.8945), (2.2100, 48.8960), (2.2080, 48.8960)]


@pytest.fixture
def park(db):
    campaign = CampaignFactory(title="Quartier du Parc", slug="quartier-du-parc")
    tilleuls_address()
    return campaign


def open_drawing_page(page, live_server, user, campaign):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.add_init_script(KEEP_MAP)
    url = f"{reverse('notifications:area_new')}?campaign={campaign.slug}"
    log_in(page, live_server, user, url)
    page.wait_for_function("() => window.testMap && document.querySelector('.leaflet-pm-toolbar')")


def circle_radii(page):
    """The radius of each circle on the map (not the address's mark, a circle marker)."""
    return page.evaluate(
        "() => { const radii = []; testMap.eachLayer(l => { if (l instanceof L.Circle) "
        "radii.push(l.getRadius()); }); return radii; }"
    )


def area_paths(page):
    return page.locator(f"{MAP} .leaflet-overlay-pane path").count()


def test_on_a_phone_a_resident_chooses_an_address_and_a_radius_by_keyboard(
    browser, live_server, park, resident
):
    phone = {"viewport": {"width": 360, "height": 780}, "has_touch": True, "is_mobile": True}
    with offline_page(browser, live_server, **phone) as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_drawing_page(page, live_server, resident, park)
        # The map fits the screen, and what one presses is a 44 px target.
        frame = page.locator(MAP).bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 360 and frame["height"] >= 300
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        tool = page.locator(f"{MAP} a.leaflet-buttons-control-button")
        assert tool.inner_text() == "Dessiner" and word_fits_its_tool(tool)
        zoom = page.locator(f"{MAP} .leaflet-control-zoom a")
        for target in [tool, zoom.first, zoom.last, page.locator(".area-shape-choice").first]:
            assert target.bounding_box()["height"] >= 44
        # The drawing tool's actions stay inside the map, clear of its middle.
        tool.tap()
        actions = page.locator(f"{MAP} .button-container.active .leaflet-pm-action")
        assert actions.count() == 3
        frame = page.locator(MAP).bounding_box()
        middle = frame["y"] + frame["height"] / 2
        for index in range(actions.count()):
            box = actions.nth(index).bounding_box()
            assert box["height"] >= 44 and box["y"] + box["height"] < middle
            assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
        actions.filter(has_text="Annuler").tap()
        assert circle_radii(page) == []

        page.focus(SEARCH)
        page.keyboard.type("12 allee des til")
        page.get_by_role("option", name="12 Allée des Tilleuls 92000 Nanterre").wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('id_longitude').value !== ''")
        assert circle_radii(page) == [300]  # the circle, before anything is saved
        assert page.locator("#area-status").inner_text() == (
            "Le cercle autour de l\u2019adresse est dessiné sur la carte."
        )
        page.keyboard.press("Tab")  # from the address to "Locate me"
        page.focus("#id_radius")
        page.keyboard.press("ArrowDown")  # 300 m → 500 m
        assert page.input_value("#id_radius") == "500"
        assert circle_radii(page) == [500]
        page.focus("#id_name")
        page.keyboard.type("Autour de l\u2019école")
        page.screenshot(path=SCREENSHOTS / "alert-area-circle-360.png", full_page=True)
        page.keyboard.press("Enter")

        page.wait_for_url(f"**{reverse('notifications:following')}")
        area = AlertArea.objects.get(user=resident)
        assert (area.name, area.campaign) == ("Autour de l\u2019école", park)
        assert area.geometry.contains(TILLEULS)
        row = page.locator(".follow-list li", has_text="Autour de l\u2019école")
        assert "Quartier du Parc" in row.inner_text()
        assert row.locator("a.feed-link").get_attribute("href") == (
            reverse("notifications:area_feed", args=[area.feed_token])
        )
        assert errors == []


def click_at(page, lon, lat):
    x, y = page.evaluate(
        "([lat, lon]) => Object.values(testMap.latLngToContainerPoint([lat, lon]))", [lat, lon]
    )
    box = page.locator(MAP).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_on_a_desktop_a_resident_draws_a_polygon(page, live_server, park, resident):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})
    open_drawing_page(page, live_server, resident, park)
    lon, lat = SQUARE[0]
    page.evaluate("([lat, lon]) => testMap.setView([lat, lon], 16, {animate: false})", [lat, lon])

    page.locator(f"{MAP} a.leaflet-buttons-control-button").click()
    for lon, lat in [*SQUARE, SQUARE[0]]:
        click_at(page, lon, lat)
    page.wait_for_function("() => document.getElementById('id_geometry').value !== ''")
    assert page.is_checked("input[name=shape][value=polygon]")
    assert page.locator("#radius-field").is_hidden()
    page.fill("#id_name", "Le square")
    page.screenshot(path=SCREENSHOTS / "alert-area-polygon-1280.png", full_page=True)
    page.click("#area-form button[type=submit]")

    page.wait_for_url(f"**{reverse('notifications:following')}")
    area = AlertArea.objects.get(user=resident)
    assert area.name == "Le square"
    assert area.geometry.extent == pytest.approx((2.2080, 48.8945, 2.2100, 48.8960), abs=2e-5)
    assert errors == []


def test_a_refused_area_is_said_beside_the_map_and_drawn_again(page, live_server, park, resident):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_drawing_page(page, live_server, resident, park)
    # Drawn in Paris, kilometres outside the campaign.
    paris = [(2.345, 48.853), (2.350, 48.853), (2.350, 48.857), (2.345, 48.857)]
    page.evaluate(
        "([lat, lon]) => testMap.setView([lat, lon], 15, {animate: false})", [48.855, 2.3475]
    )
    page.locator(f"{MAP} a.leaflet-buttons-control-button").click()
    for lon, lat in [*paris, paris[0]]:
        click_at(page, lon, lat)
    page.wait_for_function("() => document.getElementById('id_geometry').value !== ''")
    page.fill("#id_name", "Ailleurs")
    page.click("#area-form button[type=submit]")

    message = page.locator("#area-map-message")
    message.wait_for()
    assert "en dehors du périmètre de «\u202fQuartier du Parc\u202f»" in message.inner_text()
    # The summary takes focus, and the refused drawing is back on the map to correct.
    page.wait_for_function("() => document.activeElement.id === 'area-errors'")
    page.wait_for_function("() => document.getElementById('area-status').textContent !== ''")
    assert page.is_checked("input[name=shape][value=polygon]")
    assert area_paths(page) == 2  # the perimeter and the refused drawing
    assert message.is_visible()
    assert page.evaluate("() => testMap.getBounds().contains(L.latLng(48.8950, 2.2088))"), (
        "the campaign's area is in view, beside what was refused"
    )
    assert not AlertArea.objects.exists()
    page.screenshot(path=SCREENSHOTS / "alert-area-refused-1280.png")

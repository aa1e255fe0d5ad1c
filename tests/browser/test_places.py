"""In headless Chromium: a resident finds their address on a campaign's map by typing it
(keyboard only), the map goes there and says what applies (on the fibre campaign, the
rollout zone's status); "Locate me" says clearly when refused or outside the area."""

import pytest
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.urls import reverse

from agenda.models import Event
from annotations.models import Annotation
from campaigns.models import Campaign
from geocoding.models import Address
from tests.support.browser import TEST_RESULTS, log_in, offline_page
from tests.support.browser_maps import wait_until_settled
from tests.support.communes import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#campaign-map"
SEARCH = "#campaign-map-place"
KEEP_MAP = "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"
SCREENSHOTS = TEST_RESULTS / "screenshots"


def open_fibre_campaign(page, live_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.add_init_script(KEEP_MAP)
    page.goto(live_server.url + Campaign.objects.get(slug="la-fibre-pour-tous").get_absolute_url())
    wait_until_settled(page, MAP)


@pytest.mark.parametrize("width", [360, 1280])
def test_typing_an_address_suggests_it_pans_there_and_tells_the_fibre_zone(
    page, live_server, demo, width
):
    page.set_viewport_size({"width": width, "height": 800})
    open_fibre_campaign(page, live_server)
    address = Address.objects.get(label="12 Allée des Tilleuls 92000 Nanterre")

    page.focus(SEARCH)
    page.keyboard.type("12 allee des til")
    option = page.get_by_role("option", name="12 Allée des Tilleuls 92000 Nanterre")
    option.wait_for()
    assert page.get_attribute(SEARCH, "aria-expanded") == "true"
    assert "adresses proposées" in page.locator(".place-status").inner_text()
    page.keyboard.press("ArrowDown")
    assert page.get_attribute(SEARCH, "aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")

    answer = page.locator("#campaign-map-answer")
    answer.get_by_text("Zone Parc").wait_for()
    assert [line for line in answer.inner_text().splitlines() if line] == [
        "12 Allée des Tilleuls 92000 Nanterre",
        "Ici\u202f:",
        "Zones de déploiement · Zone Parc\u202f: en cours, raccordement prévu 2027-T1",
    ]
    centre = page.evaluate("Object.values(testMap.getCenter())")
    assert centre == pytest.approx([address.point.y, address.point.x], abs=1e-5)
    assert page.get_attribute(SEARCH, "aria-expanded") == "false"
    page.screenshot(path=SCREENSHOTS / f"fibre-address-answer-{width}.png", full_page=width == 360)


def test_an_unknown_address_is_said_and_nothing_moves(page, live_server, demo):
    open_fibre_campaign(page, live_server)
    centre = page.evaluate("Object.values(testMap.getCenter())")
    page.fill(SEARCH, "zzzz qqqq")
    page.wait_for_function("() => document.querySelector('.place-status').textContent !== ''")
    assert page.locator(".place-status").inner_text().startswith("Aucune adresse trouvée")
    assert page.locator("#campaign-map-suggestions").is_hidden()
    assert page.evaluate("Object.values(testMap.getCenter())") == centre


def test_locate_me_says_when_the_browser_refuses(browser, live_server, demo):
    with offline_page(browser, live_server) as page:
        open_fibre_campaign(page, live_server)
        page.get_by_role("button", name="Me localiser").click()
        answer = page.locator("#campaign-map-answer")
        answer.get_by_text("Votre navigateur n\u2019a pas donné votre position").wait_for()


def test_locate_me_outside_the_perimeter_says_so(browser, live_server, demo):
    rueil = commune("Rueil-Malmaison").point_on_surface
    located = {
        "geolocation": {"latitude": rueil.y, "longitude": rueil.x},
        "permissions": ["geolocation"],
    }
    with offline_page(browser, live_server, **located) as page:
        open_fibre_campaign(page, live_server)
        page.get_by_role("button", name="Me localiser").click()
        answer = page.locator("#campaign-map-answer")
        answer.get_by_text("Ce lieu est hors de la zone de la carte").wait_for()
        assert answer.inner_text().startswith("Vous êtes ici")
        centre = page.evaluate("Object.values(testMap.getCenter())")
        assert centre == pytest.approx([rueil.y, rueil.x], abs=1e-5)


def test_the_place_api_answers_on_a_campaign_and_refuses_a_bad_point(client, demo):
    url = reverse("campaign-place", args=["la-fibre-pour-tous"])
    answer = client.get(url, {"lat": 48.894, "lon": 2.2085}).json()
    assert answer["inside"] is True
    assert [a["text"] for a in answer["here"]] == [
        "Zone Parc\u202f: en cours, raccordement prévu 2027-T1"
    ]
    refused = client.get(url, {"lat": 91, "lon": "x"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"lat", "lon"}


def test_on_the_renewal_plan_the_place_answer_lists_the_works_around(client, demo):
    url = reverse("campaign-place", args=["quartier-du-parc"])
    answer = client.get(url, {"lat": 48.8950, "lon": 2.2088}).json()
    assert [a["text"] for a in answer["here"]] == ["Place centrale"]
    around = answer["around"]
    assert "Passage du Marché" in [a["text"] for a in around]
    assert [a["metres"] for a in around] == sorted(a["metres"] for a in around)
    assert all(a["metres"] <= 150 for a in around)


# In the fibre campaign's "Zone Parc", away from every report.
QUIET_SPOT = Point(2.2085, 48.8870, srid=4326)
ZONE_AT_CENTRE = """() => {
  const box = document.querySelector("#campaign-map").getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return Boolean(hit) && hit.getAttribute("aria-label") === "Zone Parc";
}"""


def centre_on_quiet_spot(page):
    """Shows the quiet spot in the middle of the map, close up, and returns where it is on
    the page once the zone is drawn there (not a contribution, not a cluster)."""
    near = Annotation.objects.filter(geometry__distance_lte=(QUIET_SPOT, D(m=100)))
    assert not near.filter(layer__campaign__slug="la-fibre-pour-tous").exists()
    page.evaluate(
        "([lat, lon]) => testMap.setView([lat, lon], 17, { animate: false })",
        [QUIET_SPOT.y, QUIET_SPOT.x],
    )
    page.locator(MAP).evaluate("map => map.scrollIntoView({ block: 'center' })")
    page.wait_for_function(ZONE_AT_CENTRE)
    box = page.locator(MAP).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize("width", [360, 1280])
def test_a_tap_in_a_rollout_zone_tells_its_status_without_moving_the_map(
    page, live_server, demo, width
):
    page.set_viewport_size({"width": width, "height": 800})
    open_fibre_campaign(page, live_server)
    answer = page.locator("#campaign-map-answer")
    assert answer.is_hidden()

    page.mouse.click(*centre_on_quiet_spot(page))

    answer.get_by_text("Zone Parc").wait_for()
    # Zones nearer than 150 m may follow, under "Around".
    assert [line for line in answer.inner_text().splitlines() if line][:3] == [
        "L\u2019endroit choisi sur la carte",
        "Ici\u202f:",
        "Zones de déploiement · Zone Parc\u202f: en cours, raccordement prévu 2027-T1",
    ]
    # The map stays at its zoom, moved at most by the zone's popup making room for itself.
    assert page.evaluate("testMap.getZoom()") == 17
    centre = page.evaluate("Object.values(testMap.getCenter())")
    assert centre == pytest.approx([QUIET_SPOT.y, QUIET_SPOT.x], abs=5e-4)
    page.screenshot(path=SCREENSHOTS / f"fibre-tap-answer-{width}.png")


def test_a_tap_that_places_a_contribution_asks_nothing(browser, live_server, demo, resident):
    url = Campaign.objects.get(slug="la-fibre-pour-tous").get_absolute_url()
    phone = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
    with offline_page(browser, live_server, **phone) as page:
        page.add_init_script(KEEP_MAP)
        log_in(page, live_server, resident, f"{url}?contribute=map")
        wait_until_settled(page, MAP)
        page.wait_for_function("() => document.body.classList.contains('contributing')")
        spot = centre_on_quiet_spot(page)
        answer = page.locator("#campaign-map-answer")

        page.touchscreen.tap(*spot)  # the point tool is ready: the tap places the report
        page.wait_for_function("() => !document.getElementById('map-step-next').disabled")
        page.wait_for_timeout(300)
        assert answer.is_hidden()

        # Once the step is closed, the same tap is a question again.
        page.get_by_role("button", name="Fermer").tap()
        page.touchscreen.tap(*centre_on_quiet_spot(page))
        answer.get_by_text("Zone Parc").wait_for()


def test_the_event_page_map_finds_an_address_and_pans_there(page, live_server, demo):
    event = Event.objects.get(title="Atelier « Place centrale »")
    address = Address.objects.get(label="12 Allée des Tilleuls 92000 Nanterre")
    page.add_init_script(KEEP_MAP)
    page.goto(live_server.url + event.get_absolute_url())
    page.wait_for_function("() => window.testMap !== undefined")
    search = "#event-map-place"

    page.focus(search)
    page.keyboard.type("12 allee des til")
    page.get_by_role("option", name="12 Allée des Tilleuls 92000 Nanterre").wait_for()
    page.keyboard.press("Enter")

    page.wait_for_function(
        "([lat, lon]) => Math.abs(testMap.getCenter().lat - lat) < 1e-5"
        " && Math.abs(testMap.getCenter().lng - lon) < 1e-5",
        arg=[address.point.y, address.point.x],
    )
    assert page.input_value(search) == "12 Allée des Tilleuls 92000 Nanterre"
    # The event's map asks nothing of a campaign: the chosen address only is said.
    assert page.locator("#event-map-answer").inner_text() == "12 Allée des Tilleuls 92000 Nanterre"

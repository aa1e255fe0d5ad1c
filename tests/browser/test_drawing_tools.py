"""In headless Chromium: the drawing tools of the campaign map show their icons once the
static files are collected and hashed as in production; on a phone they are big,
labelled, say "tap" and keep their actions inside the map; a place outside the
perimeter is said while drawing."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from tests.support.browser import TEST_RESULTS, log_in, offline_page
from tests.support.browser_maps import wait_until_settled, word_fits_its_tool
from tests.support.communes import commune
from tests.support.factories import CampaignFactory, ContributionLayerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#campaign-map"
SCREENSHOTS_DIR = TEST_RESULTS / "screenshots"
KEEP_MAP = "window.addEventListener('map:init', e => { window.testMap = e.detail.map; });"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "geoconsult.storage.ModuleAwareStaticFilesStorage"},
}
TOOL = f"{MAP} .leaflet-pm-toolbar a.leaflet-buttons-control-button"

# Loads each drawing tool's icon (a CSS background image) as an image of its own:
# its natural size, or 0 when the browser could not read it.
ICON_SIZES = """() => Promise.all([...document.querySelectorAll(
    '#campaign-map .leaflet-pm-toolbar .control-icon')].map(icon => new Promise(done => {
  // The computed value is a CSS string, url("…"), whose quotes inside are escaped.
  const source = getComputedStyle(icon).backgroundImage
    .replace(/^url\\("|"\\)$/g, "").replace(/\\\\(.)/g, "$1");
  const image = new Image();
  image.onload = () => done([icon.className, image.naturalWidth]);
  image.onerror = () => done([icon.className, 0]);
  image.src = source;
})))"""


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """The campaign page's static files as `collectstatic` writes them for production:
    hashed names, rewritten references, compressed copies."""
    root = tmp_path_factory.mktemp("collected-static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            # What the campaign page does not use, to keep the test short.
            ignore_patterns=["admin", "rest_framework", "swagger-ui", "timelinejs", "gis"],
        )
    return root


@pytest.fixture
def production_static_server(collected_static, settings, transactional_db):
    """A live server whose static files WhiteNoise serves from the collected folder, by
    their hashed names, as in production (the test live server would serve the sources)."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STORAGES
    server = LiveServerThread("localhost", static_handler=lambda application: application)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield SimpleNamespace(url=f"http://localhost:{server.port}")
    server.terminate()


@pytest.fixture
def campaign_taking_drawings(db):
    campaign = CampaignFactory(title="Quartier du Parc")
    ContributionLayerFactory(campaign=campaign, name="Vos propositions")
    return campaign


def open_campaign(page, url):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.add_init_script(KEEP_MAP)
    page.goto(url)
    wait_until_settled(page, MAP)
    page.wait_for_selector(TOOL, state="attached")


def test_the_drawing_tools_icons_load_from_the_collected_static_files(
    browser, production_static_server, campaign_taking_drawings, resident
):
    url = campaign_taking_drawings.get_absolute_url()
    with offline_page(browser, production_static_server) as page:
        log_in(page, production_static_server, resident, url)
        open_campaign(page, production_static_server.url + url)
        assert "leaflet-geoman." in page.locator("link[href*=leaflet-geoman]").get_attribute("href")
        sizes = dict(page.evaluate(ICON_SIZES))
        assert set(sizes) == {
            "control-icon leaflet-pm-icon-marker",
            "control-icon leaflet-pm-icon-polyline",
            "control-icon leaflet-pm-icon-polygon",
        }
        assert all(width > 0 for width in sizes.values()), sizes


def inside(box, frame):
    return (
        box["x"] >= frame["x"]
        and box["y"] >= frame["y"]
        and box["x"] + box["width"] <= frame["x"] + frame["width"]
        and box["y"] + box["height"] <= frame["y"] + frame["height"]
    )


def test_on_a_phone_the_tools_are_big_named_say_tap_and_keep_their_actions_in_the_map(
    browser, live_server, campaign_taking_drawings, resident
):
    url = campaign_taking_drawings.get_absolute_url()
    phone = {"viewport": {"width": 360, "height": 780}, "has_touch": True, "is_mobile": True}
    with offline_page(browser, live_server, **phone) as page:
        log_in(page, live_server, resident, url)
        open_campaign(page, live_server.url + url)
        page.tap("#start-contributing")  # on a phone the tools belong to the map step
        tools = page.locator(TOOL)
        assert tools.all_inner_texts() == ["Point", "Ligne", "Zone"]
        for index in range(tools.count()):
            box = tools.nth(index).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
            assert word_fits_its_tool(tools.nth(index))
        for button in page.locator(f"{MAP} .leaflet-control-zoom a").all():
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44

        page.locator(TOOL, has_text="Zone").tap()
        actions = page.locator(f"{MAP} .button-container.active .leaflet-pm-action")
        assert actions.all_inner_texts() == ["Terminer", "Retirer le dernier sommet", "Annuler"]
        frame = page.locator(MAP).bounding_box()
        for index in range(actions.count()):
            box = actions.nth(index).bounding_box()
            assert inside(box, frame), (box, frame)
            assert box["height"] >= 44
        # Quick taps place vertices: they do not zoom the map while it draws.
        assert page.evaluate("testMap.doubleClickZoom.enabled()") is False
        assert page.evaluate("testMap.pm.Draw.Polygon._hintMarker.getTooltip().getContent()") == (
            "Appuyez sur la carte pour placer le premier point"
        )
        page.screenshot(path=SCREENSHOTS_DIR / "drawing-tools-360.png")
        actions.filter(has_text="Annuler").tap()
        assert page.evaluate("testMap.doubleClickZoom.enabled()") is True


def test_a_point_outside_the_perimeter_is_said_while_drawing(
    page, live_server, campaign_taking_drawings, resident
):
    url = campaign_taking_drawings.get_absolute_url()
    log_in(page, live_server, resident, url)
    open_campaign(page, live_server.url + url)
    warning = page.locator("#perimeter-warning")
    assert warning.is_hidden()
    rueil = commune("Rueil-Malmaison").point_on_surface
    page.evaluate(
        "([lat, lon]) => testMap.setView([lat, lon], 16, {animate: false})", [rueil.y, rueil.x]
    )
    page.locator(TOOL).nth(2).click()
    box = page.locator(MAP).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    assert warning.is_visible()
    assert warning.inner_text() == (
        "Ce lieu est hors du périmètre de « Quartier du Parc »\u202f: la ville ne reçoit "
        "des contributions qu\u2019à l\u2019intérieur."
    )
    page.screenshot(path=SCREENSHOTS_DIR / "drawing-outside-1280.png")

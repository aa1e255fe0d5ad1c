"""The city's website frames a campaign's map: Chromium shows it for a listed origin and
refuses it for any other, and refuses to frame every other page."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from tests.support.browser import TEST_RESULTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_site(page):
    """The city's own website: a page on another local server that frames the address it
    is given (`/?frame=<url>`). Returns its origin."""

    class CityPage(BaseHTTPRequestHandler):
        def do_GET(self):
            framed = self.path.split("?frame=", 1)[1]
            body = f'<!DOCTYPE html><title>Ville</title><iframe src="{framed}"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), CityPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    # The test's browser reaches only the live server unless told otherwise.
    page.route(f"{origin}/**", lambda route: route.continue_())
    yield origin
    server.shutdown()


def framed(page, city_site, url):
    """Opens the city's page with `url` in a frame; the frame, once loaded or refused."""
    page.goto(f"{city_site}/?frame={url}")
    page.wait_for_load_state("load")
    frame = page.frames[1]
    for _ in range(100):
        if frame.url:
            break
        page.wait_for_timeout(50)
    return frame


def refusal(frame):
    """Why Chromium refused the frame (a refused frame shows its error page)."""
    assert frame.url.startswith("chrome-error://")
    return re.search(r'"errorCode":"(\w+)"', frame.content()).group(1)


def test_a_listed_city_site_shows_the_campaign_map(
    page, live_server, city_site, campaign, settings
):
    settings.EMBED_ALLOWED_ORIGINS = [city_site]
    url = live_server.url + reverse("portal:campaign-embed", args=[campaign.slug])

    frame = framed(page, city_site, url)

    frame.wait_for_selector("#campaign-map[data-ready=true]")
    assert frame.locator(".embed-title").inner_text() == campaign.title


def test_another_site_cannot_frame_the_campaign_map(
    page, live_server, city_site, campaign, settings
):
    settings.EMBED_ALLOWED_ORIGINS = ["https://somewhere-else.example"]
    url = live_server.url + reverse("portal:campaign-embed", args=[campaign.slug])

    frame = framed(page, city_site, url)

    assert refusal(frame) == "ERR_BLOCKED_BY_RESPONSE"


def test_even_a_listed_site_cannot_frame_the_campaign_page(
    page, live_server, city_site, campaign, settings
):
    settings.EMBED_ALLOWED_ORIGINS = [city_site]

    frame = framed(page, city_site, live_server.url + campaign.get_absolute_url())

    assert refusal(frame) == "ERR_BLOCKED_BY_RESPONSE"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_embedded_map_fills_its_frame(page, live_server, campaign, width):
    page.set_viewport_size({"width": width, "height": 700})

    page.goto(live_server.url + reverse("portal:campaign-embed", args=[campaign.slug]))

    page.wait_for_selector("#campaign-map[data-ready=true]")
    page.screenshot(path=TEST_RESULTS / f"embed-{width}.png")
    box = page.locator("#campaign-map").bounding_box()
    assert box["width"] >= width - 40
    assert box["height"] >= 240

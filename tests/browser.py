"""A real headless Chromium (Debian's package) driven by Playwright, kept off the network."""

import base64
from contextlib import contextmanager

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"

# A 1-pixel transparent PNG answers every base-map tile request.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@contextmanager
def offline_page(browser, live_server):
    """A page in a fresh browser context (its own cookies) that may reach the live server
    only; base-map tiles get a blank stub."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tiles_host = settings.BASEMAP_TILES_URL.split("/")[2]

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if tiles_host in url:
            return route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        return route.abort()

    context.route("**/*", route)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with offline_page(browser, live_server) as page:
        yield page

"""A real headless Chromium (Debian's package) driven by Playwright, kept off the network."""

import base64

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


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a fresh browser context (its own cookies: another person), which
    may reach the live server only; base-map tiles get a blank stub."""
    tiles_host = settings.BASEMAP_TILES_URL.split("/")[2]
    contexts = []

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if tiles_host in url:
            return route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        return route.abort()

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        context.route("**/*", route)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()

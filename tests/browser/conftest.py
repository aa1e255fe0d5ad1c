"""Playwright drives Debian's Chromium, one browser per pytest(-xdist) worker, each page
against that worker's own live server."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from campaigns.models import Campaign
from tests.support.browser import offline_page

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; Django refuses
# database calls from such a thread unless told the loop is not ours to share.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
def page(browser, live_server):
    with offline_page(browser, live_server) as page:
        yield page


@pytest.fixture
def demo(settings):
    """The demo's campaigns, as `make run` shows them; returns "quartier-du-parc"."""
    settings.DEMO_MODE = True
    call_command("load_demo")
    return Campaign.objects.get(slug="quartier-du-parc")

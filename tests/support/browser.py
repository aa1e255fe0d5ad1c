"""Pages in the headless Chromium of tests/browser: kept off the network, and logged in."""

import base64
import re
import threading
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.urls import reverse

from tests.support.factories import PASSWORD

# Where browser tests leave screenshots for people to look at; git ignores it.
TEST_RESULTS = Path(__file__).resolve().parents[2] / "test-results"

# A 1-pixel PNG in the light beige of a street map answers every base-map tile request.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP49P4lAAWhAstl7N0JAAAAAElFTkSuQmCC"
)


@contextmanager
def offline_page(browser, live_server, **context_options):
    """A page in a fresh browser context (its own cookies) that may reach the live server
    only; base-map tiles get a blank stub. `context_options` go to Playwright (a phone's
    viewport and touch screen)."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "fr-FR", **context_options}
    context = browser.new_context(**options)
    tiles_host = settings.BASEMAP_TILES_URL.split("/")[2]

    def route(route):
        if tiles_host in route.request.url:
            return route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        return route.abort()

    # Only requests that leave the live server come through Python: a route handler runs
    # in the test's thread, and holding every page's scripts there made pages slow.
    context.route(re.compile(f"^(?!{re.escape(live_server.url)}/)"), route)
    in_flight = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    page = context.new_page()
    try:
        yield page
    finally:
        # A request still in flight (the list beside the map reloads after every move)
        # would query the database while the test's teardown empties it, and PostgreSQL
        # would call it a deadlock. Let requests finish, then leave the pages so that
        # no timer starts another.
        for open_page in context.pages:
            wait_until_quiet(open_page, in_flight)
            open_page.goto("about:blank")
        context.close()
        # A request the page left when it went (a tile, the list) runs on in the server.
        wait_until_the_server_is_done()


def wait_until_quiet(page, in_flight, seconds=10):
    """Wait, letting Playwright deliver its events, until no request is in flight."""
    for _ in range(seconds * 20):
        if not in_flight:
            return
        page.wait_for_timeout(50)


class _RequestsUnderWay:
    """How many requests the live server (a thread of this process) is answering, from
    Django's request_started to request_finished, sent once the response is written. The
    test client's requests (its own handler, not a WSGIHandler) do not count: a streamed
    answer a test leaves unread never finishes."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        request_started.connect(self.started, dispatch_uid="tests.browser.started")
        request_finished.connect(self.finished, dispatch_uid="tests.browser.finished")

    @staticmethod
    def _from_the_server(sender):
        return isinstance(sender, type) and issubclass(sender, WSGIHandler)

    def started(self, sender, **_kwargs):
        if self._from_the_server(sender):
            with self.lock:
                self.count += 1

    def finished(self, sender, **_kwargs):
        if self._from_the_server(sender):
            with self.lock:
                self.count -= 1


_under_way = _RequestsUnderWay()


def _server_threads_alive():
    return any(thread.name.endswith("(process_request_thread)") for thread in threading.enumerate())


def wait_until_the_server_is_done(seconds=10):
    """Wait until the live server has answered every request, so that the test's teardown
    may empty the database. (Asking PostgreSQL is not enough: a request between two queries
    shows there as idle.) Done when no request is under way, or when the server's request
    threads have all ended: a thread outlives its request while another page keeps its
    connection open, and no thread left means no request left, whatever the count says."""
    deadline = time.monotonic() + seconds
    while _under_way.count > 0 and _server_threads_alive():
        if time.monotonic() > deadline:
            warnings.warn(f"the live server still answers after {seconds} s", stacklevel=2)
            return
        time.sleep(0.05)


def log_in(page, live_server, user, next_url):
    """Log in through the login form, which then opens `next_url`."""
    page.goto(f"{live_server.url}{reverse('login')}?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}{next_url}")

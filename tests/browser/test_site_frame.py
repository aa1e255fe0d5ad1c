"""The site's frame on a phone: every control of the header, footer and forms is a target a
thumb can hit, and the timeline's title is not hidden under TimelineJS's swipe hint."""

import re

import pytest
from django.urls import reverse

from tests.support.browser import BLANK_TILE
from tests.support.factories import MilestoneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links inside running text are exempt (WCAG 2.5.8); maps draw their own controls.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.site-header a, .site-header button, .site-footer a, .in-page a, main button, ' +
    'main select, main .button')]
  .filter(element => !element.closest('.leaflet-container'))
  .filter(element => element.getClientRects().length)
  .map(element => [element.textContent.trim() || element.name, element.getBoundingClientRect()])
  .filter(([name, box]) => box.height < 44 || box.width < 44)
  .map(([name, box]) => `${name}: ${Math.round(box.width)} x ${Math.round(box.height)}`)"""


@pytest.fixture
def phone(browser, live_server):
    """A touch phone 360 px wide that reaches only the live server."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="fr-FR"
    )

    def off_network(route):
        if "tile" in route.request.url:
            return route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        return route.abort()

    context.route(re.compile(f"^(?!{re.escape(live_server.url)}/)"), off_network)
    yield context.new_page()
    context.close()


def test_on_a_phone_every_control_is_at_least_44_px(phone, live_server, demo):
    urls = [
        reverse("portal:home"),
        demo.get_absolute_url(),
        demo.events.first().get_absolute_url(),
        reverse("sitepages:page", args=["accessibility"]),
        reverse("ogc:collections") + "?f=html",
    ]
    small = {}
    for url in urls:
        phone.goto(live_server.url + url)
        small[url] = phone.evaluate(SMALL_TARGETS)

    assert {url: targets for url, targets in small.items() if targets} == {}


def test_on_a_phone_the_timelines_title_is_not_under_the_swipe_hint(phone, live_server, demo):
    MilestoneFactory(campaign=demo, headline="Ouverture")

    phone.goto(live_server.url + reverse("timeline:campaign", args=[demo.slug]))
    phone.wait_for_selector(".tl-message-full .tl-message-content")
    title = phone.locator(".tl-slide-titleslide .tl-headline-title").first
    title.wait_for()

    # Whatever lies on top of the title's middle is the title itself.
    on_top = title.evaluate(
        """title => {
            const box = title.getBoundingClientRect();
            const found = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return title.contains(found);
        }"""
    )
    assert on_top
    assert phone.locator(".tl-message-full").is_visible()

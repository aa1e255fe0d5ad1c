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


# The box of the last line of an element's text, as the page lays it out.
LAST_LINE = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const lines = [...range.getClientRects()].filter(box => box.width && box.height);
    const box = lines[lines.length - 1];
    return {x: box.x, y: box.y, width: box.width, height: box.height};
}"""


def overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_on_a_phone_the_swipe_hint_covers_nothing_of_the_first_slide(phone, live_server, demo):
    MilestoneFactory(campaign=demo, headline="Ouverture")

    phone.goto(live_server.url + reverse("timeline:campaign", args=[demo.slug]))
    hint = phone.locator(".timeline-hint")
    hint.wait_for()
    text = phone.locator(".tl-slide-titleslide .tl-text-content p").last
    text.wait_for()

    last_line = text.evaluate(LAST_LINE)
    assert not overlap(last_line, hint.bounding_box())
    # And nothing else lies on it: the line is shown, not clipped or covered.
    on_top = text.evaluate(
        """(text, box) => text.contains(
            document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2))""",
        last_line,
    )
    assert on_top
    assert hint.inner_text().startswith("Faites glisser pour naviguer")


def test_on_a_phone_the_staff_menu_folds_under_one_button(phone, live_server, demo):
    phone.goto(live_server.url + reverse("login") + "?next=/")
    phone.fill("#id_username", "staff")
    phone.fill("#id_password", "demo-staff-2026")
    phone.press("#id_password", "Enter")
    phone.wait_for_url(live_server.url + "/")

    header = phone.locator(".site-header")
    # Two rows: the brand and languages, then the site's links and the menu button.
    assert header.bounding_box()["height"] <= 110
    administration = phone.get_by_role("link", name="Administration")
    assert not administration.is_visible()

    menu = phone.get_by_role("button", name="Menu")
    menu.focus()
    phone.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    for name in ("Mon compte", "Mes contributions", "Modération", "Administration"):
        box = phone.get_by_role("link", name=name).bounding_box()
        assert box["height"] >= 44, name
    assert phone.get_by_role("button", name="Se déconnecter").bounding_box()["height"] >= 44
    # The open menu lies over the page, which does not move.
    assert header.bounding_box()["height"] <= 110

    phone.keyboard.press("Escape")
    assert not administration.is_visible()
    assert phone.evaluate("document.activeElement.textContent") == "Menu"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

"""The header's unread count, the notification centre and following, as a person sees
them on a phone and on a desktop."""

import pytest
from django.contrib.gis.geos import Polygon
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import AlertArea, Follow
from tests.support.browser import TEST_RESULTS, log_in
from tests.support.factories import AnnotationFactory, StaffFactory, UserFactory
from tests.support.queue import run_queued_fan_outs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def answered(layer):
    """Two answers to a resident's contributions, waiting in their centre."""
    resident = UserFactory(display_name="Amina")
    staff = StaffFactory()
    for title in ("Banc cassé près du square", "Passage piéton effacé rue Thiers"):
        contribution = AnnotationFactory(layer=layer, author=resident, title=title)
        contribution.respond(by=staff, response_text="Réparation prévue.", status="accepted")
    run_queued_fan_outs()
    return resident


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_the_badge_counts_unread_and_opening_the_centre_clears_it(
    page, live_server, answered, viewport
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, answered, "/")
    badge = page.locator(".notifications-link")
    assert badge.is_visible()
    assert page.locator(".notifications-count").inner_text() == "2"
    assert "2\u202fnotifications non lues" in badge.inner_text() or (
        "2 notifications non lues" in badge.inner_text()
    )
    page.screenshot(path=TEST_RESULTS / f"notifications-badge-{viewport['width']}.png")

    badge.click()
    page.wait_for_url(f"{live_server.url}{reverse('notifications:centre')}")
    items = page.locator(".notification")
    assert items.count() == 2
    assert page.locator(".notification.unread").count() == 2
    assert "La ville a répondu à" in items.first.inner_text()
    assert page.locator(".notifications-count").count() == 0
    assert fits(page, viewport["width"])
    page.screenshot(path=TEST_RESULTS / f"notifications-centre-{viewport['width']}.png")

    page.reload()
    assert page.locator(".notification.unread").count() == 0
    items.first.locator("a").click()
    assert "/contributions/" in page.url


def test_follow_a_contribution_and_stop_from_the_follows_page(page, live_server, layer):
    page.set_viewport_size(PHONE)
    reader = UserFactory()
    contribution = AnnotationFactory(layer=layer, title="Un banc de plus au square")
    AlertArea.objects.create(
        user=reader,
        name="Autour de chez moi",
        geometry=Polygon.from_bbox((2.2, 48.89, 2.21, 48.9)),
    )
    log_in(page, live_server, reader, contribution.get_absolute_url())
    button = page.locator(".follow-button")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_load_state()
    assert page.locator(".follow-button").get_attribute("aria-pressed") == "true"
    assert Follow.objects.get(user=reader, annotation=contribution).active
    assert fits(page, 360)
    page.screenshot(path=TEST_RESULTS / "notifications-follow-button-360.png")

    page.goto(f"{live_server.url}{reverse('notifications:following')}")
    assert fits(page, 360)
    page.screenshot(path=TEST_RESULTS / "notifications-following-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=TEST_RESULTS / "notifications-following-1280.png", full_page=True)
    page.get_by_role("button", name="Ne plus suivre Un banc de plus au square").click()
    page.wait_for_load_state()
    assert not Follow.objects.get(user=reader, annotation=contribution).active
    assert "Un banc de plus au square" not in page.locator("#follows-heading + *").inner_text()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_follow_a_campaign_from_its_page(page, live_server, campaign, viewport):
    page.set_viewport_size(viewport)
    reader = UserFactory()
    log_in(page, live_server, reader, campaign.get_absolute_url())
    page.locator(".follow-button").click()
    page.wait_for_load_state()
    assert page.locator(".follow-button").get_attribute("aria-pressed") == "true"
    assert Follow.objects.get(user=reader, campaign=campaign).active
    # The confirmation is beside the button, both in view, not over the map further down.
    notice = page.locator(".notice-here:has(+ #follow)")
    expect(notice).to_contain_text("Vous suivez")
    assert notice.is_visible() and page.locator(".follow-button").is_visible()
    assert page.evaluate("(el) => el.getBoundingClientRect().top >= 0", notice.element_handle())
    assert page.locator("#map-notice").is_hidden()
    assert fits(page, viewport["width"])
    page.screenshot(path=TEST_RESULTS / f"notifications-campaign-follow-{viewport['width']}.png")

"""The e-mail settings and the unsubscribe link, as a person sees them on a phone."""

import pytest
from django.urls import reverse

from notifications.emails import unsubscribe_token
from notifications.models import Delivery, Preferences
from tests.support.browser import TEST_RESULTS, log_in
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_link_in_an_e_mail_asks_then_stops_the_e_mails(page, live_server):
    resident = UserFactory()
    page.set_viewport_size(PHONE)
    page.goto(
        live_server.url
        + reverse("notifications:unsubscribe", args=[unsubscribe_token(resident.pk)])
    )

    assert page.locator("h1").inner_text() == "Arrêter les e-mails"
    assert (
        "Vous ne recevrez plus d\u2019e-mails sur ce que vous suivez"
        in page.locator("main").inner_text()
    )
    assert not Preferences.objects.filter(user=resident).exists()
    assert fits(page, 360)
    page.screenshot(path=TEST_RESULTS / "notifications-unsubscribe-360.png", full_page=True)

    page.get_by_role("button", name="Arrêter les e-mails").click()

    page.wait_for_selector(".messages .success")
    assert "C\u2019est fait" in page.locator(".messages .success").inner_text()
    preferences = Preferences.objects.get(user=resident)
    assert preferences.about_my_contributions == preferences.about_the_rest == Delivery.NEVER


def test_the_e_mail_settings_on_a_phone(page, live_server):
    resident = UserFactory()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, resident, reverse("notifications:settings"))

    page.get_by_label("Dans un résumé quotidien").first.check()
    page.get_by_label("Pas par e-mail").last.check()
    page.get_by_label("Langue des e-mails").select_option("en")
    assert fits(page, 360)
    page.screenshot(path=TEST_RESULTS / "notifications-email-settings-360.png", full_page=True)
    page.get_by_role("button", name="Enregistrer mes réglages d\u2019e-mail").click()

    page.wait_for_selector(".messages")
    assert "Vos réglages d\u2019e-mail sont enregistrés." in page.locator(".messages").inner_text()
    preferences = Preferences.objects.get(user=resident)
    assert (preferences.about_my_contributions, preferences.about_the_rest) == (
        Delivery.DIGEST,
        Delivery.NEVER,
    )
    resident.refresh_from_db()
    assert resident.language == "en"

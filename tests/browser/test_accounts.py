"""Headless Chromium: a resident signs up, logs out and in; a visitor switches to English;
the keyboard finds the skip link first."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.support.browser import TEST_RESULTS
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = TEST_RESULTS / "accounts"
ACCOUNT_NAV = "nav.account-nav"
USERNAME = "Nom d\u2019utilisateur"  # the label of Django's French translation


def test_a_resident_signs_up_confirms_their_address_and_sees_their_name_in_the_header(
    page, live_server, campaign
):
    page.goto(live_server.url + reverse("portal:home"))
    page.locator(ACCOUNT_NAV).get_by_role("link", name="Créer un compte").click()

    page.get_by_label(USERNAME).fill("amina")
    page.get_by_label("Nom affiché").fill("Amina K.")
    page.get_by_label("Adresse électronique").fill("amina@example.org")
    page.get_by_label("Mot de passe", exact=False).first.fill("plum tree under the bridge")
    page.get_by_label("Confirmation du mot de passe").fill("plum tree under the bridge")
    page.get_by_role("button", name="Créer un compte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos e-mails")
    page.screenshot(path=SCREENSHOTS / "signup-done.png", full_page=True)
    assert not User.objects.get(username="amina").email_confirmed
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("amina@example.org est confirmée")
    page.get_by_label(USERNAME).fill("amina")
    page.get_by_label("Mot de passe").fill("plum tree under the bridge")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.locator(ACCOUNT_NAV).get_by_text("Amina K.")).to_be_visible()
    assert page.url == live_server.url + reverse("account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    assert User.objects.get(username="amina").email_confirmed


def test_a_refused_sign_up_keeps_what_was_typed_and_says_why(page, live_server, resident):
    page.goto(live_server.url + reverse("signup"))
    page.get_by_label(USERNAME).fill("amina")
    page.get_by_label("Nom affiché").fill("Mairie de Nanterre")
    page.get_by_label("Adresse électronique").fill("amina@example.org")
    page.get_by_label("Mot de passe", exact=False).first.fill("plum tree under the bridge")
    page.get_by_label("Confirmation du mot de passe").fill("plum tree under the bridge")
    page.get_by_role("button", name="Créer un compte").click()

    expect(page.locator("#id_display_name_error")).to_contain_text("celui de la ville")
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label(USERNAME).input_value() == "amina"
    assert page.get_by_label("Adresse électronique").input_value() == "amina@example.org"
    assert page.get_by_label("Nom affiché").get_attribute("aria-invalid") == "true"
    assert not User.objects.filter(email="amina@example.org").exists()


def test_a_resident_logs_out_and_logs_in_again(page, live_server, resident, campaign):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label(USERNAME).fill(resident.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    nav = page.locator(ACCOUNT_NAV)
    expect(nav.get_by_text(resident.display_name)).to_be_visible()

    nav.get_by_role("button", name="Se déconnecter").click()
    expect(nav.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(nav.get_by_text(resident.display_name)).to_have_count(0)

    # Logging in from a campaign page comes back to it.
    page.goto(live_server.url + campaign.get_absolute_url())
    nav.get_by_role("link", name="Se connecter").click()
    page.get_by_label(USERNAME).fill(resident.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(live_server.url + campaign.get_absolute_url())
    expect(nav.get_by_text(resident.display_name)).to_be_visible()
    nav.get_by_role("link", name="Mes contributions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes contributions")


def test_switching_to_english_stays_english_on_the_next_page(page, live_server, campaign):
    page.goto(live_server.url + reverse("portal:home"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Donnez votre avis sur les projets de votre ville"
    )
    assert page.locator("html").get_attribute("lang") == "fr"

    with page.expect_navigation():
        page.get_by_role("form", name="Langue").get_by_role("button", name="EN").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Have your say on your city's projects"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Campaigns")).to_be_visible()
    expect(page.locator(ACCOUNT_NAV).get_by_role("link", name="Log in")).to_be_visible()
    english = page.get_by_role("form", name="Language").get_by_role("button", name="EN")
    expect(english).to_have_attribute("aria-current", "true")
    expect(page.locator(".campaign-card")).to_contain_text("Open for contributions")

    with page.expect_navigation():
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Agenda").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Upcoming")).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()
    page.locator(ACCOUNT_NAV).get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    page, live_server, campaign
):
    page.goto(live_server.url + reverse("portal:home"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("link => link === document.activeElement")
    expect(skip).to_be_visible()
    # Its focus style is visible: the yellow focus background.
    assert skip.evaluate("link => getComputedStyle(link).backgroundColor") == "rgb(255, 221, 0)"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_on_a_phone_the_header_wraps_without_sideways_scrolling(
    page, live_server, resident, campaign
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for logged_in in (False, True):
        if logged_in:
            page.goto(live_server.url + reverse("login"))
            page.get_by_label("Username").fill(resident.username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_label("Password").press("Enter")
            page.wait_for_url(live_server.url + reverse("portal:home"))
        for url in (reverse("portal:home"), reverse("signup"), reverse("my-contributions")):
            page.goto(live_server.url + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + reverse("portal:home"))
    page.screenshot(path=SCREENSHOTS / "home-360.png", full_page=True)

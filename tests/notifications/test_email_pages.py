"""The one-click unsubscribe link and the e-mail settings page."""

import pytest
from django.core import signing
from django.urls import reverse

from accounts.models import User
from notifications.emails import unsubscribe_token
from notifications.models import Delivery, Notification, Preferences
from tests.notifications.mailing import answered, notify
from tests.support import factories

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def unsubscribe_url(token):
    return reverse("notifications:unsubscribe", args=[token])


def test_opening_the_link_asks_and_only_the_button_unsubscribes(client, resident):
    url = unsubscribe_url(unsubscribe_token(resident.pk))
    waiting = notify(resident, answered())

    page = client.get(url, **EN)

    assert page.status_code == 200
    html = page.content.decode()
    assert "You will receive no more e-mails about what you follow" in html
    assert 'name="List-Unsubscribe" value="One-Click"' in html
    # A link scanner opened it: nothing changed.
    assert not Preferences.objects.filter(user=resident).exists()

    done = client.post(url, {"List-Unsubscribe": "One-Click"}, **EN)

    assert done.status_code == 200
    assert "we will e-mail you no more notifications" in done.content.decode()
    preferences = Preferences.objects.get(user=resident)
    assert preferences.about_my_contributions == preferences.about_the_rest == Delivery.NEVER
    waiting.refresh_from_db()
    assert waiting.delivery == Delivery.NEVER
    # The notification centre keeps it.
    assert Notification.objects.filter(recipient=resident).count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps(1, salt="accounts.confirm-email"),  # another link's signature
        signing.dumps("1", salt="notifications.unsubscribe"),
        signing.dumps(999_999, salt="notifications.unsubscribe"),  # nobody
    ],
    # Signatures carry the time: named ones keep every pytest-xdist worker's list the same.
    ids=["nonsense", "another-link", "not-a-user-id", "nobody"],
)
def test_a_bad_link_is_refused_and_changes_nothing(client, resident, token):
    Preferences.objects.create(user=resident)

    for response in (
        client.get(unsubscribe_url(token), **EN),
        client.post(unsubscribe_url(token), **EN),
    ):
        assert response.status_code == 400
        assert "This link is invalid" in response.content.decode()

    preferences = Preferences.objects.get(user=resident)
    assert preferences.about_my_contributions == Delivery.IMMEDIATE
    assert preferences.about_the_rest == Delivery.DIGEST


def test_a_changed_token_does_not_unsubscribe_someone_else(client):
    ana, bob = factories.UserFactory(), factories.UserFactory()
    token = unsubscribe_token(ana.pk)
    forged = signing.dumps(bob.pk, salt="notifications.unsubscribe")[:-3] + token[-3:]

    assert client.post(unsubscribe_url(forged), **EN).status_code == 400
    assert not Preferences.objects.exists()


def test_unsubscribing_is_throttled(client, settings, resident):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "unsubscribe": {"account": "2/h", "address": "2/h"},
    }
    url = unsubscribe_url(unsubscribe_token(resident.pk))
    assert [client.post(url, **EN).status_code for _ in range(2)] == [200, 200]

    refused = client.post(url, **EN)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


def test_the_settings_page_saves_both_choices_and_the_language(client, resident):
    client.force_login(resident)

    page = client.get(reverse("notifications:settings"), **EN)
    html = page.content.decode()
    assert "the city&#x27;s answers to my contributions" in html.lower()
    assert "E-mails wait until you confirm" not in html

    saved = client.post(
        reverse("notifications:settings"),
        {"about_my_contributions": "digest", "about_the_rest": "never", "language": "en"},
        follow=True,
        **EN,
    )

    assert "Your e-mail settings are saved." in saved.content.decode()
    preferences = Preferences.objects.get(user=resident)
    assert (preferences.about_my_contributions, preferences.about_the_rest) == ("digest", "never")
    resident.refresh_from_db()
    assert resident.language == "en"


def test_saving_the_settings_is_throttled(client, settings, resident):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "follow": {"account": "1/h", "address": "100/h"},
    }
    client.force_login(resident)
    url = reverse("notifications:settings")
    choices = {"about_the_rest": "never", "language": "en"}
    client.post(url, {"about_my_contributions": "digest", **choices}, **EN)

    refused = client.post(url, {"about_my_contributions": "never", **choices}, **EN)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert Preferences.objects.get(user=resident).about_my_contributions == "digest"


def test_a_bad_choice_is_refused_and_nothing_is_saved(client, resident):
    client.force_login(resident)

    refused = client.post(
        reverse("notifications:settings"),
        {"about_my_contributions": "hourly", "about_the_rest": "never", "language": "de"},
        **EN,
    )

    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert not Preferences.objects.exists()
    resident.refresh_from_db()
    assert resident.language == "fr"


def test_an_unconfirmed_address_is_told_that_e_mails_wait(client):
    unconfirmed = factories.UserFactory(email_confirmed=False, email="new@example.org")
    client.force_login(unconfirmed)

    html = client.get(reverse("notifications:settings"), **EN).content.decode()

    assert "E-mails wait until you confirm your address, new@example.org" in html


def test_the_settings_need_a_login(client):
    response = client.get(reverse("notifications:settings"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sign_up_keeps_the_page_s_language_for_e_mails(client, language):
    client.post(
        reverse("signup"),
        {
            "username": "amina",
            "display_name": "Amina K.",
            "email": "amina@example.org",
            "password1": "a long passphrase 2026",
            "password2": "a long passphrase 2026",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert User.objects.get(username="amina").language == language

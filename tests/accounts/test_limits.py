"""Throttles per account and per address, and the log-in lockout, on pages and in the API."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import User
from agenda.models import Registration
from annotations.models import Annotation, Comment, Report, Vote
from tests.support.api import api, feature
from tests.support.concurrency import at_once
from tests.support.factories import (
    PASSWORD,
    AnnotationFactory,
    ContributionLayerFactory,
    EventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_counts_from_other_tests():
    # Redis (REDIS_URL) keeps what earlier tests counted; the database cache rolls back.
    cache.clear()


@pytest.fixture
def limit(settings):
    """Tighten one action's rates for the test (conftest makes them unreachable)."""

    def tighten(action, account="1/h", address="100/h"):
        settings.THROTTLE_RATES = {
            **settings.THROTTLE_RATES,
            action: {"account": account, "address": address},
        }

    return tighten


def api_writes():
    """For each throttled API action: what to send, and the rows it writes."""
    layer = ContributionLayerFactory()
    annotation = AnnotationFactory(layer=layer)
    event = EventFactory()
    return {
        "contribute": (
            lambda client: client.post("/api/annotations/", feature(layer)),
            lambda: Annotation.objects.exclude(pk=annotation.pk).count(),
        ),
        "comment": (
            lambda client: client.post(
                f"/api/annotations/{annotation.pk}/comments/", {"body": "Agreed."}
            ),
            Comment.objects.count,
        ),
        "vote": (
            lambda client: client.put(f"/api/annotations/{annotation.pk}/vote/", {"value": 1}),
            Vote.objects.count,
        ),
        "register": (
            lambda client: client.post(f"/api/events/{event.pk}/registration/"),
            Registration.objects.count,
        ),
    }


@pytest.mark.parametrize("action", ["contribute", "comment", "vote", "register"])
def test_the_api_answers_429_with_retry_after_past_an_accounts_limit_and_writes_nothing(
    limit, action
):
    limit(action, account="1/h")
    send, rows = api_writes()[action]
    client = api(UserFactory())

    assert send(client).status_code in (200, 201)
    written = rows()
    refused = send(client)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "throttled" in refused.json()["detail"]
    assert rows() == written == 1
    # Another account is counted apart.
    assert send(api(UserFactory())).status_code in (200, 201)


def test_accounts_sharing_one_address_share_its_limit(limit):
    limit("comment", account="100/h", address="2/h")
    send, rows = api_writes()["comment"]

    answers = [send(api(UserFactory())).status_code for _ in range(3)]

    assert answers == [201, 201, 429]
    assert rows() == 2
    other_address = api(UserFactory())
    other_address.defaults["REMOTE_ADDR"] = "192.0.2.7"
    assert send(other_address).status_code == 201


def test_reading_is_never_throttled(limit):
    limit("comment", account="1/h", address="1/h")
    annotation = AnnotationFactory()
    client = api(UserFactory())
    for _ in range(3):
        assert client.get(f"/api/annotations/{annotation.pk}/comments/").status_code == 200


def page_writes(client, resident):
    annotation = AnnotationFactory()
    event = EventFactory()
    layer = ContributionLayerFactory()
    campaign = layer.campaign
    return {
        "comment": lambda: client.post(
            reverse("annotations:comment", args=[annotation.pk]), {"body": "Agreed."}
        ),
        "vote": lambda: client.post(
            reverse("annotations:vote", args=[annotation.pk]), {"value": 1}
        ),
        "report": lambda: client.post(
            reverse("annotations:moderation-report", args=["contribution", annotation.pk]),
            {"reason": "spam"},
        ),
        "register": lambda: client.post(reverse("agenda:registration", args=[event.pk])),
        "contribute": lambda: client.post(
            reverse("portal:contribute", args=[campaign.slug]),
            {"layer": layer.pk, "category": "issue", "title": "A bench", "body": ""},
        ),
    }


@pytest.mark.parametrize(
    ("action", "model"),
    [
        ("comment", Comment),
        ("vote", Vote),
        ("report", Report),
        ("register", Registration),
        ("contribute", Annotation),
    ],
)
def test_a_page_past_the_limit_says_when_to_come_back_in_both_languages(
    client, limit, action, model
):
    limit(action, account="1/h")
    resident = UserFactory()
    client.force_login(resident)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    send = page_writes(client, resident)[action]
    send()
    rows = model.objects.count()

    refused = send()
    refused_fr = client.post(refused.wsgi_request.path, HTTP_ACCEPT_LANGUAGE="fr")

    assert refused.status_code == refused_fr.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many attempts in a short time. Please try again in" in refused.content.decode()
    assert (
        "Trop de tentatives en peu de temps. Merci de réessayer dans" in refused_fr.content.decode()
    )
    assert model.objects.count() == rows


def test_sign_up_is_throttled_per_address_typed(client, limit):
    limit("signup", account="1/h", address="100/h")
    data = {"display_name": "Amina", "password1": "plum tree 42 ok", "password2": "plum tree 42 ok"}

    client.post(reverse("signup"), {**data, "username": "amina", "email": "a@example.org"})
    refused = client.post(
        reverse("signup"), {**data, "username": "amina2", "email": "A@example.org"}
    )

    assert refused.status_code == 429
    assert len(mail.outbox) == 1
    assert list(User.objects.values_list("username", flat=True)) == ["amina"]


def test_password_reset_is_throttled_per_address_typed(client, limit):
    limit("password_reset", account="2/h", address="100/h")
    resident = UserFactory()

    answers = [
        client.post(reverse("password_reset"), {"email": resident.email}).status_code
        for _ in range(3)
    ]

    assert answers == [302, 302, 429]
    assert len(mail.outbox) == 2


@pytest.fixture
def lockout(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def test_the_api_token_is_refused_after_repeated_failures_even_with_the_right_password(lockout):
    resident = UserFactory()
    client = api()
    wrong = [
        client.post("/api/auth/token/", {"username": resident.username, "password": "guess"})
        for _ in range(3)
    ]
    right = client.post("/api/auth/token/", {"username": resident.username, "password": PASSWORD})

    # The failure that reaches the limit is already answered with the lockout.
    assert [answer.status_code for answer in wrong] == [400, 400, 429]
    assert right.status_code == 429
    assert int(right["Retry-After"]) == 15 * 60
    assert "Too many failed log-in attempts" in right.json()["detail"]
    assert not Token.objects.exists()


@pytest.mark.parametrize("login_url", [reverse("login"), reverse("admin:login")])
def test_the_site_and_admin_log_in_lock_out_after_repeated_failures(client, lockout, login_url):
    staff = UserFactory(is_staff=True)
    for _ in range(3):
        client.post(login_url, {"username": staff.username, "password": "guess"})

    locked = client.post(
        login_url, {"username": staff.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    assert "Trop d\u2019échecs de connexion" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_reset_lifts_the_lockout_of_the_account(client, lockout):
    resident = UserFactory()
    login = {"username": resident.username, "password": PASSWORD}
    for _ in range(3):
        client.post(reverse("login"), {**login, "password": "guess"}, REMOTE_ADDR="203.0.113.9")
    assert client.post(reverse("login"), login).status_code == 429
    client.post(reverse("password_reset"), {"email": resident.email})
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "a brand new password 2026"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    response = client.post(reverse("login"), {"username": resident.username, "password": new})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


@pytest.mark.django_db(transaction=True)
def test_the_shared_database_cache_counts_every_increment_of_concurrent_workers():
    cache.set("hits", 0)

    at_once(lambda _: cache.incr("hits"), range(12))

    assert cache.get("hits") == 12
    cache.delete("hits")

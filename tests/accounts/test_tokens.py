"""API tokens expire, go with the password, and their owner sees and revokes them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations.models import Annotation
from tests.support.api import feature
from tests.support.factories import PASSWORD, ContributionLayerFactory, UserFactory

pytestmark = pytest.mark.django_db


def token_for(user):
    response = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def client_with(key, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_says_when_it_expires_and_is_refused_after(settings):
    settings.API_TOKEN_DAYS = 30
    resident = UserFactory()
    layer = ContributionLayerFactory()
    answer = token_for(resident)
    token = Token.objects.get()
    assert answer["expires_at"].startswith(str((token.created + timedelta(days=30)).date()))
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=31))

    refused = client_with(answer["token"]).post("/api/annotations/", feature(layer), format="json")

    assert refused.status_code == 401
    assert "This token has expired" in refused.json()["detail"]
    assert not Annotation.objects.exists()
    # Asking again gives a new one that works.
    fresh = token_for(resident)["token"]
    assert fresh != answer["token"]
    assert (
        client_with(fresh).post("/api/annotations/", feature(layer), format="json").status_code
        == 201
    )


def test_changing_the_password_revokes_the_token(client):
    resident = UserFactory()
    key = token_for(resident)["token"]
    client.force_login(resident)
    new = "a completely new password"
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert client_with(key).get("/api/annotations/").status_code == 401
    assert not Token.objects.exists()


def test_resetting_the_password_revokes_the_token(client, mailoutbox):
    resident = UserFactory()
    key = token_for(resident)["token"]
    client.post(reverse("password_reset"), {"email": resident.email})
    link = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]
    form = client.get(link, follow=True)
    new = "a completely new password"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    assert client_with(key).get("/api/annotations/").status_code == 401


def test_the_account_page_shows_the_token_and_revokes_it(client):
    resident = UserFactory()
    key = token_for(resident)["token"]
    client.force_login(resident)

    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "One token, made on" in page
    assert key not in page  # the secret itself is never shown again
    response = client.post(reverse("revoke-token"), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert "Your API token is revoked." in response.content.decode()
    assert "You have no API token." in response.content.decode()
    assert client_with(key).get("/api/annotations/").status_code == 401

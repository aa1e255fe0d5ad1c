"""An account whose e-mail is not confirmed reads everything and takes part in nothing."""

import pytest
from django.urls import reverse

from agenda.models import Registration
from annotations.models import Annotation, Comment, Report, Vote
from tests.accounts.test_limits import api_writes, page_writes
from tests.support.api import api
from tests.support.factories import AnnotationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfirmed():
    return UserFactory(email_confirmed=False)


@pytest.mark.parametrize("action", ["contribute", "comment", "vote", "register"])
def test_the_api_refuses_an_unconfirmed_account_with_a_message_and_writes_nothing(
    unconfirmed, action
):
    send, rows = api_writes()[action]
    before = rows()

    refused = send(api(unconfirmed))
    refused_fr = send(api(unconfirmed, language="fr"))

    assert refused.status_code == refused_fr.status_code == 403
    assert refused.json()["detail"].startswith("Confirm your e-mail address first")
    assert refused_fr.json()["detail"].startswith("Confirmez d\u2019abord votre adresse e-mail")
    assert rows() == before


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
def test_pages_refuse_an_unconfirmed_account_in_both_languages(client, unconfirmed, action, model):
    client.force_login(unconfirmed)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    send = page_writes(client, unconfirmed)[action]
    before = model.objects.count()

    refused = send()
    refused_fr = client.post(refused.wsgi_request.path, HTTP_ACCEPT_LANGUAGE="fr")

    assert refused.status_code == refused_fr.status_code == 403
    assert "Confirm your e-mail address first" in refused.content.decode()
    assert "Confirmez d\u2019abord votre adresse e-mail" in refused_fr.content.decode()
    assert model.objects.count() == before


def test_an_unconfirmed_account_reads_and_is_told_on_its_account_page(client, unconfirmed):
    annotation = AnnotationFactory(title="A bench")
    client.force_login(unconfirmed)

    assert client.get(annotation.get_absolute_url()).status_code == 200
    assert api(unconfirmed).get(f"/api/annotations/{annotation.pk}/").status_code == 200
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not confirmed yet" in page
    assert "Send the link again" in page


def test_following_a_new_link_lets_the_account_take_part(client, unconfirmed, mailoutbox):
    annotation = AnnotationFactory()
    client.force_login(unconfirmed)
    client.post(reverse("resend-confirmation"))
    [message] = mailoutbox
    assert message.to == [unconfirmed.email]
    link = message.body.split("http://testserver", 1)[1].split()[0]

    client.get(link)
    response = client.post(
        reverse("annotations:comment", args=[annotation.pk]), {"body": "Now I may."}
    )

    unconfirmed.refresh_from_db()
    assert unconfirmed.email_confirmed
    assert response.status_code == 302
    assert Comment.objects.get().body == "Now I may."


def test_existing_accounts_count_as_confirmed():
    assert UserFactory().email_confirmed

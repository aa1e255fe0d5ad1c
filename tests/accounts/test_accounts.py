"""Sign up, password reset and "my contributions", through the pages a person uses."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from annotations.models import Annotation
from tests.support.factories import (
    PASSWORD,
    AnnotationFactory,
    CommentFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum tree under the bridge"


def sign_up(client, follow=False, **fields):
    data = {
        "username": "amina",
        "display_name": "Amina K.",
        "email": "amina@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **fields,
    }
    return client.post(reverse("signup"), data, HTTP_ACCEPT_LANGUAGE="en", follow=follow)


def field_errors(response, name):
    """The error messages shown right beside the field `name`."""
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


def confirmation_link(message):
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_signing_up_makes_an_unconfirmed_account_and_e_mails_its_link(client):
    response = sign_up(client, follow=True)

    assert response.redirect_chain[-1][0] == reverse("signup-done")
    assert "Check your e-mail" in response.content.decode()
    assert "amina@example.org" in response.content.decode()
    user = User.objects.get(username="amina")
    assert (user.display_name, user.email, user.email_confirmed) == (
        "Amina K.",
        "amina@example.org",
        False,
    )
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]

    confirmed = client.get(confirmation_link(message), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    user.refresh_from_db()
    assert user.email_confirmed
    assert "Your e-mail address amina@example.org is confirmed." in confirmed.content.decode()
    assert client.login(username="amina", password=NEW_PASSWORD)


def test_sign_up_says_the_same_for_a_taken_username_or_address_and_tells_only_by_e_mail(client):
    owner = UserFactory(username="taken", email="taken@example.org")
    pages = [
        sign_up(client, username="taken", email="new@example.org", follow=True),
        sign_up(client, username="fresh", email="TAKEN@example.org", follow=True),
    ]

    assert User.objects.count() == 1
    for page in pages:
        assert page.redirect_chain[-1][0] == reverse("signup-done")
        assert "Check your e-mail" in page.content.decode()
        assert "already" not in page.content.decode()
    username_taken, address_taken = mail.outbox
    assert username_taken.to == ["new@example.org"]
    assert "“taken”, which is already taken" in username_taken.body
    assert address_taken.to == ["TAKEN@example.org"]
    assert "you already have one" in address_taken.body
    assert owner.username in address_taken.body


def test_a_broken_or_old_confirmation_link_confirms_nothing(client, settings):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])
    settings.EMAIL_CONFIRMATION_DAYS = 0

    response = client.get(link, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert "Ce lien est cassé ou trop ancien" in response.content.decode()
    assert not User.objects.get(username="amina").email_confirmed
    settings.EMAIL_CONFIRMATION_DAYS = 3
    client.get(link.replace("/confirm-email/", "/confirm-email/x"))
    assert not User.objects.get(username="amina").email_confirmed


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password2": "another password 42"}, "password2", "fields didn\u2019t match"),
        ({"password1": "plum tree 7", "password2": "plum tree 7"}, "password2", "too short"),
        ({"password1": "password1234", "password2": "password1234"}, "password2", "too common"),
        (
            {"password1": "847362519031", "password2": "847362519031"},
            "password2",
            "entirely numeric",
        ),
        ({"email": "amina-at-example"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"display_name": "Mairie de Nanterre"}, "display_name", "taken for the city"),
        ({"display_name": "La Ville de Nanterre"}, "display_name", "taken for the city"),
        ({"display_name": "Hôtel de Ville"}, "display_name", "taken for the city"),
    ],
)
def test_bad_sign_up_says_what_is_wrong_beside_the_field_and_keeps_the_rest(
    client, fields, field, message
):
    UserFactory(username="taken", email="taken@example.org")

    response = sign_up(client, **fields)

    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert list(User.objects.values_list("username", flat=True)) == ["taken"]
    assert mail.outbox == []
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    # What was typed comes back, except the passwords.
    for name, value in {"display_name": "Amina K.", "email": "amina@example.org"}.items():
        if name not in fields:
            assert f'name="{name}" value="{value}"' in html
    assert NEW_PASSWORD not in html


def test_the_login_page_leads_to_sign_up_and_password_reset(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("signup")}"' in html
    assert f'href="{reverse("password_reset")}"' in html


def test_a_forgotten_password_is_reset_through_the_link_sent_by_e_mail(client, resident):
    response = client.post(
        reverse("password_reset"), {"email": resident.email}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    assert resident.username in message.body
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.context["validlink"]
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Your new password is set." in response.content.decode()

    assert not client.login(username=resident.username, password=PASSWORD)
    response = client.post(
        reverse("login"), {"username": resident.username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
    # The link works once.
    client.logout()
    assert not client.get(link, follow=True).context["validlink"]


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(
        reverse("password_reset"),
        {"email": "nobody@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_my_contributions_lists_all_of_mine_with_their_status_and_none_of_others(client, resident):
    published = AnnotationFactory(author=resident, title="Bench by the school")
    published.respond(UserFactory(is_staff=True), "We will install it in May.", "accepted")
    VoteFactory(annotation=published)
    VoteFactory(annotation=published, value=-1)
    CommentFactory(annotation=published)
    AnnotationFactory(author=resident, title="Crossing", is_hidden=True, hidden_reason="spam")
    AnnotationFactory(author=resident, title="Waiting", status=Annotation.Status.SUBMITTED)
    AnnotationFactory(author=resident, title="Taken back", status=Annotation.Status.WITHDRAWN)
    AnnotationFactory(title="Someone else's idea")
    client.force_login(resident)

    response = client.get(reverse("my-contributions"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    titles = [a.title for a in response.context["contributions"]]
    assert titles == ["Taken back", "Waiting", "Crossing", "Bench by the school"]
    assert "Someone else&#x27;s idea" not in html
    for shown in ["Accepted", "Hidden by moderation", "Submitted", "Withdrawn by its author"]:
        assert shown in html
    assert "We will install it in May." in html
    assert "1 for, 1 against" in html
    assert published.layer.campaign.title in html
    assert published.layer.name in html
    campaign_url = published.layer.campaign.get_absolute_url()
    assert f'href="{campaign_url}?annotation={published.pk}"' in html
    # Each title opens the contribution's page, which its author may see whatever its status.
    for contribution in response.context["contributions"]:
        assert f'href="{contribution.get_absolute_url()}"' in html
        assert client.get(contribution.get_absolute_url()).status_code == 200


def test_my_contributions_are_paginated_newest_first(client, resident):
    for number in range(25):
        AnnotationFactory(author=resident, title=f"Idea {number}")
    client.force_login(resident)

    first = client.get(reverse("my-contributions"))
    second = client.get(reverse("my-contributions"), {"page": 2})

    assert [a.title for a in first.context["contributions"]][:2] == ["Idea 24", "Idea 23"]
    assert len(first.context["contributions"]) == 20
    assert [a.title for a in second.context["contributions"]][-1] == "Idea 0"


def test_anonymous_visitors_are_sent_to_log_in_for_my_contributions(client):
    response = client.get(reverse("my-contributions"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('my-contributions')}"


def test_a_resident_changes_their_password(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Your new password is set." in response.content.decode()
    assert response.context["user"] == resident
    client.logout()
    assert client.login(username=resident.username, password=NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Your old password was entered incorrectly." in field_errors(response, "old_password")
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_a_signed_in_person_opening_sign_up_is_sent_on_and_no_account_is_made(client):
    resident = UserFactory()
    client.force_login(resident)

    response = client.get(reverse("signup") + "?next=/agenda/")

    assert response.status_code == 302
    assert response["Location"] == "/agenda/"
    assert User.objects.count() == 1

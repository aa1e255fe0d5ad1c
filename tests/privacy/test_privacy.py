"""A person's rights: their data as JSON, a new e-mail address, the deletion of their account;
and what is never public (registrants) or logged (secret links)."""

import json
import logging

import pytest
from django.contrib.gis.geos import Polygon
from django.urls import reverse

from accounts.models import User
from agenda.models import Registration
from annotations.models import Comment, Report, Vote
from core.logging import MaskSecretLinks
from notifications.models import AlertArea
from tests.support.api import api
from tests.support.factories import (
    PASSWORD,
    AnnotationFactory,
    CommentFactory,
    EventFactory,
    RegistrationFactory,
    StaffFactory,
    UserFactory,
    VoteFactory,
)
from tests.support.queue import run_queued_fan_outs

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_resident():
    """A resident who did one of everything, beside a neighbour who did the same."""
    resident = UserFactory(display_name="Amina K.")
    annotation = AnnotationFactory(author=resident, title="A bench by the school")
    other = AnnotationFactory(title="A crossing")
    CommentFactory(annotation=other, author=resident, body="Yes, please.")
    VoteFactory(annotation=other, user=resident, value=1)
    VoteFactory(annotation=other, value=1)
    event = EventFactory(title="Walk in the park", capacity=10)
    RegistrationFactory(event=event, user=resident)
    Report.objects.create(reporter=resident, annotation=other, reason="spam", note="Looks odd")
    return resident, annotation, other, event


def test_my_data_is_one_json_file_with_everything_kept_about_me(client, active_resident):
    resident, _annotation, other, _event = active_resident
    client.force_login(resident)

    response = client.get(reverse("my-data"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == resident.email
    assert data["profile"]["display_name"] == "Amina K."
    assert [c["title"] for c in data["contributions"]] == ["A bench by the school"]
    assert data["contributions"][0]["geometry"]["type"] == "Point"
    assert [c["text"] for c in data["comments"]] == ["Yes, please."]
    assert data["votes"] == [
        {"contribution": other.pk, "value": 1, "created_at": data["votes"][0]["created_at"]}
    ]
    assert [r["title"] for r in data["registrations"]] == ["Walk in the park"]
    assert [(r["reason"], r["note"]) for r in data["reports"]] == [("spam", "Looks odd")]
    assert "password" not in json.dumps(data["profile"])


def test_my_data_holds_what_i_follow_my_areas_and_my_notifications(client, active_resident):
    resident, annotation, other, _event = active_resident
    AlertArea.objects.create(
        user=resident, name="Near school", geometry=Polygon.from_bbox((2.2, 48.89, 2.21, 48.9))
    )
    annotation.respond(by=StaffFactory(), response_text="We will.", status="accepted")
    run_queued_fan_outs()
    client.force_login(resident)

    data = json.loads(client.get(reverse("my-data")).content)

    # Followed as their author, and as a commenter.
    follows = {(f["contribution"], f["reason"]) for f in data["follows"]}
    assert follows == {(annotation.pk, "author"), (other.pk, "commented")}
    assert [a["name"] for a in data["alert_areas"]] == ["Near school"]
    assert data["alert_areas"][0]["geometry"]["type"] == "Polygon"
    kinds = [(n["kind"], n["contribution"]) for n in data["notifications"]]
    assert ("answered", annotation.pk) in kinds
    assert data["notification_preferences"]["about_my_contributions"] == "immediate"


def test_my_data_needs_logging_in(client):
    response = client.get(reverse("my-data"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deleting_my_account_keeps_what_i_wrote_without_my_name(client, active_resident):
    resident, annotation, other, event = active_resident
    client.force_login(resident)
    assert api().get(f"/api/annotations/{other.pk}/").json()["properties"]["votes_for"] == 2

    response = client.post(
        reverse("delete-account"), {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "Your account is deleted." in response.content.decode()
    assert not User.objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in client.session
    annotation.refresh_from_db()
    assert (annotation.title, annotation.author) == ("A bench by the school", None)
    assert Comment.objects.get(body="Yes, please.").author is None
    assert Vote.objects.count() == 1
    assert api().get(f"/api/annotations/{other.pk}/").json()["properties"]["votes_for"] == 1
    assert not Registration.objects.filter(event=event).exists()
    report = Report.objects.get()
    assert (report.reason, report.reporter) == ("spam", None)
    page = client.get(annotation.get_absolute_url()).content.decode()
    assert "Amina K." not in page


def test_a_wrong_password_deletes_nothing(client, active_resident):
    resident = active_resident[0]
    client.force_login(resident)

    for language, message in [
        ("en", "This is not your password."),
        ("fr", "Ce n\u2019est pas votre mot de passe."),
    ]:
        response = client.post(
            reverse("delete-account"), {"password": "guess"}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    assert Vote.objects.count() == 2


def test_a_new_address_is_confirmed_on_it_before_it_replaces_the_old(client, mailoutbox):
    resident = UserFactory(email="old@example.org")
    client.force_login(resident)

    response = client.post(
        reverse("change-email"),
        {"email": "new@example.org", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert "We sent a link to new@example.org" in response.content.decode()
    resident.refresh_from_db()
    assert resident.email == "old@example.org"
    [message] = mailoutbox
    assert message.to == ["new@example.org"]
    client.get(message.body.split("http://testserver", 1)[1].split()[0])
    resident.refresh_from_db()
    assert (resident.email, resident.email_confirmed) == ("new@example.org", True)


def test_a_new_address_needs_the_password_and_changes_nothing_without_it(client, mailoutbox):
    resident = UserFactory(email="old@example.org")
    client.force_login(resident)

    response = client.post(
        reverse("change-email"),
        {"email": "new@example.org", "password": "guess"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert "Ce n\u2019est pas votre mot de passe." in response.content.decode()
    assert mailoutbox == []


def test_an_address_taken_meanwhile_is_not_given_to_a_second_account(client, mailoutbox):
    resident = UserFactory(email="old@example.org")
    client.force_login(resident)
    client.post(reverse("change-email"), {"email": "new@example.org", "password": PASSWORD})
    UserFactory(email="new@example.org")

    response = client.get(
        mailoutbox[0].body.split("http://testserver", 1)[1].split()[0],
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert "Another account uses this address now" in response.content.decode()
    resident.refresh_from_db()
    assert resident.email == "old@example.org"


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "registrant"])
def test_registrants_names_are_never_public(client, viewer):
    event = EventFactory(capacity=10)
    registrant = UserFactory(display_name="Lucas Secret-Name", username="lucas-login")
    RegistrationFactory(event=event, user=registrant)
    user = {"anonymous": None, "resident": UserFactory(), "registrant": registrant}[viewer]
    if user:
        client.force_login(user)

    page = client.get(reverse("agenda:event", args=[event.pk])).content.decode()
    listing = json.dumps(api(user).get("/api/events/").json())
    detail = json.dumps(api(user).get(f"/api/events/{event.pk}/").json())

    # The registrant sees their own name in the page's header only.
    shown = [listing, detail] + ([page] if viewer != "registrant" else [])
    for text in shown:
        assert "Secret-Name" not in text
        assert "lucas-login" not in text
    assert 'class="registrants"' not in page
    assert page.count("Secret-Name") == (1 if viewer == "registrant" else 0)


def test_the_privacy_page_says_what_is_kept_why_and_how_long(client):
    english = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert reverse("privacy") == "/privacy/"
    assert english.count("<dt>Why</dt>") == english.count("<dt>How long</dt>") == 9
    assert "What you follow, the areas you draw, your notifications" in english
    assert "a log-in lockout lasts 15 minutes" in english
    assert "Ce que nous gardons, pourquoi, et combien de temps" in french


def test_logs_keep_no_password_reset_or_confirmation_token():
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s"',
        {"h": "127.0.0.1", "r": "GET /accounts/reset/MQ/cf2k-8a1b2c3d/ HTTP/1.1"},
        None,
    )
    warning = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/accounts/confirm-email/eyJ1c2VyIjo1fQ:1v:abc/",),
        None,
    )

    MaskSecretLinks().filter(record)
    MaskSecretLinks().filter(warning)

    assert record.getMessage() == '127.0.0.1 "GET /accounts/reset/*** HTTP/1.1"'
    assert warning.getMessage() == "Not Found: /accounts/confirm-email/***"

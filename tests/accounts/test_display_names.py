"""Only the city speaks as the city: an official badge on staff's and moderators' messages,
names that impersonate it refused to residents, and no login name behind an answer."""

import pytest
from django.urls import reverse

from tests.support.api import api
from tests.support.factories import (
    AnnotationFactory,
    CommentFactory,
    ModeratorFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge badge-official"'


def test_staff_and_moderators_messages_carry_the_official_badge_and_residents_do_not(client):
    annotation = AnnotationFactory()
    CommentFactory(annotation=annotation, author=StaffFactory(display_name="Service voirie"))
    CommentFactory(annotation=annotation, author=ModeratorFactory(display_name="Mod Erin"))
    CommentFactory(annotation=annotation, author=UserFactory(display_name="Camille R."))

    page = client.get(annotation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    comments = api().get(f"/api/annotations/{annotation.pk}/comments/").json()["results"]

    assert page.count(BADGE) == 2
    for name in ("Service voirie", "Mod Erin"):
        assert f'<span class="author">{name}</span> {BADGE}' in page
    assert f'<span class="author">Camille R.</span> {BADGE}' not in page
    assert [(c["author"], c["official"]) for c in comments] == [
        ("Service voirie", True),
        ("Mod Erin", True),
        ("Camille R.", False),
    ]


def test_an_answer_from_staff_without_a_display_name_is_signed_by_the_city(client, settings):
    settings.OFFICIAL_NAME = "Ville de Nanterre"
    clerk = StaffFactory(username="jdupont", display_name="", first_name="")
    annotation = AnnotationFactory()
    annotation.respond(clerk, "We will look at it.", "accepted")

    page = client.get(annotation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    detail = api().get(f"/api/annotations/{annotation.pk}/").json()

    assert "Answered by Ville de Nanterre" in page
    assert "jdupont" not in page
    assert "jdupont" not in str(detail)


@pytest.mark.parametrize(
    "name",
    ["Mairie de Nanterre", "MAIRIE", "ville de nanterre", "Nanterre officiel", "Hôtel de ville"],
)
def test_residents_may_not_sign_up_under_a_name_that_speaks_as_the_city(client, name):
    response = client.post(
        reverse("signup"),
        {
            "username": "someone",
            "display_name": name,
            "email": "someone@example.org",
            "password1": "a long enough password",
            "password2": "a long enough password",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert "Ce nom pourrait passer pour celui de la ville." in response.content.decode()
    assert not UserFactory._meta.model.objects.filter(username="someone").exists()


def test_a_resident_changes_their_name_but_not_to_one_that_speaks_as_the_city(client):
    resident = UserFactory(display_name="Camille R.")
    client.force_login(resident)

    refused = client.post(
        reverse("change-display-name"),
        {"display_name": "Ville de Nanterre"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    resident.refresh_from_db()
    assert refused.status_code == 400
    assert "This name could be taken for the city" in refused.content.decode()
    assert resident.display_name == "Camille R."
    assert '<span class="user-name">Camille R.</span>' in refused.content.decode()

    changed = client.post(
        reverse("change-display-name"),
        {"display_name": "Camille Rousseau"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    resident.refresh_from_db()
    assert resident.display_name == "Camille Rousseau"
    assert "Your name is changed." in changed.content.decode()


def test_staff_may_take_the_citys_name(client):
    clerk = StaffFactory(display_name="Service voirie")
    client.force_login(clerk)
    client.post(reverse("change-display-name"), {"display_name": "Mairie de Nanterre"})
    clerk.refresh_from_db()
    assert clerk.display_name == "Mairie de Nanterre"

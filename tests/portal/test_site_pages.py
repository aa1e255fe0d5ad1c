"""The site's frame: the header's account links, the home page's cards, the error pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.views.defaults import permission_denied, server_error

from annotations.models import Annotation
from tests.support.factories import (
    AnnotationFactory,
    CampaignFactory,
    ContributionLayerFactory,
    ModeratorFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rf_request():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return request


def test_the_header_offers_sign_up_to_visitors_and_my_contributions_to_residents(client, resident):
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign up" in html
    assert "My contributions" not in html

    client.force_login(resident)
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("my-contributions")}"' in html
    assert resident.display_name in html
    assert "Moderation" not in html
    assert "Administration" not in html


@pytest.mark.parametrize(
    ("factory", "links"),
    [
        (ModeratorFactory, ["Moderation"]),
        (StaffFactory, ["Moderation", "Administration"]),
    ],
)
def test_the_header_leads_moderators_to_the_queue_and_staff_to_the_admin(client, factory, links):
    client.force_login(factory())
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = {
        "Moderation": f'href="{reverse("annotations:moderation")}"' in html,
        "Administration": f'href="{reverse("admin:index")}"' in html,
    }
    assert [name for name, present in shown.items() if present] == links


def test_the_language_switch_is_labelled_for_screen_readers(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert '<span id="language-label" class="visually-hidden">Langue</span>' in html
    assert 'lang="en"' in html
    assert "English" in html


def test_home_cards_show_phase_dates_and_visible_contribution_count(client):
    campaign = CampaignFactory(title="Parc", summary="Un parc pour le quartier")
    layer = ContributionLayerFactory(campaign=campaign)
    AnnotationFactory.create_batch(2, layer=layer)
    AnnotationFactory(layer=layer, is_hidden=True)
    AnnotationFactory(layer=layer, status=Annotation.Status.SUBMITTED)

    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Open for contributions" in html
    assert "Un parc pour le quartier" in html
    assert "2 contributions" in html
    with translation.override("en"):
        dates = f"From {date_format(campaign.start_date)} to {date_format(campaign.end_date)}"
    assert dates in html


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_an_unknown_address_gives_the_sites_404_page_in_the_visitors_language(
    client, language, heading
):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html


def test_the_403_page_invites_visitors_to_log_in(rf_request):
    with translation.override("en"):
        response = permission_denied(rf_request, exception=None)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Access refused" in html
    assert f'href="{reverse("login")}?next=/somewhere/"' in html


def test_the_500_page_renders_without_a_request_context():
    with translation.override("fr"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Une erreur s\u2019est produite de notre côté" in html

"""The site's frame: the city's name, logo and colour; the footer's pages, which staff edit."""

import re
from html import unescape

import pytest
from django.urls import reverse

from sitepages.defaults import PAGES
from sitepages.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_texts():
    """The pages' first texts, as the migration writes them: a test that flushed the
    database (a live server's) may have run before in this process."""
    for (slug, language), (title, body) in PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug, language=language, defaults={"title": title, "body": body}
        )


def footer_of(html):
    return re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)


def footer_links(client, language="fr"):
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer_of(html))


def test_the_footer_leads_to_the_legal_pages_the_data_and_the_api(client):
    assert footer_links(client) == [
        ("/pages/legal-notice/", "Mentions légales"),
        ("/pages/accessibility/", "Accessibilité"),
        ("/pages/contact/", "Contact"),
        ("/privacy/", "Confidentialité"),
        ("/ogc/", "Données ouvertes (OGC API)"),
        ("/api/docs/", "API"),
    ]


@pytest.mark.parametrize(
    ("slug", "language", "heading", "excerpt"),
    [
        ("legal-notice", "fr", "Mentions légales", "Licence Ouverte"),
        ("accessibility", "fr", "Déclaration d'accessibilité", "partiellement conforme"),
        ("accessibility", "en", "Accessibility statement", "partially conformant"),
        ("contact", "en", "Contact", "department running the campaign"),
    ],
)
def test_each_footer_page_opens_in_the_visitors_language(client, slug, language, heading, excerpt):
    response = client.get(reverse("sitepages:page", args=[slug]), HTTP_ACCEPT_LANGUAGE=language)

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert excerpt in html


def test_the_accessibility_statement_says_what_is_and_is_not_conformant(client):
    html = client.get(reverse("sitepages:page", args=["accessibility"])).content.decode()

    for section in ("État de conformité", "Contenus non accessibles", "Voies de recours"):
        assert f"<h2>{section}</h2>" in html
    assert "Alternative\N{NARROW NO-BREAK SPACE}: chaque carte" in html


def test_a_deleted_page_shows_its_first_text_again(client):
    SitePage.objects.filter(slug="contact").delete()

    english = client.get(reverse("sitepages:page", args=["contact"]), HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(reverse("sitepages:page", args=["contact"]), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Write to the department running the campaign" in english.content.decode()
    assert "Écrivez au service qui mène la campagne" in french.content.decode()


def test_an_unknown_page_is_not_found(client):
    assert client.get("/pages/nothing-here/").status_code == 404


def test_staff_edit_a_page_in_the_admin_and_markup_that_runs_is_dropped(client, staff):
    page = SitePage.objects.get(slug="contact", language="fr")
    client.force_login(staff)

    response = client.post(
        reverse("admin:sitepages_sitepage_change", args=[page.pk]),
        {
            "slug": "contact",
            "language": "fr",
            "title": "Nous écrire",
            "body": "<p>Mairie, 88 rue du 8 mai 1945</p><script>alert(1)</script>"
            '<a href="javascript:alert(2)" onclick="x()">lien</a>',
        },
    )
    assert response.status_code == 302

    html = client.get(reverse("sitepages:page", args=["contact"])).content.decode()
    assert "<h1>Nous écrire</h1>" in html
    assert "<p>Mairie, 88 rue du 8 mai 1945</p>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html and "onclick" not in html


def test_a_second_page_of_the_same_kind_and_language_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:sitepages_sitepage_add"),
        {"slug": "contact", "language": "fr", "title": "Doublon", "body": "<p>x</p>"},
    )

    assert response.status_code == 200
    assert "Cette page existe déjà dans cette langue." in response.content.decode()
    assert SitePage.objects.filter(slug="contact", language="fr").count() == 1


def test_the_city_names_the_site_and_the_admin_and_sets_its_colour_and_logo(
    client, settings, staff
):
    settings.SITE_NAME = "Ville de Nanterre"
    settings.SITE_PRIMARY_COLOR = "#00558c"
    settings.SITE_LOGO_URL = "https://www.ville.example/logo.svg"

    html = client.get(reverse("portal:home")).content.decode()

    assert "<title>Campagnes · Ville de Nanterre</title>" in html
    assert "--accent: #00558c;" in html
    assert '<img class="logo" src="https://www.ville.example/logo.svg" alt=""' in html
    assert "Ville de Nanterre</a>" in html
    client.force_login(staff)
    admin_html = client.get(reverse("admin:index")).content.decode()
    assert "Ville de Nanterre" in admin_html
    assert "Django" not in re.search(r"<title>(.*?)</title>", admin_html).group(1)


def test_without_a_logo_setting_the_site_shows_its_own_mark(client, settings):
    settings.SITE_LOGO_URL = ""

    html = client.get(reverse("portal:home")).content.decode()

    assert '<img class="logo" src="/static/img/logo.svg" alt=""' in html

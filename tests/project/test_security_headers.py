"""Every answer carries a Content-Security-Policy with a fresh nonce and a Permissions-Policy."""

import re

import pytest
from django.urls import reverse

from tests.support import factories

pytestmark = pytest.mark.django_db


def policy(response):
    return dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )


@pytest.fixture
def pages(db):
    annotation = factories.AnnotationFactory()
    campaign = annotation.layer.campaign
    event = factories.EventFactory(campaign=campaign)
    return {
        "home": reverse("portal:home"),
        "campaign": campaign.get_absolute_url(),
        "contribution": annotation.get_absolute_url(),
        "agenda": reverse("agenda:list"),
        "event": event.get_absolute_url(),
        "timeline": reverse("timeline:campaign", args=[campaign.slug]),
        "dashboard": reverse("portal:dashboard", args=[campaign.slug]),
        "admin contribution": reverse("admin:annotations_annotation_change", args=[annotation.pk]),
        "api docs": reverse("api-docs"),
        "api": "/api/annotations/",
    }


def test_every_page_has_a_script_policy_with_a_nonce_and_no_inline_scripts(client, staff, pages):
    client.force_login(staff)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        directives = policy(response)
        scripts = directives["script-src"].split()
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, name
        # django-csp names a nonce when the page used one.
        nonces = [s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")]
        nonce = nonces[0] if nonces else None
        assert nonce is None or len(nonce) >= 16, name
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert response["Permissions-Policy"].startswith("camera=()"), name
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            # Every script the page runs is a file, or inline with this request's nonce.
            for tag in re.findall(r"<script\b[^>]*>", html):
                if "src=" in tag or re.search(r"type=\"application/(ld\+)?json\"", tag):
                    continue
                assert nonce and f'nonce="{nonce}"' in tag, (name, tag)
            assert 'nonce="None"' not in html, name


def test_the_nonce_changes_with_every_request(client, pages):
    first = policy(client.get(pages["home"]))["script-src"]
    second = policy(client.get(pages["home"]))["script-src"]
    assert first != second


def test_the_api_docs_start_swagger_ui_from_a_script_file(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert re.findall(r"<script>", html) == []
    script = re.search(r'<script src="([^"]*\?script[^"]*)"', html).group(1)
    response = client.get(script.replace("&amp;", "&"))
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()

"""The OpenAPI schema validates, covers every route, and its browsable docs load offline."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from annotations.models import Annotation
from geoconsult.api import router
from tests.support import factories
from tests.support.api import api, errors_text, feature

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema_text(django_db_blocker):
    with django_db_blocker.unblock():
        output = io.StringIO()
        # --validate checks it against the OpenAPI 3 specification.
        call_command("spectacular", "--validate", "--fail-on-warn", "--lang=en", stdout=output)
    return output.getvalue()


def openapi_path(pattern):
    """`^annotations/(?P<pk>[^/.]+)/vote/$` as OpenAPI writes it: `/api/annotations/{id}/vote/`."""
    path = pattern.removeprefix("^").removesuffix("$")
    path = re.sub(r"\(\?P<(\w+)>[^)]+\)", lambda m: "{%s}" % ("id" if m[1] == "pk" else m[1]), path)
    return "/api/" + path


def test_every_route_of_the_router_is_in_the_schema(schema_text):
    patterns = [str(url.pattern) for url in router.urls if url.name != "api-root"]
    routes = {openapi_path(p) for p in patterns if "(?P<format>" not in p}
    assert "/api/annotations/{id}/vote/" in routes
    documented = set(re.findall(r"^  (/api/\S+):$", schema_text, re.MULTILINE))
    assert routes - documented == set()
    assert {"/api/annotations/map/", "/api/auth/token/"} <= documented


def test_the_schema_documents_errors_filters_and_ordering(schema_text):
    detail = schema_text[schema_text.index("  /api/annotations/{id}/:") :]
    assert "'412':" in detail[: detail.index("  /api/annotations/{id}/comments/:")]
    listing = schema_text[: schema_text.index("  /api/annotations/{id}/:")]
    for parameter in ("bbox", "campaign", "layer", "category", "status", "ordering", "page_size"):
        assert f"name: {parameter}" in listing
    assert "most_supported" in listing


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/vendor/swagger-ui/{asset}" in html
        assert finders.find(f"vendor/swagger-ui/{asset}"), asset
    schema = client.get("/api/schema/", {"format": "json"}, headers={"accept-language": "en"})
    assert schema.json()["info"]["title"] == "geoconsult API"


def test_a_resident_gets_a_token_and_contributes_with_it():
    resident = factories.UserFactory()
    layer = factories.ContributionLayerFactory()
    token = api().post(
        "/api/auth/token/", {"username": resident.username, "password": factories.PASSWORD}
    )
    assert token.status_code == 200

    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = client.post("/api/annotations/", feature(layer))

    assert response.status_code == 201
    assert Annotation.objects.get().author == resident


def test_a_wrong_password_gets_no_token():
    resident = factories.UserFactory()
    response = api().post("/api/auth/token/", {"username": resident.username, "password": "no"})
    assert response.status_code == 400
    assert "Unable to log in with provided credentials." in errors_text(response)
    assert not Token.objects.exists()

"""The API's description speaks the visitor's language, like the rest of the site."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("fr", "API de geoconsult", "Campagnes, couches, contributions, commentaires et votes"),
        ("en", "geoconsult API", "Campaigns, layers, contributions, comments and votes"),
    ],
)
def test_the_schema_the_docs_show_is_in_the_visitors_language(client, language, title, description):
    response = client.get(
        reverse("api-schema"), headers={"accept": "application/json", "accept-language": language}
    )

    info = response.json()["info"]
    assert info["title"] == title
    assert info["description"].startswith(description)


def test_the_docs_page_asks_for_the_schema_in_the_same_language(client):
    response = client.get(reverse("api-docs"), headers={"accept-language": "fr"})

    assert response.status_code == 200
    assert "<title>API de geoconsult</title>" in response.content.decode()

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


def schema_in(client, language):
    response = client.get(
        reverse("api-schema"), headers={"accept": "application/json", "accept-language": language}
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("language", "annotations", "vote", "registration"),
    [
        (
            "fr",
            "Les contributions des habitants, en Features GeoJSON.",
            "Voter pour (1) ou contre (-1)\u202f; voter à nouveau remplace votre vote",
            "POST réserve une place à l\u2019événement",
        ),
        (
            "en",
            "Residents' contributions as GeoJSON Features.",
            "Vote for (1) or against (-1); voting again replaces your vote",
            "POST takes a place at the event",
        ),
    ],
)
def test_the_operations_are_described_in_the_visitors_language(
    client, language, annotations, vote, registration
):
    paths = schema_in(client, language)["paths"]

    assert paths["/api/annotations/"]["get"]["description"].startswith(annotations)
    assert paths["/api/annotations/{id}/vote/"]["put"]["description"].startswith(vote)
    assert paths["/api/annotations/{id}/vote/"]["delete"]["description"].startswith(vote)
    assert paths["/api/events/{id}/registration/"]["post"]["description"].startswith(registration)


def prose(english, french, where=""):
    """(where, English, French) for every description, summary and title of the schema."""
    if isinstance(english, dict):
        for key, value in english.items():
            if key in {"description", "summary", "title"} and isinstance(value, str):
                yield f"{where}/{key}", value, french.get(key)
            elif key in french:
                yield from prose(value, french[key], f"{where}/{key}")
    elif isinstance(english, list):
        for index, (item, its_french) in enumerate(zip(english, french, strict=True)):
            yield from prose(item, its_french, f"{where}/{index}")


# The same words in both languages, or not words at all: the field `for_` (“For ”) and the
# export states, which are the values themselves.
SAME_IN_FRENCH = {
    "",
    "Contribution",
    "Participants",
    "Latitude (WGS84)",
    "Longitude (WGS84)",
    "For ",
    "* `queued` - queued\n* `running` - running\n* `done` - done\n* `failed` - failed",
}


def test_every_operation_has_its_own_french_description(client):
    english, french = schema_in(client, "en"), schema_in(client, "fr")

    for path, operations in english["paths"].items():
        for method, operation in operations.items():
            texts = {key: operation[key] for key in ("summary", "description") if key in operation}
            assert texts, (path, method)
            for key, text in texts.items():
                assert french["paths"][path][method][key] != text, (path, method, key)


def test_no_english_prose_is_left_in_the_french_schema(client):
    english, french = schema_in(client, "en"), schema_in(client, "fr")

    untranslated = [
        (where, text)
        for where, text, its_french in prose(english, french)
        if its_french == text and text not in SAME_IN_FRENCH
    ]
    assert untranslated == []

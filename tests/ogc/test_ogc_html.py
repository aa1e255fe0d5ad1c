"""The OGC API read as web pages: a browser (or `f=html`) gets HTML, in French or English,
accents as they are; software keeps its JSON."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.support import factories

pytestmark = pytest.mark.django_db
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def parc():
    plan = factories.ReferenceLayerFactory(
        name="Plan de rénovation", campaign__slug="parc", campaign__title="Quartier du Parc"
    )
    factories.FeatureFactory(layer=plan, label="Allée des Tilleuls", properties={"état": "prévu"})
    return plan


def text_of(response):
    return unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_browser_gets_the_landing_page_as_html_in_its_language(client):
    french = client.get(reverse("ogc:landing"), headers={"accept": BROWSER})
    english = client.get(
        reverse("ogc:landing"), headers={"accept": BROWSER, "accept-language": "en"}
    )

    assert french["Content-Type"] == "text/html; charset=utf-8"
    assert "geoconsult\N{NARROW NO-BREAK SPACE}: couches et contributions des campagnes" in (
        text_of(french)
    )
    assert "Dans QGIS" in text_of(french)
    assert "geoconsult: campaign layers and contributions" in text_of(english)
    assert 'href="/ogc/collections?f=html"' in english.content.decode()


def test_collections_and_their_features_read_as_pages(client, parc):
    collection = f"layer-{parc.pk}"

    listing = client.get(reverse("ogc:collections"), {"f": "html"})
    one = client.get(reverse("ogc:collection", args=[collection]), {"f": "html"})
    items = client.get(reverse("ogc:items", args=[collection]), {"f": "html"})
    feature_id = parc.features.get().pk
    item = client.get(reverse("ogc:item", args=[collection, feature_id]), {"f": "html"})

    assert "Quartier du Parc · Plan de rénovation" in text_of(listing)
    assert f'href="/ogc/collections/{collection}/items?f=html"' in listing.content.decode()
    assert "Système de coordonnées" in text_of(one)
    assert "1 affiché sur 1 objet." in text_of(items)
    assert '<th scope="col">état</th>' in items.content.decode()
    assert "Allée des Tilleuls" in text_of(items)
    assert "<h1>Allée des Tilleuls</h1>" in item.content.decode()
    assert "prévu" in text_of(item)


def test_json_keeps_accents_as_they_are(client, parc):
    response = client.get(reverse("ogc:collections"))

    raw = response.content.decode()
    assert "Plan de rénovation" in raw
    assert "\\u00e9" not in raw
    assert json.loads(raw)["collections"][0]["title"] == "Quartier du Parc · Plan de rénovation"


def test_an_unknown_collection_is_a_page_for_a_browser(client):
    response = client.get(reverse("ogc:collection", args=["layer-999999"]), {"f": "html"})

    assert response.status_code == 404
    assert "La collection «\N{NO-BREAK SPACE}layer-999999\N{NO-BREAK SPACE}» n'existe pas." in (
        text_of(response)
    )


def test_the_api_definition_stays_json_even_for_a_browser(client):
    response = client.get(reverse("ogc:api"), headers={"accept": BROWSER})

    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"

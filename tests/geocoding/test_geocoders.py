"""The address search: the built-in geocoder on PostGIS (pg_trgm + unaccent), an outside
service speaking the BAN's API (a real HTTP server started here), and the API both answer
through, in the BAN's format."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from geocoding.geocoders import AddokGeocoder, BuiltInGeocoder, GeocoderUnavailable
from tests.support.addresses import searchable_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses():
    return [
        searchable_address("12", "Allée des Tilleuls", 2.2085, 48.8940),
        searchable_address("14", "Allée des Tilleuls", 2.2087, 48.8941),
        searchable_address("3", "Place de l'Église", 2.2012, 48.8926),
    ]


def labels(answer):
    return [feature["properties"]["label"] for feature in answer["features"]]


def test_the_built_in_geocoder_finds_an_address_without_accents_best_match_first(addresses):
    answer = BuiltInGeocoder().search("12 allee des tilleuls")
    assert labels(answer)[0] == "12 Allée des Tilleuls 92000 Nanterre"
    first = answer["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [2.2085, 48.894]}
    assert first["properties"]["type"] == "housenumber"
    assert first["properties"]["score"] > answer["features"][1]["properties"]["score"]
    assert labels(BuiltInGeocoder().search("PLACE DE L'EGLISE")) == [
        "3 Place de l'Église 92000 Nanterre"
    ]


def test_the_built_in_geocoder_answers_nothing_to_too_little_or_to_nonsense(addresses):
    assert labels(BuiltInGeocoder().search("12")) == []
    assert labels(BuiltInGeocoder().search("zzzz qqqq")) == []


class BanLikeService(BaseHTTPRequestHandler):
    """Answers /search/ as api-adresse.data.gouv.fr does; what it answers is set by the test."""

    answer = None
    asked = []

    def do_GET(self):
        url = urlparse(self.path)
        BanLikeService.asked.append((url.path, parse_qs(url.query)))
        body = (
            BanLikeService.answer
            if isinstance(BanLikeService.answer, bytes)
            else json.dumps(BanLikeService.answer).encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ban_service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BanLikeService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    BanLikeService.asked = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


BAN_ANSWER = {
    "type": "FeatureCollection",
    "version": "draft",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.2085, 48.894]},
            "properties": {
                "label": "12 Allée des Tilleuls 92000 Nanterre",
                "score": 0.97,
                "housenumber": "12",
                "id": "92050_1234_00012",
                "type": "housenumber",
                "postcode": "92000",
                "city": "Nanterre",
                "context": "92, Hauts-de-Seine, Île-de-France",
                "x": 643000.1,
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": ["nan", 48]},
            "properties": {"label": "broken"},
        },
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.2, 48.9]}},
    ],
    "query": "12 allée des tilleuls",
}


def test_an_outside_ban_service_is_asked_and_its_answer_kept_as_far_as_it_is_sound(ban_service):
    BanLikeService.answer = BAN_ANSWER
    answer = AddokGeocoder(ban_service, timeout=2).search("12 allée des tilleuls", limit=3)
    assert BanLikeService.asked == [("/search/", {"q": ["12 allée des tilleuls"], "limit": ["3"]})]
    assert labels(answer) == ["12 Allée des Tilleuls 92000 Nanterre"]
    properties = answer["features"][0]["properties"]
    assert properties["score"] == 0.97
    assert "context" not in properties and "x" not in properties


def test_an_outside_service_answering_garbage_or_nothing_is_unavailable(ban_service):
    BanLikeService.answer = b"<html>maintenance</html>"
    with pytest.raises(GeocoderUnavailable):
        AddokGeocoder(ban_service, timeout=2).search("12 allée des tilleuls")
    with pytest.raises(GeocoderUnavailable):
        AddokGeocoder("http://127.0.0.1:9", timeout=1).search("12 allée des tilleuls")


def test_the_api_answers_with_the_built_in_geocoder_by_default(client, addresses, settings):
    settings.GEOCODER_URL = ""
    response = client.get(reverse("address-search"), {"q": "12 allée des tilleuls", "limit": 1})
    assert response.status_code == 200
    assert labels(response.json()) == ["12 Allée des Tilleuls 92000 Nanterre"]


def test_the_api_answers_with_the_service_geocoder_url_names(client, ban_service, settings):
    settings.GEOCODER_URL = ban_service
    BanLikeService.answer = BAN_ANSWER
    response = client.get(reverse("address-search"), {"q": "12 allée des tilleuls"})
    assert labels(response.json()) == ["12 Allée des Tilleuls 92000 Nanterre"]
    BanLikeService.answer = b"not json"
    response = client.get(reverse("address-search"), {"q": "12 allée des tilleuls"})
    assert response.status_code == 503
    assert response.json()["detail"] == (
        "La recherche d\u2019adresse est indisponible\u202f; réessayez plus tard."
    )


def test_the_api_refuses_a_query_too_long_or_a_limit_too_high(client, in_english):
    response = client.get(reverse("address-search"), {"q": "x" * 201, "limit": 50})
    assert response.status_code == 400
    assert set(response.json()) == {"q", "limit"}

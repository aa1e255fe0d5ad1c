"""One address search, answering in the format of the national address service (BAN),
which a self-hosted addok speaks too: a GeoJSON FeatureCollection of points whose
properties are `label`, `score`, `type`, `housenumber`, `street`, `postcode`, `city`.

`GEOCODER_URL` chooses the service (https://api-adresse.data.gouv.fr, an addok); without
it the built-in geocoder searches the addresses `load_addresses` put in PostGIS."""

import json
import math
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import F, Value
from django.db.models.functions import Lower

from .models import Address

MAX_RESULTS = 10
MAX_QUERY_LENGTH = 200
# Fewer characters than this say too little to search (the BAN asks for 3 too).
MIN_QUERY_LENGTH = 3
TEXT_PROPERTIES = (
    *("id", "label", "type", "housenumber", "name", "street", "postcode", "citycode", "city"),
)


class GeocoderUnavailable(Exception):
    """The outside address service did not answer, or answered something else."""


def feature_collection(query, features):
    return {"type": "FeatureCollection", "version": "draft", "query": query, "features": features}


def point_feature(lon, lat, properties):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


class BuiltInGeocoder:
    """Addresses in PostGIS, found by trigram word similarity (pg_trgm) on their label
    without accents (unaccent), the closest match first."""

    def search(self, query, limit=5):
        if len(query) < MIN_QUERY_LENGTH:
            return feature_collection(query, [])
        addresses = (
            Address.objects.alias(wanted=Lower(Unaccent(Value(query))))
            .filter(search_text__trigram_word_similar=F("wanted"))
            .annotate(score=TrigramWordSimilarity(F("wanted"), "search_text"))
            .order_by("-score", "label")[:limit]
        )
        return feature_collection(
            query,
            [
                point_feature(
                    address.point.x,
                    address.point.y,
                    {
                        "id": address.ban_id,
                        "label": address.label,
                        "score": round(address.score, 4),
                        "type": "housenumber" if address.housenumber else "street",
                        "housenumber": address.housenumber,
                        "name": f"{address.housenumber} {address.street}".strip(),
                        "street": address.street,
                        "postcode": address.postcode,
                        "citycode": address.citycode,
                        "city": address.city,
                    },
                )
                for address in addresses
            ],
        )


class AddokGeocoder:
    """An outside service speaking the BAN's API (`/search/?q=…&limit=…`). What it answers
    is kept only as far as it is a point with the known text properties."""

    def __init__(self, base_url, timeout):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def search(self, query, limit=5):
        if len(query) < MIN_QUERY_LENGTH:
            return feature_collection(query, [])
        url = f"{self.base_url}/search/?{urllib.parse.urlencode({'q': query, 'limit': limit})}"
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read(1_000_000))
        except (OSError, ValueError) as error:  # URLError, timeouts, bad JSON
            raise GeocoderUnavailable(str(error)) from error
        if not isinstance(answer, dict) or not isinstance(answer.get("features"), list):
            raise GeocoderUnavailable("The address service answered no FeatureCollection.")
        features = [clean for f in answer["features"] if (clean := self.clean(f)) is not None]
        return feature_collection(query, features[:limit])

    @staticmethod
    def clean(feature):
        try:
            lon, lat = (float(c) for c in feature["geometry"]["coordinates"][:2])
            properties = feature["properties"]
            label = str(properties["label"])
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
            return None
        kept = {
            name: str(properties[name])[:400]
            for name in TEXT_PROPERTIES
            if isinstance(properties.get(name), str | int)
        }
        kept["label"] = label[:400]
        score = properties.get("score")
        kept["score"] = float(score) if isinstance(score, int | float) else 0.0
        return point_feature(lon, lat, kept)


def configured_geocoder():
    if settings.GEOCODER_URL:
        return AddokGeocoder(settings.GEOCODER_URL, timeout=settings.GEOCODER_TIMEOUT)
    return BuiltInGeocoder()

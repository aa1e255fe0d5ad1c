"""What the API tests share: clients in each role, and contributions as GeoJSON to send."""

import base64
import json

from rest_framework.test import APIClient

from tests.support import factories

# Cursors no list gave, for DRF's cursor pages (`p=` is the position, `r=` the direction)
# and for not base64 at all.
FORGED_CURSORS = [
    *(
        base64.b64encode(text.encode()).decode()
        for text in ("p=garbage", "p=2026-01-01\x00", "r=1&p=not-a-date")
    ),
    "garbage",
]
INVALID_CURSOR = "This cursor is not one this list gave; start from the first page."

# Where each role's user comes from; "author" is the author of the object under test.
ROLES = ("anonymous", "author", "resident", "moderator", "staff")


def user_in_role(role, author=None):
    # A raw, unusable password: tests authenticate directly, and hashing costs time.
    return {
        "anonymous": lambda: None,
        "author": lambda: author,
        "resident": lambda: factories.UserFactory(password="!"),
        "moderator": lambda: factories.ModeratorFactory(password="!"),
        "staff": lambda: factories.StaffFactory(password="!"),
    }[role]()


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.default_format = "json"
    if user is not None:
        client.force_authenticate(user)
    return client


def geojson(geometry):
    return json.loads(geometry.geojson)


def feature(layer, geometry=factories.INSIDE, **properties):
    """A new contribution as a GeoJSON Feature, the way a map client sends one."""
    return {
        "type": "Feature",
        "geometry": geometry if isinstance(geometry, dict) else geojson(geometry),
        "properties": {
            "layer": layer.pk,
            "category": "issue",
            "title": "Broken pavement",
            "body": "Near the bus stop.",
            **properties,
        },
    }


def errors_text(response):
    """Every message of an error response, as one string to search in."""
    return json.dumps(response.json(), ensure_ascii=False)

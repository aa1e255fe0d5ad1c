import json
import os
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry

from . import factories

pytest_plugins = ["tests.browser"]

# Playwright's sync API runs an event loop in the test thread; Django refuses
# database calls from such a thread unless told the loop is not ours to share.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hauts-de-Seine's communes, from the work's shared data: Nanterre's neighbours
# give geometry that is outside the demo perimeter but still real.
COMMUNES_GEOJSON = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / ("communes-92-hauts-de-seine.geojson")
)


def commune(name):
    for feature in json.loads(COMMUNES_GEOJSON.read_text())["features"]:
        if feature["properties"]["nom"] == name:
            return GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
    raise LookupError(name)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash a password per user; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _source_static_files(settings):
    # Pages in tests are served from the source folders: no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def resident(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()

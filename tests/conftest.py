"""Fixtures every group of tests shares; the helpers tests import are in tests/support."""

import pytest
from django.utils import translation

from tests.support import factories


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
    # Each test's client builds the middleware anew, and WhiteNoise would then walk all of
    # STATIC_ROOT every time (a third of the suite's time); it looks a file up when asked.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """Tests write far more, and from one address, than any person would: the throttles and
    the log-in lockout get limits no test reaches. Tests of the limits set their own."""
    settings.THROTTLE_RATES = {
        action: {"account": "100000/h", "address": "100000/h"} for action in settings.THROTTLE_RATES
    }
    settings.AXES_FAILURE_LIMIT = 100000


@pytest.fixture
def in_english():
    """Messages in English, the source strings, for code that runs outside a request."""
    with translation.override("en"):
        yield


@pytest.fixture
def resident(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def moderator(db):
    """A moderator with a name to find in the pages they act on."""
    return factories.ModeratorFactory(display_name="Mod Erin")


@pytest.fixture
def campaign(db):
    """An open, published campaign over Nanterre."""
    return factories.CampaignFactory()


@pytest.fixture
def layer(campaign):
    """The campaign's contribution layer, taking every shape and category."""
    return factories.ContributionLayerFactory(campaign=campaign, name="Propositions")

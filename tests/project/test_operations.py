"""What an operator relies on: request ids in responses and JSON logs, 503 while the database
is away."""

import io
import json
import logging

import pytest
from django.db import connection
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from tests.support import factories


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_every_log_line_too(client):
    log = io.StringIO()
    # A copy of the console's handler (settings.LOGGING) that writes where the test reads.
    console = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    handler = logging.StreamHandler(log)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logging.getLogger().addHandler(handler)
    try:
        made = client.get("/healthz")
        missing = client.get("/no-such-page", headers={"X-Request-ID": "front-7f3a"})
    finally:
        logging.getLogger().removeHandler(handler)
    assert len(made["X-Request-ID"]) == 32
    assert missing.status_code == 404
    assert missing["X-Request-ID"] == "front-7f3a"
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    [not_found] = [line for line in lines if line.get("message") == "Not Found: /no-such-page"]
    assert not_found["request_id"] == "front-7f3a"
    assert not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request"

    # A header that could forge log lines is replaced, not echoed.
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" "level": "INFO'})
    assert forged["X-Request-ID"] != 'x" "level": "INFO'
    assert len(forged["X-Request-ID"]) == 32


@pytest.fixture
def database_away():
    """The database refuses connections (a closed port) until the test ends."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "5449"
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_away_pages_and_api_answer_503_with_a_retry_hint(database_away):
    client = Client(raise_request_exception=False)

    page = client.get("/", headers={"accept-language": "en"})
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Briefly unavailable" in page.content.decode()

    api = client.get("/api/campaigns/", headers={"accept-language": "en"})
    assert api.status_code == 503
    assert api["Retry-After"] == "5"
    assert api.json() == {
        "detail": "The service is briefly unavailable. Please try again in a few seconds."
    }

    ready = client.get("/readyz")
    assert ready.status_code == 503


@pytest.mark.django_db
def test_other_errors_stay_a_500_page(settings):
    factories.CampaignFactory()
    settings.ROOT_URLCONF = "tests.project.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/boom", headers={"accept-language": "en"})

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()

"""An error in the middle of a streamed response is logged with the request it answered."""

import logging

import pytest

from tests.support.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.project.streaming_urls")]


def test_an_error_after_the_first_chunk_is_logged_with_method_path_and_user(client, caplog):
    client.force_login(UserFactory(username="camille"))
    response = client.get("/broken-stream/?bbox=1,2,3,4")
    chunks = iter(response.streaming_content)
    assert next(chunks) == b'{"type": "FeatureCollection", "features": ['

    with caplog.at_level(logging.ERROR, logger="geoconsult.streaming"), pytest.raises(RuntimeError):
        next(chunks)

    [record] = [r for r in caplog.records if r.name == "geoconsult.streaming"]
    assert record.getMessage() == (
        "Error while streaming the response to GET /broken-stream/?bbox=1,2,3,4 (user: camille)"
    )
    assert "the database connection was lost" in caplog.text

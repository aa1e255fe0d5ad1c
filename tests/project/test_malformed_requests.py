"""The malformed requests schemathesis once turned into server errors answer 4xx, write nothing."""

import pytest

from agenda.models import MeetingOutcome, Registration
from annotations.models import Annotation
from tests.support import factories
from tests.support.api import api

pytestmark = pytest.mark.django_db

NOT_AN_ID = ["abc", "0.5", "null,null", "-1", "99999999999999999999"]


@pytest.mark.parametrize("pk", NOT_AN_ID)
@pytest.mark.parametrize("path", ["/api/layers/{}/features/", "/api/layers/{}/features/map/"])
def test_a_layer_address_without_a_numeric_id_is_not_found(path, pk):
    factories.ReferenceLayerFactory()
    assert api().get(path.format(pk)).status_code == 404


@pytest.mark.parametrize("pk", NOT_AN_ID)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/events/{}/registration/"),
        ("delete", "/api/events/{}/registration/"),
        ("post", "/api/events/{}/outcome/"),
        ("put", "/api/annotations/{}/vote/"),
        ("post", "/api/comments/{}/hide/"),
    ],
)
def test_an_event_or_contribution_address_without_a_numeric_id_is_not_found(method, path, pk):
    factories.EventFactory()
    staff = factories.StaffFactory(is_moderator=True)

    response = getattr(api(staff), method)(path.format(pk), {"attendees_count": 3, "value": 1})

    assert response.status_code == 404
    assert not Registration.objects.exists() and not MeetingOutcome.objects.exists()


@pytest.mark.parametrize("body", ["false", "3", '"text"', "[]", "null"])
def test_a_json_body_that_is_not_an_object_is_refused(resident, body):
    response = api(resident).generic(
        "POST", "/api/annotations/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body must be a JSON object."}
    assert not Annotation.objects.exists()


def test_options_on_a_contribution_with_if_match_and_a_junk_body_describes_it(resident):
    annotation = factories.AnnotationFactory(author=resident)

    response = api(resident).generic(
        "OPTIONS",
        f"/api/annotations/{annotation.pk}/",
        '{"geometry": {"": [[]]}, "type": "Feature"',
        content_type="application/json",
        headers={"If-Match": ""},
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Annotation Instance"

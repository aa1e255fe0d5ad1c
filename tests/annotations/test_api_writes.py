"""Writing contributions: who may do what, bad input refused with its reason, stale edits."""

import json
from datetime import timedelta

import pytest
from django.contrib.gis.geos import LineString
from django.forms.models import model_to_dict
from django.utils import timezone

from annotations.models import Annotation, Comment, Vote
from tests.support import factories
from tests.support.api import (
    ROLES,
    api,
    errors_text,
    feature,
    geojson,
    user_in_role,
)
from tests.support.communes import commune

pytestmark = pytest.mark.django_db

LIST = "/api/annotations/"


def snapshot():
    """Everything a write could change, to check a refused one changed nothing."""
    return (
        [model_to_dict(a) for a in Annotation.objects.order_by("pk")],
        list(Comment.objects.values().order_by("pk")),
        list(Vote.objects.values().order_by("pk")),
    )


# action: (method, path under the contribution, body, expected status per role in ROLES order)
WRITES = {
    "edit": ("patch", "", {"properties": {"title": "Edited"}}, (401, 200, 403, 403, 403)),
    "withdraw": ("delete", "", None, (401, 204, 403, 403, 403)),
    "hide": ("post", "hide/", {"reason": "Insults"}, (401, 403, 403, 200, 200)),
    # Restoring needs something hidden, which only its author and moderators see.
    "restore": ("post", "restore/", None, (401, 403, 404, 200, 200)),
    "respond": (
        "post",
        "respond/",
        {"status": "accepted", "response_text": "We will do it."},
        (401, 403, 403, 403, 200),
    ),
    "vote": ("put", "vote/", {"value": 1}, (401, 200, 200, 200, 200)),
    "unvote": ("delete", "vote/", None, (401, 200, 200, 200, 200)),
    "comment": ("post", "comments/", {"body": "Agreed."}, (401, 201, 201, 201, 201)),
}
# How the contribution is before the action, where it matters.
STARTS_AS = {"restore": {"is_hidden": True, "hidden_reason": "Spam"}}
MATRIX = [
    pytest.param(action, role, expected, id=f"{action}-{role}")
    for action, (*_, statuses) in WRITES.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("action", "role", "expected"), MATRIX)
def test_permission_matrix_on_an_open_layer(action, role, expected):
    method, path, body, _ = WRITES[action]
    annotation = factories.AnnotationFactory(**STARTS_AS.get(action, {}))
    client = api(user_in_role(role, author=annotation.author))
    before = snapshot()

    response = getattr(client, method)(f"{LIST}{annotation.pk}/{path}", body)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert snapshot() == before
        assert response.json()["detail"] in (
            "Authentication credentials were not provided.",
            "You do not have permission to perform this action.",
            "No Annotation matches the given query.",
        )
    else:
        assert snapshot() != before or action == "unvote"


EFFECTS = {
    "edit": lambda a: a.title == "Edited",
    "withdraw": lambda a: a.status == "withdrawn",
    "hide": lambda a: a.is_hidden and a.hidden_reason == "Insults",
    "respond": lambda a: (
        (a.status, a.response_text) == ("accepted", "We will do it.") and a.responded_at is not None
    ),
    "vote": lambda a: a.votes.count() == 1,
    "comment": lambda a: a.comments.get().body == "Agreed.",
}


@pytest.mark.parametrize("action", EFFECTS)
def test_each_allowed_write_does_what_it_says(action):
    method, path, body, statuses = WRITES[action]
    annotation = factories.AnnotationFactory()
    allowed = next(r for r, s in zip(ROLES, statuses, strict=True) if s < 400)
    client = api(user_in_role(allowed, author=annotation.author))

    getattr(client, method)(f"{LIST}{annotation.pk}/{path}", body)

    assert EFFECTS[action](Annotation.objects.get(pk=annotation.pk))


def test_a_moderator_restores_a_hidden_contribution_for_everyone():
    annotation = factories.AnnotationFactory(is_hidden=True, hidden_reason="Spam")
    assert api().get(f"{LIST}{annotation.pk}/").status_code == 404

    response = api(factories.ModeratorFactory()).post(f"{LIST}{annotation.pk}/restore/")

    assert response.json()["properties"]["is_hidden"] is False
    assert api().get(f"{LIST}{annotation.pk}/").status_code == 200


def test_hiding_needs_a_reason():
    annotation = factories.AnnotationFactory()
    response = api(factories.ModeratorFactory()).post(f"{LIST}{annotation.pk}/hide/", {})
    assert response.status_code == 400
    assert response.json() == {"reason": ["This field is required."]}
    assert not Annotation.objects.get().is_hidden


def test_a_withdrawn_contribution_leaves_the_public_lists_but_stays_with_its_author():
    annotation = factories.AnnotationFactory(title="Changed my mind")
    author = api(annotation.author)

    assert author.delete(f"{LIST}{annotation.pk}/").status_code == 204

    assert api().get(LIST).json()["features"] == []
    [mine] = author.get(LIST, {"author": "me"}).json()["features"]
    assert mine["properties"]["status"] == "withdrawn"


# How a layer is closed: (layer attributes, campaign phase)
CLOSED = {
    "campaign in analysis": ({}, "analysis"),
    "layer closed": ({"closes_at": timezone.now() - timedelta(days=1)}, "open"),
    "layer not yet open": ({"opens_at": timezone.now() + timedelta(days=1)}, "open"),
}


@pytest.mark.parametrize("closed", CLOSED.values(), ids=CLOSED.keys())
def test_nobody_contributes_edits_or_votes_on_a_closed_layer(closed, staff):
    attributes, phase = closed
    layer = factories.ContributionLayerFactory(campaign__phase=phase, **attributes)
    annotation = factories.AnnotationFactory(layer=layer)
    author, resident = api(annotation.author), api(factories.UserFactory())
    before = snapshot()

    created = resident.post(LIST, feature(layer))
    edited = author.patch(f"{LIST}{annotation.pk}/", {"title": "Late"})
    voted = resident.put(f"{LIST}{annotation.pk}/vote/", {"value": 1})
    commented = resident.post(f"{LIST}{annotation.pk}/comments/", {"body": "Hi"})

    assert created.status_code == 403
    assert created.json() == {"detail": "This layer is not open for contributions."}
    assert [r.status_code for r in (edited, voted, commented)] == [403, 403, 403]
    assert snapshot() == before
    # Staff may still answer in the comments once the consultation closed.
    staff_reply = api(staff).post(f"{LIST}{annotation.pk}/comments/", {"body": "Thanks"})
    assert staff_reply.status_code == 201


def test_a_resident_creates_a_contribution_from_a_geojson_feature(resident):
    layer = factories.ContributionLayerFactory()
    response = api(resident).post(LIST, feature(layer, title="Broken pavement"))

    assert response.status_code == 201, response.content
    created = Annotation.objects.get()
    assert (created.title, created.author, created.status) == (
        "Broken pavement",
        resident,
        "published",
    )
    assert response.json()["id"] == created.pk
    assert response.json()["properties"]["votes_for"] == 0
    assert response["ETag"] == created.etag


def test_a_reference_layer_takes_no_contributions(resident):
    layer = factories.ReferenceLayerFactory()
    response = api(resident).post(LIST, feature(layer))
    assert response.status_code == 403
    assert not Annotation.objects.exists()


def test_anonymous_writes_are_told_how_to_authenticate():
    layer = factories.ContributionLayerFactory()
    response = api().post(LIST, feature(layer))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Annotation.objects.exists()


def polygon(*ring):
    return {"type": "Polygon", "coordinates": [list(ring)]}


# (what is sent, words of the message the user sees); the layer accepts every type and category.
BAD_INPUTS = {
    "geometry missing": (lambda f: f.pop("geometry"), "This field is required."),
    "geometry as WKT": (
        lambda f: f.update(geometry="POINT (2.2 48.9)"),
        "The geometry must be a GeoJSON geometry object",
    ),
    "geometry as a list": (
        lambda f: f.update(geometry=[2.2, 48.9]),
        "The geometry must be a GeoJSON geometry object",
    ),
    "geometry of unknown type": (
        lambda f: f.update(geometry={"type": "Circle", "coordinates": [2.2, 48.9]}),
        "“Circle” is not a GeoJSON geometry type; use one of Point, MultiPoint",
    ),
    "a Feature as geometry": (
        lambda f: f.update(geometry={"type": "Feature", "geometry": None}),
        "“Feature” is not a GeoJSON geometry type",
    ),
    "coordinates missing": (
        lambda f: f.update(geometry={"type": "Point"}),
        "The coordinates of this Point are not well-formed GeoJSON.",
    ),
    "one coordinate": (
        lambda f: f.update(geometry={"type": "Point", "coordinates": [2.2]}),
        "The coordinates of this Point are not well-formed GeoJSON.",
    ),
    "coordinates as text": (
        lambda f: f.update(geometry={"type": "Point", "coordinates": "2.2 48.9"}),
        "The coordinates of this Point are not well-formed GeoJSON.",
    ),
    "null coordinate": (
        lambda f: f.update(geometry={"type": "Point", "coordinates": [None, 48.9]}),
        "The coordinates of this Point are not well-formed GeoJSON.",
    ),
    "line of one point": (
        lambda f: f.update(geometry={"type": "LineString", "coordinates": [[2.2, 48.9]]}),
        "The coordinates of this LineString are not well-formed GeoJSON.",
    ),
    "ring of two points": (
        lambda f: f.update(geometry=polygon([2.2, 48.9], [2.21, 48.9])),
        "The coordinates of this Polygon are not well-formed GeoJSON.",
    ),
    "multipolygon too shallow": (
        lambda f: f.update(geometry={"type": "MultiPolygon", "coordinates": [[[2.2, 48.9]]]}),
        "The coordinates of this MultiPolygon are not well-formed GeoJSON.",
    ),
    "collection with a bad part": (
        lambda f: f.update(geometry={"type": "GeometryCollection", "geometries": [{"x": 1}]}),
        "“None” is not a GeoJSON geometry type",
    ),
    "collection of non-objects": (
        lambda f: f.update(geometry={"type": "GeometryCollection", "geometries": 5}),
        "The coordinates of this GeometryCollection are not well-formed GeoJSON.",
    ),
    "crs member": (
        lambda f: f["geometry"].update(crs={"type": "name", "properties": {"name": "EPSG:2154"}}),
        "a “crs” member is not accepted",
    ),
    "empty": (
        lambda f: f.update(geometry={"type": "Point", "coordinates": []}),
        "The geometry is empty.",
    ),
    "out of range": (
        lambda f: f.update(geometry={"type": "Point", "coordinates": [200, 48.9]}),
        "longitude must lie within -180..180",
    ),
    "self-intersecting": (
        lambda f: f.update(
            geometry=polygon(
                [2.205, 48.890], [2.212, 48.897], [2.212, 48.890], [2.205, 48.897], [2.205, 48.890]
            )
        ),
        "The geometry is invalid: Self-intersection",
    ),
    "too many vertices": (
        lambda f: f.update(
            geometry=geojson(LineString([(2.2 + i * 1e-6, 48.89) for i in range(5001)]))
        ),
        "The geometry has 5001 vertices; at most 5000 are allowed.",
    ),
    "outside the perimeter": (
        lambda f: f.update(geometry=geojson(commune("Rueil-Malmaison").point_on_surface)),
        "The geometry lies outside the campaign perimeter.",
    ),
    "properties not an object": (
        lambda f: f.update(properties=["title"]),
        "A Feature's properties must be a JSON object.",
    ),
    "title missing": (lambda f: f["properties"].pop("title"), "This field is required."),
    "title too long": (
        lambda f: f["properties"].update(title="x" * 201),
        "Ensure this field has no more than 200 characters.",
    ),
    "unknown category": (
        lambda f: f["properties"].update(category="rant"),
        '\\"rant\\" is not a valid choice.',
    ),
    "nobody speaks": (
        lambda f: f["properties"].update(participant_count=0),
        "Only a meeting's outcome, recorded by staff or the meeting's facilitator",
    ),
    "unknown layer": (
        lambda f: f["properties"].update(layer=999_999),
        'Invalid pk \\"999999\\" - object does not exist.',
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_with_its_reason_and_writes_nothing(case, resident):
    change, message = case
    layer = factories.ContributionLayerFactory()
    sent = feature(layer)
    change(sent)

    response = api(resident).post(LIST, sent)

    assert response.status_code == 400, response.content
    assert message in errors_text(response)
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [("NaN", "JSON parse error"), ("1e400", "not numbers (NaN or infinite)")],
    ids=["NaN", "infinite"],
)
def test_coordinates_that_are_not_finite_numbers_are_refused(number, message, resident):
    layer = factories.ContributionLayerFactory()
    text = json.dumps(feature(layer)).replace("2.2088", number)

    response = api(resident).post(LIST, text, content_type="application/json")

    assert response.status_code == 400
    assert message in errors_text(response)
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"type": "Feature", "geometry": ', "JSON parse error"),
        ('["not", "a", "feature"]', "The request body must be a JSON object."),
        ("", "This field is required."),
        ("[" * 100_000 + "]" * 100_000, "JSON parse error - the document is nested too deeply."),
    ],
    ids=["malformed JSON", "a list", "empty body", "nested too deeply"],
)
def test_a_body_that_is_not_a_feature_is_refused(body, message, resident):
    response = api(resident).post(LIST, body, content_type="application/json")
    assert response.status_code == 400
    assert message in errors_text(response)
    assert not Annotation.objects.exists()


def test_form_encoded_input_is_refused_as_unsupported(resident):
    layer = factories.ContributionLayerFactory()
    response = api(resident).post(LIST, {"layer": layer.pk, "title": "x"}, format="multipart")
    assert response.status_code == 415
    assert not Annotation.objects.exists()


def test_the_layer_decides_which_types_and_categories_it_takes(resident):
    layer = factories.ContributionLayerFactory(
        accepted_geometry_types=["point"], accepted_categories=["proposal"]
    )
    line = geojson(LineString((2.205, 48.890), (2.210, 48.895)))
    client = api(resident)

    wrong_type = client.post(LIST, feature(layer, line, category="proposal"))
    wrong_category = client.post(LIST, feature(layer, category="issue"))

    assert "A LineString is not accepted here; accepted: point" in errors_text(wrong_type)
    assert "This layer does not accept this category." in errors_text(wrong_category)
    assert not Annotation.objects.exists()


def test_an_annotated_feature_must_belong_to_the_same_campaign(resident):
    layer = factories.ContributionLayerFactory()
    elsewhere = factories.FeatureFactory()
    response = api(resident).post(LIST, feature(layer, target_feature=elsewhere.pk))
    assert response.status_code == 400
    assert "The annotated feature belongs to another campaign." in errors_text(response)
    assert not Annotation.objects.exists()


def test_a_3d_point_is_stored_flat(resident):
    layer = factories.ContributionLayerFactory()
    point = {"type": "Point", "coordinates": [2.2088, 48.895, 35.0]}
    assert api(resident).post(LIST, feature(layer, point)).status_code == 201
    assert not Annotation.objects.get().geometry.hasz


WEIRD_GEOMETRIES = [
    {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
    {"type": "MultiPoint", "coordinates": [[1, 2], 3]},
    {"type": "LineString", "coordinates": {"a": 1}},
    {"type": "Polygon", "coordinates": []},
    {"type": "Point", "coordinates": [[[[2.2, 48.9]]]]},
    {"type": "GeometryCollection"},
    {"type": None},
    {},
]


@pytest.mark.parametrize("geometry", WEIRD_GEOMETRIES, ids=map(json.dumps, WEIRD_GEOMETRIES))
def test_odd_geojson_is_a_400_naming_the_geometry_never_a_500(geometry, resident):
    layer = factories.ContributionLayerFactory()
    response = api(resident).post(LIST, feature(layer, geometry))
    assert response.status_code == 400
    assert list(response.json()) == ["geometry"]
    assert not Annotation.objects.exists()


class TestEditing:
    def test_the_author_edits_text_and_geometry_and_gets_a_new_etag(self):
        annotation = factories.AnnotationFactory()
        client = api(annotation.author)
        etag = client.get(f"{LIST}{annotation.pk}/")["ETag"]
        moved = {"type": "Point", "coordinates": [2.21, 48.896]}

        response = client.patch(
            f"{LIST}{annotation.pk}/",
            {"geometry": moved, "properties": {"title": "Moved"}},
            format="json",
            HTTP_IF_MATCH=etag,
        )

        assert response.status_code == 200, response.content
        assert response["ETag"] != etag
        annotation.refresh_from_db()
        assert annotation.title == "Moved"
        assert annotation.geometry.coords == (2.21, 48.896)

    def test_an_edit_on_a_stale_copy_is_refused_with_412_and_writes_nothing(self):
        annotation = factories.AnnotationFactory(title="Original")
        client = api(annotation.author)
        stale = client.get(f"{LIST}{annotation.pk}/")["ETag"]
        client.patch(f"{LIST}{annotation.pk}/", {"title": "Second tab"})

        response = client.patch(
            f"{LIST}{annotation.pk}/", {"title": "First tab"}, HTTP_IF_MATCH=stale
        )

        assert response.status_code == 412
        assert response.json() == {
            "detail": "This was changed since you loaded it; reload it and try again."
        }
        assert Annotation.objects.get().title == "Second tab"

    def test_staff_answer_on_a_stale_copy_is_refused_too(self, staff):
        annotation = factories.AnnotationFactory()
        stale = api(staff).get(f"{LIST}{annotation.pk}/")["ETag"]
        api(annotation.author).patch(f"{LIST}{annotation.pk}/", {"title": "New"})

        response = api(staff).post(
            f"{LIST}{annotation.pk}/respond/",
            {"status": "accepted", "response_text": "Yes"},
            HTTP_IF_MATCH=stale,
        )

        assert response.status_code == 412
        assert Annotation.objects.get().response_text == ""

    def test_if_match_star_and_the_current_etag_let_the_edit_through(self):
        annotation = factories.AnnotationFactory()
        client = api(annotation.author)
        for current in (lambda: "*", lambda: f'"other", {annotation.etag}'):
            response = client.patch(
                f"{LIST}{annotation.pk}/", {"title": "New"}, HTTP_IF_MATCH=current()
            )
            assert response.status_code == 200
            annotation.refresh_from_db()

    def test_a_bad_edit_changes_nothing(self):
        annotation = factories.AnnotationFactory(title="Original")
        outside = geojson(commune("Puteaux").point_on_surface)
        response = api(annotation.author).patch(
            f"{LIST}{annotation.pk}/",
            {"geometry": outside, "properties": {"title": "Moved away"}},
            format="json",
        )
        assert response.status_code == 400
        assert "outside the campaign perimeter" in errors_text(response)
        stored = Annotation.objects.get()
        assert (stored.title, stored.geometry) == ("Original", factories.INSIDE)

    def test_a_contribution_stays_on_its_layer(self):
        annotation = factories.AnnotationFactory()
        other_layer = factories.ContributionLayerFactory(campaign=annotation.layer.campaign)
        api(annotation.author).patch(f"{LIST}{annotation.pk}/", {"layer": other_layer.pk})
        assert Annotation.objects.get().layer == annotation.layer

    def test_residents_cannot_set_their_own_status_or_unhide(self):
        annotation = factories.AnnotationFactory(is_hidden=True, hidden_reason="Spam")
        api(annotation.author).patch(
            f"{LIST}{annotation.pk}/",
            {"status": "accepted", "is_hidden": False, "hidden_reason": ""},
            format="json",
        )
        stored = Annotation.objects.get()
        assert (stored.status, stored.is_hidden, stored.hidden_reason) == (
            "published",
            True,
            "Spam",
        )


def test_staff_cannot_leave_a_contribution_withdrawn_in_its_authors_place(staff):
    annotation = factories.AnnotationFactory()
    response = api(staff).post(
        f"{LIST}{annotation.pk}/respond/", {"status": "withdrawn", "response_text": "No"}
    )
    assert response.status_code == 400
    assert '\\"withdrawn\\" is not a valid choice.' in errors_text(response)
    assert Annotation.objects.get().status == "published"


def test_staff_cannot_answer_a_withdrawn_contribution_back_into_view(staff):
    annotation = factories.AnnotationFactory(status=Annotation.Status.WITHDRAWN)
    before = snapshot()

    response = api(staff).post(
        f"{LIST}{annotation.pk}/respond/", {"status": "accepted", "response_text": "Yes"}
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_an_official_response_longer_than_a_contribution_is_refused(staff):
    annotation = factories.AnnotationFactory()
    before = snapshot()

    response = api(staff).post(
        f"{LIST}{annotation.pk}/respond/", {"status": "accepted", "response_text": "x" * 10_001}
    )

    assert response.status_code == 400
    assert "no more than 10000 characters" in errors_text(response)
    assert snapshot() == before


def test_errors_are_given_in_french(resident):
    layer = factories.ContributionLayerFactory()
    empty = feature(layer, {"type": "Point", "coordinates": []})
    client = api(resident, language="fr")

    refused = client.post(LIST, empty)
    annotation = factories.AnnotationFactory(author=resident)
    stale = client.patch(f"{LIST}{annotation.pk}/", {"title": "x"}, HTTP_IF_MATCH='"old"')
    bad_vote = client.put(f"{LIST}{annotation.pk}/vote/", {"value": 3})

    assert refused.json() == {"geometry": ["La géométrie est vide."]}
    assert stale.json() == {
        "detail": "Ceci a été modifié depuis que vous l'avez chargé\N{NARROW NO-BREAK SPACE}; "
        "rechargez-le et réessayez."
    }
    assert bad_vote.json() == {"value": ["Un vote vaut 1 (pour) ou -1 (contre)."]}

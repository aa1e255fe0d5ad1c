"""Before contributing, what is already there: published contributions close by or with a
title alike; staff mark a duplicate and its votes join the original's, nobody twice."""

import json
import math

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from annotations.models import Annotation, ModerationAction, Vote
from tests.support import factories
from tests.support.api import api, errors_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

HERE = factories.INSIDE


def east_of(point, metres):
    """The point `metres` east of `point`."""
    degrees = metres / (111_320 * math.cos(math.radians(point.y)))
    return Point(point.x + degrees, point.y, srid=4326)


def similar(layer, geometry=None, title=None, user=None):
    params = {"layer": layer.pk}
    if geometry is not None:
        params["geometry"] = geometry.geojson
    if title is not None:
        params["title"] = title
    return api(user).get("/api/annotations/similar/", params)


def test_the_hint_lists_a_contribution_30_m_away_and_not_one_200_m_away(layer):
    near = factories.AnnotationFactory(layer=layer, geometry=east_of(HERE, 30), title="Pothole")
    factories.AnnotationFactory(layer=layer, geometry=east_of(HERE, 200), title="Graffiti")
    factories.AnnotationFactory(geometry=HERE, title="Other layer")
    factories.AnnotationFactory(layer=layer, geometry=HERE, status="submitted", title="Waits")
    factories.AnnotationFactory(layer=layer, geometry=HERE, is_hidden=True, title="Hidden")

    response = similar(layer, geometry=HERE)

    assert response.status_code == 200
    (hint,) = response.json()
    assert (hint["id"], hint["title"], hint["url"]) == (near.pk, "Pothole", near.get_absolute_url())
    assert hint["distance"] == pytest.approx(30, abs=1)


def test_a_title_alike_is_hinted_however_far(layer):
    far = factories.AnnotationFactory(
        layer=layer, geometry=east_of(HERE, 2000), title="Broken streetlight on the bridge"
    )
    factories.AnnotationFactory(layer=layer, geometry=east_of(HERE, 2000), title="More benches")

    hints = similar(layer, geometry=HERE, title="Streetlight broken near the bridge").json()

    assert [hint["id"] for hint in hints] == [far.pk]
    assert hints[0]["similarity"] > 0.3
    assert similar(layer, title="streetlight broken").json()[0]["distance"] is None


def test_a_shape_that_is_not_geojson_or_nothing_to_compare_is_a_400(layer):
    broken = api().get(
        "/api/annotations/similar/", {"layer": layer.pk, "geometry": '{"type": "Point"}'}
    )
    assert broken.status_code == 400
    assert "not well-formed GeoJSON" in errors_text(broken)
    empty = similar(layer)
    assert empty.status_code == 400
    assert "Give a geometry, a title or both." in errors_text(empty)


def test_marking_a_duplicate_merges_votes_without_counting_anyone_twice(layer, moderator):
    original = factories.AnnotationFactory(layer=layer, title="Pothole")
    duplicate = factories.AnnotationFactory(layer=layer, title="Hole in the road")
    both, only_duplicate, only_original = factories.UserFactory.create_batch(3)
    for user in (both, only_original):
        factories.VoteFactory(annotation=original, user=user)
    factories.VoteFactory(annotation=duplicate, user=both, value=Vote.Value.AGAINST)
    factories.VoteFactory(annotation=duplicate, user=only_duplicate)

    response = api(moderator).post(
        f"/api/annotations/{duplicate.pk}/duplicate/", {"of": original.pk, "merge_votes": True}
    )

    assert response.status_code == 200, response.content
    assert response.json()["properties"]["duplicate_of"] == original.pk
    votes = dict(Vote.objects.filter(annotation=original).values_list("user", "value"))
    # The person who voted on both keeps the vote they gave the original.
    assert votes == {both.pk: 1, only_original.pk: 1, only_duplicate.pk: 1}
    assert not Vote.objects.filter(annotation=duplicate).exists()
    assert ModerationAction.objects.get().kind == "duplicate"
    # Votes go to the original now; the hint no longer offers the duplicate.
    assert api(both).put(f"/api/annotations/{duplicate.pk}/vote/", {"value": 1}).status_code == 403
    assert [hint["id"] for hint in similar(layer, geometry=HERE).json()] == [original.pk]


def test_residents_cannot_mark_and_a_contribution_cannot_repeat_itself(layer, resident, moderator):
    contribution = factories.AnnotationFactory(layer=layer)
    url = f"/api/annotations/{contribution.pk}/duplicate/"
    assert api(resident).post(url, {"of": contribution.pk}).status_code == 403
    itself = api(moderator).post(url, {"of": contribution.pk})
    assert itself.status_code == 400
    assert "cannot duplicate itself" in errors_text(itself)
    assert Annotation.objects.get().duplicate_of is None


def test_the_page_of_a_duplicate_points_to_the_original(client, layer, moderator):
    original = factories.AnnotationFactory(layer=layer, title="Pothole")
    duplicate = factories.AnnotationFactory(layer=layer)
    client.force_login(moderator)
    form = reverse("annotations:moderation-duplicate", args=["contribution", duplicate.pk])

    refused = client.post(form, {"of": 999_999}, HTTP_ACCEPT_LANGUAGE="en")
    assert "There is no contribution with this number." in refused.content.decode()

    client.post(form, {"of": original.pk, "merge_votes": "on"})

    page = client.get(duplicate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The same request is already made" in page
    assert f'href="{original.get_absolute_url()}"' in page


def test_the_contribution_form_offers_the_hint(client, resident, campaign, layer):
    client.force_login(resident)
    page = client.get(reverse("portal:campaign", args=[campaign.slug])).content.decode()
    assert 'id="similar-contributions"' in page
    assert json.dumps("/api/annotations/similar/")[1:-1] in page

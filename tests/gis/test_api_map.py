"""Maps: contributions and reference features streamed as one FeatureCollection; layers."""

import json
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from annotations.models import Annotation
from gis.geojson import stream_feature_collection
from tests.support import factories
from tests.support.api import api, errors_text

pytestmark = pytest.mark.django_db

MAP = "/api/annotations/map/"


def streamed(response):
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(b"".join(response.streaming_content))


def test_the_map_streams_every_visible_contribution_of_a_layer():
    layer = factories.ContributionLayerFactory()
    shown = factories.AnnotationFactory.create_batch(3, layer=layer, category="proposal")
    factories.AnnotationFactory(layer=layer, is_hidden=True)
    factories.AnnotationFactory(layer=layer, status="submitted")
    factories.AnnotationFactory()  # another layer

    collection = streamed(api().get(MAP, {"layer": layer.pk}))

    assert collection["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in collection["features"]) == sorted(a.pk for a in shown)
    first = collection["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [2.2088, 48.895]}
    assert first["properties"] == {
        "layer": layer.pk,
        "title": first["properties"]["title"],
        "category": "proposal",
        "status": "published",
        "group_name": "",
        "participant_count": 1,
        "votes_for": 0,
        "comment_count": 0,
    }


def test_the_map_takes_the_list_filters_and_shows_authors_their_own():
    layer = factories.ContributionLayerFactory()
    inside = factories.AnnotationFactory(layer=layer, geometry=Point(2.22, 48.895, srid=4326))
    factories.AnnotationFactory(layer=layer, geometry=Point(2.19, 48.89, srid=4326))
    hidden_mine = factories.AnnotationFactory(
        layer=layer, geometry=Point(2.2201, 48.8951, srid=4326), is_hidden=True
    )
    bbox = "2.219,48.894,2.221,48.896"

    for_anyone = streamed(api().get(MAP, {"bbox": bbox, "campaign": layer.campaign.slug}))
    for_author = streamed(api(hidden_mine.author).get(MAP, {"bbox": bbox}))

    assert [f["id"] for f in for_anyone["features"]] == [inside.pk]
    assert sorted(f["id"] for f in for_author["features"]) == sorted([inside.pk, hidden_mine.pk])


def test_an_empty_map_is_still_a_valid_feature_collection():
    assert streamed(api().get(MAP, {"layer": 999_999})) == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_a_bad_viewport_is_a_400_naming_it_not_a_broken_stream():
    response = api().get(MAP, {"bbox": "2.2,48.9"})
    assert response.status_code == 400
    assert "bbox takes four numbers: west,south,east,north (in degrees)." in errors_text(response)


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 7])
def test_the_stream_is_valid_geojson_whatever_the_chunking(chunk_size):
    layer = factories.ContributionLayerFactory()
    factories.AnnotationFactory.create_batch(5, layer=layer)
    queryset = Annotation.objects.filter(layer=layer).order_by("pk")

    text = "".join(stream_feature_collection(queryset, chunk_size=chunk_size, title="title"))

    collection = json.loads(text)
    assert [f["id"] for f in collection["features"]] == list(queryset.values_list("pk", flat=True))
    assert all(f["properties"].keys() == {"title"} for f in collection["features"])


def test_layers_of_published_campaigns_say_whether_they_take_contributions(staff):
    campaign = factories.CampaignFactory()
    open_layer = factories.ContributionLayerFactory(campaign=campaign, name="Ideas")
    factories.ContributionLayerFactory(
        campaign=campaign, name="Past", closes_at=timezone.now() - timedelta(days=1)
    )
    factories.ReferenceLayerFactory(campaign=campaign, name="Plan")
    factories.ReferenceLayerFactory(campaign__is_published=False, name="Draft plan")

    listed = api().get("/api/layers/", {"campaign": campaign.slug}).json()
    everything = api(staff).get("/api/layers/").json()

    assert {layer["name"]: layer["is_open"] for layer in listed} == {
        "Ideas": True,
        "Past": False,
        "Plan": False,
    }
    assert "Draft plan" in {layer["name"] for layer in everything}
    detail = api().get(f"/api/layers/{open_layer.pk}/").json()
    assert detail["accepted_geometry_types"] == ["point", "line", "polygon"]
    assert detail["campaign"] == campaign.slug


def test_reference_features_come_paged_or_streamed_within_a_viewport():
    plan = factories.ReferenceLayerFactory()
    near = factories.FeatureFactory(
        layer=plan, label="Square", properties={"surface_m2": 1200}, geometry=Point(2.22, 48.895)
    )
    factories.FeatureFactory(layer=plan, label="Far", geometry=Point(2.19, 48.89))
    bbox = "2.219,48.894,2.221,48.896"

    paged = api().get(f"/api/layers/{plan.pk}/features/", {"bbox": bbox}).json()
    streamed_map = streamed(api().get(f"/api/layers/{plan.pk}/features/map/", {"bbox": bbox}))

    assert paged["type"] == "FeatureCollection"
    assert paged["count"] == 1
    assert paged["features"][0]["properties"] == {
        "label": "Square",
        "attributes": {"surface_m2": 1200},
    }
    assert [f["id"] for f in streamed_map["features"]] == [near.pk]
    assert streamed_map["features"][0]["properties"]["attributes"] == {"surface_m2": 1200}
    all_features = api().get(f"/api/layers/{plan.pk}/features/").json()
    assert all_features["count"] == 2


def test_features_of_an_unpublished_campaign_are_not_found():
    plan = factories.ReferenceLayerFactory(campaign__is_published=False)
    assert api().get(f"/api/layers/{plan.pk}/features/").status_code == 404
    assert api().get(f"/api/layers/{plan.pk}/features/map/").status_code == 404

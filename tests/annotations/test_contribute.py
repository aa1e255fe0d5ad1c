"""Contributing from the campaign page: the form's POST, each bad input's message beside
its field or on the map, and nothing typed or drawn lost when the page comes back."""

import json
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Polygon
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from annotations.models import Annotation
from tests.support.communes import commune
from tests.support.factories import (
    INSIDE,
    ContributionLayerFactory,
    FeatureFactory,
    ReferenceLayerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

# A small square around the middle of Nanterre, inside the test perimeter.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [
            [2.2080, 48.8945],
            [2.2095, 48.8945],
            [2.2095, 48.8955],
            [2.2080, 48.8955],
            [2.2080, 48.8945],
        ]
    ],
}
TITLE = "Un banc à l'ombre"
BODY = "Près de l'arrêt de bus, <b>pour attendre</b> assis."


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def contribute(client, campaign, **fields):
    data = {"category": "proposal", "title": TITLE, "body": BODY, "geometry": json.dumps(SQUARE)}
    data.update(fields)
    return client.post(
        reverse("portal:contribute", args=[campaign.slug]), data, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_resident_contributes_a_polygon_and_is_sent_back_to_it_on_the_map(
    resident_client, resident, campaign, layer
):
    response = contribute(resident_client, campaign, layer=layer.pk)

    annotation = Annotation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{campaign.get_absolute_url()}?annotation={annotation.pk}#map"
    assert (annotation.author, annotation.layer, annotation.category) == (
        resident,
        layer,
        "proposal",
    )
    assert (annotation.title, annotation.body) == (TITLE, BODY)
    assert annotation.geometry.equals_exact(Polygon(*SQUARE["coordinates"], srid=4326), 1e-9)
    page = resident_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert escape(f"Thank you: your contribution “{TITLE}” is on the map.") in page.content.decode()


def test_one_open_layer_is_chosen_without_asking(resident_client, campaign, layer):
    page = resident_client.get(campaign.get_absolute_url()).content.decode()
    assert f'<input type="hidden" name="layer" value="{layer.pk}"' in page

    contribute(resident_client, campaign, layer=layer.pk)
    assert Annotation.objects.get().layer == layer


def neighbouring_point():
    return json.loads(commune("Rueil-Malmaison").point_on_surface.geojson)


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[2.208, 48.894], [2.210, 48.896], [2.210, 48.894], [2.208, 48.896], [2.208, 48.894]]
    ],
}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"geometry": json.dumps(neighbouring_point())},
            "geometry",
            "The geometry lies outside the campaign perimeter.",
        ),
        (
            {"geometry": json.dumps(BOW_TIE)},
            "geometry",
            "The geometry is invalid: Self-intersection",
        ),
        ({"category": "spam"}, "category", "Select a valid choice."),
        ({"title": ""}, "title", "This field is required."),
        (
            {"geometry": "{not json"},
            "geometry",
            "The shape drawn on the map could not be read; draw it again.",
        ),
        (
            {"geometry": "[" * 100_000 + "]" * 100_000},
            "geometry",
            "The shape drawn on the map could not be read; draw it again.",
        ),
        (
            {"geometry": json.dumps({"type": "Polygon", "coordinates": [[2.2, 48.9]]})},
            "geometry",
            "The coordinates of this Polygon are not well-formed GeoJSON.",
        ),
        (
            {"geometry": json.dumps({**SQUARE, "crs": {"type": "name"}})},
            "geometry",
            "a “crs” member is not accepted",
        ),
        (
            {"geometry": ""},
            "geometry",
            "Draw your contribution on the map, or choose a feature of the map.",
        ),
    ],
    ids=[
        "outside-perimeter",
        "self-crossing",
        "unknown-category",
        "missing-title",
        "not-json",
        "nested-too-deeply",
        "malformed-geojson",
        "crs-member",
        "nothing-drawn",
    ],
)
def test_bad_input_comes_back_with_its_message_and_everything_typed(
    resident_client, campaign, layer, fields, field, message
):
    fields = {"layer": layer.pk, "geometry": json.dumps(SQUARE), **fields}
    response = contribute(resident_client, campaign, **fields)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    form = response.context["contribution_form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    shown = next(error for error in form.errors[field] if message in error)
    # In the summary at the top, beside the field, and on the map for a shape.
    assert html.count(escape(shown)) >= (3 if field == "geometry" else 2)
    if fields.get("title", TITLE):
        assert f'value="{escape(TITLE)}"' in html
    assert escape(BODY) in html
    if fields["geometry"]:
        assert f'value="{escape(fields["geometry"])}"' in html


def test_a_shape_of_a_kind_the_layer_does_not_take_is_refused(resident_client, campaign):
    points_only = ContributionLayerFactory(campaign=campaign, accepted_geometry_types=["point"])

    response = contribute(resident_client, campaign, layer=points_only.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    message = "A Polygon is not accepted here; accepted: point."
    assert response.context["contribution_form"].errors["geometry"] == [message]
    assert escape(message) in response.content.decode()


def test_a_closed_layer_is_explained_and_nothing_is_written(resident_client, campaign, layer):
    layer.opens_at = timezone.now() - timedelta(days=20)
    layer.closes_at = timezone.now() - timedelta(days=1)
    layer.save()

    response = contribute(resident_client, campaign, layer=layer.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    message = "“Propositions” is closed: it no longer takes contributions."
    assert response.context["contribution_form"].errors["layer"] == [message]
    html = response.content.decode()
    assert escape(message) in html
    assert escape(BODY) in html


def test_a_superuser_gets_no_pass_on_a_closed_layer(client, campaign, layer):
    # Django's User.has_perm lets superusers through whatever a rule says; the rules
    # of annotations/rules.py apply to them as to anyone.
    layer.closes_at = timezone.now() - timedelta(days=1)
    layer.save()
    client.force_login(StaffFactory())

    response = contribute(client, campaign, layer=layer.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    message = "“Propositions” is closed: it no longer takes contributions."
    assert response.context["contribution_form"].errors["layer"] == [message]


def test_a_reference_layer_takes_no_contribution(resident_client, campaign, layer):
    plan = ReferenceLayerFactory(campaign=campaign)

    response = contribute(resident_client, campaign, layer=plan.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    message = "Contributions go on a contribution layer, not a reference layer."
    assert response.context["contribution_form"].errors["layer"] == [message]
    assert escape(message) in response.content.decode()


def test_a_layer_of_another_campaign_is_not_a_choice(resident_client, campaign, layer):
    elsewhere = ContributionLayerFactory()

    response = contribute(resident_client, campaign, layer=elsewhere.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    assert "Select a valid choice." in response.context["contribution_form"].errors["layer"][0]


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_written(client, campaign, layer):
    response = contribute(client, campaign, layer=layer.pk)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not Annotation.objects.exists()


def test_anonymous_visitors_are_invited_to_log_in_or_sign_up(client, campaign, layer):
    html = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    next_url = f"?next={campaign.get_absolute_url()}%3Fcontribute%3Dmap%23map"
    assert f'href="{reverse("login")}{next_url}">Log in</a>' in html
    assert f'href="/accounts/signup/{next_url}">sign up</a> to contribute.' in html
    assert 'id="contribute-form"' not in html


def test_annotating_a_reference_feature_uses_its_shape(resident_client, resident, campaign, layer):
    feature = FeatureFactory(layer__campaign=campaign, label="Place centrale")

    response = contribute(
        resident_client, campaign, layer=layer.pk, geometry="", target_feature=feature.pk
    )

    assert response.status_code == 302
    annotation = Annotation.objects.get()
    assert annotation.target_feature == feature
    assert annotation.geometry.equals(INSIDE)


def test_annotating_an_area_on_a_layer_of_points_takes_a_point_on_it(resident_client, campaign):
    points_only = ContributionLayerFactory(campaign=campaign, accepted_geometry_types=["point"])
    area = Polygon(*SQUARE["coordinates"], srid=4326)
    feature = FeatureFactory(layer__campaign=campaign, geometry=area)

    contribute(
        resident_client, campaign, layer=points_only.pk, geometry="", target_feature=feature.pk
    )

    annotation = Annotation.objects.get()
    assert annotation.geometry.geom_type == "Point"
    assert area.contains(annotation.geometry)


def test_a_feature_of_another_campaign_cannot_be_annotated(resident_client, campaign, layer):
    elsewhere = FeatureFactory()

    response = contribute(resident_client, campaign, layer=layer.pk, target_feature=elsewhere.pk)

    assert response.status_code == 400
    assert not Annotation.objects.exists()
    assert (
        "Select a valid choice."
        in response.context["contribution_form"].errors["target_feature"][0]
    )


def test_the_form_offers_only_open_layers_and_their_categories(resident_client, campaign):
    ContributionLayerFactory(campaign=campaign, name="Issues", accepted_categories=["issue"])
    ContributionLayerFactory(campaign=campaign, name="Questions", accepted_categories=["question"])
    ContributionLayerFactory(
        campaign=campaign, name="Closed", closes_at=timezone.now() - timedelta(days=1)
    )

    response = resident_client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    form = response.context["contribution_form"]
    assert [name for _pk, name in form.fields["layer"].choices] == ["Issues", "Questions"]
    assert [value for value, _label in form.fields["category"].choices] == ["", "issue", "question"]
    assert '<select name="layer"' in response.content.decode()

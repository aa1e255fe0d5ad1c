"""The shared geometry validator: each rejection names its problem and writes nothing."""

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry, LineString, Point
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from annotations.models import Annotation
from gis.geometry import validate_geometry
from tests.support.communes import commune
from tests.support.factories import INSIDE, ContributionLayerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

# (geometry as hex WKB or WKT, layer's accepted types, error code, words of the message)
BAD_GEOMETRIES = {
    "empty": ("POINT EMPTY", None, "empty", "The geometry is empty"),
    "nan": (
        shapely.to_wkb(shapely.Point(float("nan"), 48.89), hex=True),
        None,
        "not_finite",
        "not numbers (NaN or infinite)",
    ),
    "infinite": (
        shapely.to_wkb(shapely.Point(2.2, float("inf")), hex=True),
        None,
        "not_finite",
        "not numbers (NaN or infinite)",
    ),
    "out of range": ("POINT (200 48.89)", None, "out_of_range", "longitude must lie within"),
    "self-intersecting": (
        "POLYGON ((2.205 48.890, 2.212 48.897, 2.212 48.890, 2.205 48.897, 2.205 48.890))",
        None,
        "invalid",
        "The geometry is invalid: Self-intersection",
    ),
    "wrong type": (
        "LINESTRING (2.205 48.890, 2.210 48.895)",
        ["point"],
        "wrong_type",
        "A LineString is not accepted here; accepted: point",
    ),
    "too many vertices": (
        LineString([(2.2 + i * 1e-6, 48.89) for i in range(5001)]).wkt,
        None,
        "too_many_vertices",
        "The geometry has 5001 vertices; at most 5000 are allowed",
    ),
    "outside the perimeter": (
        commune("Rueil-Malmaison").point_on_surface.wkt,
        None,
        "outside_perimeter",
        "outside the campaign perimeter",
    ),
}


def annotation_on(layer, geometry):
    return Annotation(layer=layer, geometry=geometry, category="issue", title="Here")


@pytest.mark.parametrize("case", BAD_GEOMETRIES.values(), ids=BAD_GEOMETRIES.keys())
def test_model_validation_rejects_with_a_message_naming_the_problem(case):
    value, accepted_types, code, words = case
    layer = ContributionLayerFactory(accepted_geometry_types=accepted_types or [])
    annotation = annotation_on(layer, GEOSGeometry(value, srid=4326))

    with pytest.raises(ValidationError) as raised:
        annotation.full_clean()

    [error] = raised.value.error_dict["geometry"]
    assert error.code == code
    assert words in " ".join(raised.value.message_dict["geometry"])


@pytest.mark.parametrize("case", BAD_GEOMETRIES.values(), ids=BAD_GEOMETRIES.keys())
def test_admin_form_shows_the_error_and_saves_nothing(client, staff, case):
    value, accepted_types, _code, words = case
    layer = ContributionLayerFactory(accepted_geometry_types=accepted_types or [])
    client.force_login(staff)

    response = client.post(
        reverse("admin:annotations_annotation_add"),
        {
            "layer": layer.pk,
            "geometry": value,
            "category": "issue",
            "title": "Here",
            "status": "published",
            "participant_count": 1,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert words in " ".join(response.context["adminform"].form.errors["geometry"])
    assert not Annotation.objects.exists()


def test_messages_are_given_in_french():
    with pytest.raises(ValidationError) as raised:
        validate_geometry(GEOSGeometry("POINT EMPTY", srid=4326))
    with translation.override("fr"):
        assert raised.value.messages == ["La géométrie est vide."]


def test_a_coordinate_system_off_the_allow_list_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_geometry(Point(530000, 180000, srid=27700))
    assert raised.value.code == "srid_not_allowed"
    assert "EPSG:27700 is not accepted" in raised.value.messages[0]


def test_lambert_93_input_is_stored_in_wgs84():
    layer = ContributionLayerFactory()
    lambert = INSIDE.transform(2154, clone=True)
    annotation = annotation_on(layer, lambert)

    annotation.full_clean()
    annotation.save()

    stored = Annotation.objects.get().geometry
    assert stored.srid == 4326
    assert stored.distance(INSIDE) < 1e-7


def test_a_geometry_inside_the_perimeter_of_an_accepted_type_is_saved():
    layer = ContributionLayerFactory(accepted_geometry_types=["polygon"])
    square = GEOSGeometry(
        "POLYGON ((2.205 48.890, 2.210 48.890, 2.210 48.895, 2.205 48.895, 2.205 48.890))",
        srid=4326,
    )
    annotation = annotation_on(layer, square)
    annotation.full_clean()
    annotation.save()
    assert Annotation.objects.get().geometry.equals(square)


def test_a_reference_layer_takes_no_contributions():
    layer = ContributionLayerFactory(kind="reference")
    with pytest.raises(ValidationError) as raised:
        annotation_on(layer, INSIDE).full_clean()
    assert "not a reference layer" in raised.value.message_dict["layer"][0]


@pytest.mark.parametrize(
    "geometry",
    [
        Point(1e300, 1e300, srid=3857),  # PROJ hangs on this if it ever sees it
        Point(0, 2.1e7, srid=2154),  # PROJ wraps this to a plausible point in Asia
        INSIDE.transform(3942, clone=True),  # Nanterre lies far north of zone CC42
    ],
    ids=["huge web mercator", "lambert-93 far out", "wrong lambert zone"],
)
def test_coordinates_outside_their_system_area_are_refused_before_reprojection(geometry):
    layer = ContributionLayerFactory()
    with pytest.raises(ValidationError) as raised:
        annotation_on(layer, geometry).full_clean()
    [error] = raised.value.error_dict["geometry"]
    assert error.code == "out_of_range"
    assert f"outside the area that EPSG:{geometry.srid} covers" in error.messages[0]
    assert not Annotation.objects.exists()

"""Planners import reference layers from GIS files: all or nothing, in allow-listed systems."""

import json
import zipfile

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from layers.imports import import_layer
from tests.support import factories
from tests.support.gis_files import bowtie, feature, geojson, ogr2ogr, point, square, zip_folder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


PARK = feature(square(2.205, 48.893), name="Parc des Anciennes Mairies", kind="park", area=1.5)
ROAD = feature(point(2.2088, 48.8950), name="Rue Maurice-Thorez", kind="road", area=0.2)
SCHOOL = feature(point(2.2010, 48.8920), name="École Voltaire", kind="school", area=0.8)


@pytest.fixture
def plan():
    """A reference layer that already holds one feature, to import into."""
    plan = factories.ReferenceLayerFactory()
    factories.FeatureFactory(layer=plan, label="Already there")
    return plan


def labels(plan):
    return sorted(plan.features.values_list("label", flat=True))


@pytest.fixture
def lambert_shapefile(tmp_path):
    # A Shapefile holds one type of geometry.
    source = geojson(tmp_path / "plan.geojson", SCHOOL, ROAD)
    (tmp_path / "shp").mkdir()
    ogr2ogr("-f", "ESRI Shapefile", "-t_srs", "EPSG:2154", tmp_path / "shp" / "plan.shp", source)
    return tmp_path / "shp"


def test_a_lambert93_shapefile_comes_in_reprojected_with_its_attributes(
    plan, lambert_shapefile, tmp_path
):
    archive = zip_folder(lambert_shapefile, tmp_path / "plan.zip")

    count = import_layer(plan, archive, label_property="name", style_property="kind")

    assert count == 2
    plan.refresh_from_db()
    assert (plan.label_property, plan.style_property) == ("name", "kind")
    road = plan.features.get(label="Rue Maurice-Thorez")
    assert road.properties == {"name": "Rue Maurice-Thorez", "kind": "road", "area": 0.2}
    assert road.geometry.srid == 4326
    assert road.geometry.coords == pytest.approx((2.2088, 48.8950), abs=1e-7)
    school = plan.features.get(label="École Voltaire")
    assert school.geometry.coords == pytest.approx((2.2010, 48.8920), abs=1e-7)
    drawn = json.loads(plan.features_geojson())["features"]
    assert sorted((f["properties"]["label"], f["properties"]["style"]) for f in drawn) == [
        ("Rue Maurice-Thorez", "road"),
        ("École Voltaire", "school"),
    ]


def test_appending_keeps_the_layers_features(plan, tmp_path):
    source = geojson(tmp_path / "plan.geojson", ROAD)

    assert import_layer(plan, source, label_property="name", replace=False) == 2
    assert labels(plan) == ["Already there", "Rue Maurice-Thorez"]


def test_numbers_meaning_no_value_are_left_out_of_the_properties(plan, tmp_path):
    gauge = feature(point(2.2088, 48.895), name="Gauge", height=float("nan"), depth=float("inf"))

    assert import_layer(plan, geojson(tmp_path / "gauges.geojson", gauge), replace=True) == 1
    assert plan.features.get().properties == {"name": "Gauge"}


def test_a_geopackage_layer_is_chosen_by_name(plan, tmp_path):
    package = tmp_path / "plans.gpkg"
    ogr2ogr("-f", "GPKG", "-nln", "parks", package, geojson(tmp_path / "a.geojson", PARK))
    ogr2ogr("-update", "-nln", "roads", package, geojson(tmp_path / "b.geojson", ROAD, ROAD))

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, package)
    assert refused.value.messages == ["The file holds several layers; choose one of: parks, roads."]
    with pytest.raises(ValidationError) as refused:
        import_layer(plan, package, source_layer="schools")
    assert refused.value.messages == [
        "The file has no layer “schools”; choose one of: parks, roads."
    ]
    assert labels(plan) == ["Already there"]

    assert import_layer(plan, package, source_layer="roads", label_property="name") == 2
    assert labels(plan) == ["Rue Maurice-Thorez", "Rue Maurice-Thorez"]


def test_a_kml_comes_in_with_its_extended_data(plan, tmp_path):
    kml = tmp_path / "plan.kml"
    ogr2ogr("-f", "KML", kml, geojson(tmp_path / "plan.geojson", PARK, ROAD))

    assert import_layer(plan, kml, label_property="Name") == 2
    park = plan.features.get(label="Parc des Anciennes Mairies")
    assert park.properties == {
        "Name": "Parc des Anciennes Mairies",
        "kind": "park",
        "area": 1.5,
    }
    assert park.geometry.geom_type == "Polygon"


def test_a_broken_polygon_refuses_the_whole_file_and_names_it(plan, tmp_path):
    source = geojson(
        tmp_path / "plan.geojson",
        PARK,
        feature(bowtie(2.21, 48.89), name="Crossed"),
        ROAD,
        feature(None, name="Nowhere"),
        feature({"type": "GeometryCollection", "geometries": [point(2.2, 48.9)]}),
    )

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, source, label_property="name")

    assert refused.value.messages == [
        "Nothing was imported: 3 features are bad.",
        "Feature 2: The geometry is invalid: Self-intersection[2.2105 48.8905].",
        "Feature 4: A geometry is required.",
        "Feature 5: A GeometryCollection is not accepted here; accepted: point, line, polygon.",
    ]
    assert labels(plan) == ["Already there"]
    plan.refresh_from_db()
    assert plan.label_property == ""


def test_a_file_without_coordinate_system_needs_an_epsg_code(plan, lambert_shapefile, tmp_path):
    (lambert_shapefile / "plan.prj").unlink()
    archive = zip_folder(lambert_shapefile, tmp_path / "plan.zip")

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, archive)
    assert refused.value.messages == [
        "The file does not say which coordinate system it uses; name its EPSG code, one of "
        "2154, 3857, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950, 4326."
    ]
    with pytest.raises(ValidationError) as refused:
        import_layer(plan, archive, srid=27572)
    assert refused.value.messages[0].startswith(
        "The coordinate system EPSG:27572 is not accepted; use one of 2154, 3857"
    )
    assert labels(plan) == ["Already there"]

    assert import_layer(plan, archive, srid=2154, label_property="name") == 2
    road = plan.features.get(label="Rue Maurice-Thorez")
    assert road.geometry.coords == pytest.approx((2.2088, 48.8950), abs=1e-7)


def test_coordinates_outside_their_system_are_refused(plan, lambert_shapefile, tmp_path):
    (lambert_shapefile / "plan.prj").unlink()
    archive = zip_folder(lambert_shapefile, tmp_path / "plan.zip")

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, archive, srid=4326)

    assert refused.value.messages[1].startswith("Feature 1: The coordinates are out of range")
    assert labels(plan) == ["Already there"]


def test_a_zip_with_a_path_out_of_the_archive_is_refused(plan, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../evil.shp", b"not a shapefile")

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, archive)

    assert refused.value.messages == [
        "The archive holds a path that leads out of it: “../evil.shp”."
    ]
    assert not (tmp_path.parent / "evil.shp").exists()
    assert labels(plan) == ["Already there"]


def test_zip_bombs_and_crowded_archives_are_refused_before_unpacking(plan, tmp_path, settings):
    settings.IMPORT_MAX_UNZIPPED_SIZE = 2**20
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("plan.geojson", b" " * (3 * 2**20))

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, archive)

    assert refused.value.messages == ["The archive unpacks to 3 MB; at most 1 MB are accepted."]
    assert labels(plan) == ["Already there"]


def test_other_files_and_contribution_layers_are_refused(plan, tmp_path):
    text = tmp_path / "plan.csv"
    text.write_text("x,y\n2.2,48.9\n")
    with pytest.raises(ValidationError) as refused:
        import_layer(plan, text)
    assert refused.value.messages == [
        "“plan.csv” is not a supported file; use GeoJSON, a zipped Shapefile, GeoPackage or KML "
        "(.geojson, .json, .shp, .gpkg, .kml, .zip)."
    ]
    contributions = factories.ContributionLayerFactory(name="Ideas")
    with pytest.raises(ValidationError) as refused:
        import_layer(contributions, geojson(tmp_path / "plan.geojson", ROAD))
    assert refused.value.messages == [
        "Features are imported into reference layers; “Ideas” holds contributions."
    ]
    assert not contributions.features.exists()


def test_the_command_imports_with_a_progress_bar(plan, tmp_path, capsys):
    source = geojson(tmp_path / "plan.geojson", PARK, ROAD)

    call_command("import_layer", plan.pk, source, "--label", "name", "--append")

    out, err = capsys.readouterr()
    assert f"“{plan}” now holds 3 features." in out
    assert "3/3" not in err and "2/2" in err
    with pytest.raises(CommandError, match="choose one of"):
        package = tmp_path / "plans.gpkg"
        ogr2ogr("-f", "GPKG", "-nln", "one", package, source)
        ogr2ogr("-update", "-nln", "two", package, source)
        call_command("import_layer", plan.pk, package)


def upload(client, plan, path, language="en", **data):
    with path.open("rb") as file:
        return client.post(
            reverse("admin:layers_layer_import", args=[plan.pk]),
            {"file": file, **data},
            headers={"accept-language": language},
        )


def test_staff_upload_a_file_from_the_layer_page(client, staff, plan, tmp_path):
    client.force_login(staff)
    change_page = client.get(reverse("admin:layers_layer_change", args=[plan.pk]))
    assert reverse("admin:layers_layer_import", args=[plan.pk]) in change_page.content.decode()

    response = upload(
        client, plan, geojson(tmp_path / "plan.geojson", PARK, ROAD), label_property="name"
    )

    assert response.status_code == 302
    assert labels(plan) == ["Parc des Anciennes Mairies", "Rue Maurice-Thorez"]


def test_the_upload_form_shows_the_bad_features_and_changes_nothing(client, staff, plan, tmp_path):
    client.force_login(staff)
    source = geojson(tmp_path / "plan.geojson", PARK, feature(bowtie(2.21, 48.89)))

    response = upload(client, plan, source, language="fr")

    assert response.status_code == 200
    html = response.content.decode()
    assert "importé\N{NARROW NO-BREAK SPACE}: 1 objet est invalide." in html
    assert (
        "Objet 2\N{NARROW NO-BREAK SPACE}: La géométrie n&#x27;est pas valide"
        "\N{NARROW NO-BREAK SPACE}: Self-intersection" in html
    )
    assert labels(plan) == ["Already there"]


def test_the_upload_size_is_limited(client, staff, plan, tmp_path, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 2**20
    client.force_login(staff)
    source = tmp_path / "plan.geojson"
    source.write_bytes(b" " * (2 * 2**20))

    response = upload(client, plan, source)

    assert "The file weighs 2 MB; at most 1 MB are accepted." in response.content.decode()
    assert labels(plan) == ["Already there"]


def test_residents_cannot_reach_the_upload(client, resident, plan):
    client.force_login(resident)

    response = client.get(reverse("admin:layers_layer_import", args=[plan.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_geojson_may_name_an_allowed_system_in_its_crs_member(plan, tmp_path):
    x, y = ROAD["geometry"]["coordinates"]
    lambert = Point(x, y, srid=4326).transform(2154, clone=True)
    source = tmp_path / "plan.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "EPSG:2154"}},
                "features": [feature(point(*lambert.coords), name="Rue Maurice-Thorez")],
            }
        )
    )

    assert import_layer(plan, source, label_property="name", replace=False) == 2
    road = plan.features.get(label="Rue Maurice-Thorez")
    assert road.geometry.coords == pytest.approx((x, y), abs=1e-7)


@pytest.mark.parametrize(
    "crs",
    [
        {"type": "link", "properties": {"href": "http://169.254.169.254/latest/meta-data"}},
        {"type": "name", "properties": {"name": "/etc/passwd"}},
        {"type": "name", "properties": {"name": "EPSG:27572"}},
    ],
)
def test_a_geojson_naming_any_other_system_never_reaches_gdal(plan, tmp_path, crs):
    source = tmp_path / "plan.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": [ROAD]}))

    with pytest.raises(ValidationError) as refused:
        import_layer(plan, source)

    assert refused.value.messages == [
        "The file names a coordinate system that is not accepted; name one of 2154, 3857, 3942, "
        "3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950, 4326 as “EPSG:<code>” in its top-level "
        "crs member, or leave it out for WGS84."
    ]
    assert labels(plan) == ["Already there"]

"""Planners export contributions as GIS files, read back here by GDAL itself."""

import csv
import io
import json

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import LineString, Point
from django.urls import reverse

from annotations.models import Annotation
from tests.support import factories
from tests.support.queue import run_queued_exports

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

COLUMNS = [
    "id", "layer", "category", "title", "text", "status", "official_response", "votes_for",
    "votes_against", "comment_count", "group_name", "participant_count", "created_at",
    "updated_at", "target_feature", "photos",
]  # fmt: skip
SHAPEFILE_COLUMNS = [
    "id", "layer", "category", "title", "text", "status", "response", "votes_for", "votes_agst",
    "comments", "group_name", "headcount", "created_at", "updated_at", "target", "photos",
]  # fmt: skip


@pytest.fixture
def consultation():
    """Three visible contributions (a point, a line, a polygon) and two the public cannot see."""
    layer = factories.ContributionLayerFactory(name="Ideas", campaign__slug="parks")
    author = factories.UserFactory(display_name="Camille", email="camille@example.org")
    bench = factories.AnnotationFactory(
        layer=layer,
        author=author,
        title='Benches, "please"',
        body="Under the plane trees,\nfacing south.",
        category="proposal",
        status=Annotation.Status.ACCEPTED,
        response_text="Planned for spring.",
        group_name="Residents' association",
        participant_count=12,
        target_feature=factories.FeatureFactory(layer__campaign=layer.campaign),
    )
    factories.VoteFactory(annotation=bench)
    factories.VoteFactory(annotation=bench)
    factories.VoteFactory(annotation=bench, value=-1)
    factories.CommentFactory(annotation=bench)
    factories.CommentFactory(annotation=bench, is_hidden=True)
    factories.AnnotationFactory(
        layer=layer,
        author=author,
        title="Cycle lane",
        geometry=LineString((2.205, 48.894), (2.210, 48.896), srid=4326),
    )
    factories.AnnotationFactory(
        layer=layer,
        author=author,
        title="Playground",
        geometry=Point(2.2, 48.89, srid=4326).buffer(0.001),
    )
    factories.AnnotationFactory(layer=layer, title="Hidden", is_hidden=True)
    factories.AnnotationFactory(layer=layer, title="Draft", status=Annotation.Status.SUBMITTED)
    factories.AnnotationFactory(title="Elsewhere")
    return bench


@pytest.fixture(autouse=True)
def _export_files_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def export(client, language="en", **params):
    """Ask for an export; a file built by a job is built (by the worker's code, here) and the
    export asked for again, which then leads to the finished file."""
    headers = {"accept-language": language}
    response = client.get(reverse("export-contributions"), params, headers=headers)
    if response.status_code == 302 and run_queued_exports():
        response = client.get(reverse("export-contributions"), params, headers=headers, follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def read_back(tmp_path, body, name):
    path = tmp_path / name
    path.write_bytes(body)
    return path


def gdal_rows(source):
    """Every layer of the file as (srid, field names, rows) read by GDAL."""
    return [
        (
            layer.srs and layer.srs.srid,
            layer.fields,
            [{f: feature.get(f) for f in layer.fields} for feature in layer],
        )
        for layer in DataSource(str(source))
    ]


def test_geojson_is_streamed_with_counts_and_the_authors_display_name(client, consultation):
    response, body = export(client, campaign="parks")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    assert (
        response["Content-Disposition"] == 'attachment; filename="contributions-parks-4326.geojson"'
    )
    collection = json.loads(body)
    assert [f["properties"]["title"] for f in collection["features"]] == [
        'Benches, "please"', "Cycle lane", "Playground",
    ]  # fmt: skip
    bench = collection["features"][0]
    assert bench["id"] == consultation.pk
    assert {
        k: v for k, v in bench["properties"].items() if k not in ("created_at", "updated_at")
    } == {
        "id": consultation.pk,
        "layer": "Ideas",
        "category": "proposal",
        "title": 'Benches, "please"',
        "text": "Under the plane trees,\nfacing south.",
        "status": "accepted",
        "official_response": "Planned for spring.",
        "votes_for": 2,
        "votes_against": 1,
        "comment_count": 1,
        "group_name": "Residents' association",
        "participant_count": 12,
        "target_feature": consultation.target_feature_id,
        "photos": "",
        "author": "Camille",
    }
    assert bench["geometry"] == {"type": "Point", "coordinates": [2.2088, 48.895]}
    assert b"example.org" not in body


def test_no_author_at_all_when_the_campaign_hides_names(client, consultation):
    consultation.layer.campaign.show_author_names = False
    consultation.layer.campaign.save()

    _, body = export(client, campaign="parks")

    properties = json.loads(body)["features"][0]["properties"]
    assert list(properties) == COLUMNS
    assert b"Camille" not in body


def test_geojson_in_lambert93_is_read_by_gdal_in_lambert93(client, consultation, tmp_path):
    _, body = export(client, layer=consultation.layer_id, srid=2154)

    [(srid, fields, rows)] = gdal_rows(read_back(tmp_path, body, "export.geojson"))
    assert srid == 2154
    assert fields == [*COLUMNS, "author"]
    assert len(rows) == 3
    x, y = next(iter(DataSource(str(tmp_path / "export.geojson"))[0])).geom.coords
    assert (x, y) == pytest.approx(consultation.geometry.transform(2154, clone=True).coords)


def test_csv_holds_wkt_and_a_representative_point(client, consultation, tmp_path):
    response, body = export(client, campaign="parks", format="csv", srid=2154)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert list(rows[0]) == [*COLUMNS, "author", "wkt", "longitude", "latitude"]
    assert [row["title"] for row in rows] == ['Benches, "please"', "Cycle lane", "Playground"]
    assert rows[0]["text"] == "Under the plane trees,\nfacing south."
    assert (rows[0]["votes_for"], rows[0]["votes_against"], rows[0]["comment_count"]) == (
        "2",
        "1",
        "1",
    )
    assert rows[0]["wkt"] == consultation.geometry.transform(2154, clone=True).wkt.replace(
        " (", "("
    )
    assert (float(rows[0]["longitude"]), float(rows[0]["latitude"])) == (2.2088, 48.895)
    assert rows[1]["wkt"].startswith("LINESTRING(")
    # GDAL's CSV driver takes the wkt column as the geometry.
    [(_, fields, gdal)] = gdal_rows(read_back(tmp_path, body, "export.csv"))
    assert len(gdal) == 3 and "title" in fields


def test_geopackage_in_lambert93(client, consultation, tmp_path):
    response, body = export(client, campaign="parks", format="gpkg", srid=2154)

    assert response["Content-Disposition"] == 'attachment; filename="contributions-parks-2154.gpkg"'
    [(srid, fields, rows)] = gdal_rows(read_back(tmp_path, body, "export.gpkg"))
    assert srid == 2154
    assert fields == [*COLUMNS, "author"]
    assert [row["title"] for row in rows] == ['Benches, "please"', "Cycle lane", "Playground"]
    assert rows[0]["votes_for"] == 2


def test_zipped_shapefiles_one_per_type_of_geometry(client, consultation, tmp_path):
    response, body = export(client, layer=consultation.layer_id, format="shp", srid=2154)

    assert response["Content-Type"] == "application/zip"
    source = f"/vsizip/{read_back(tmp_path, body, 'export.zip')}"
    layers = {layer.name: layer for layer in DataSource(source)}
    assert sorted(layers) == [
        f"contributions-parks-layer{consultation.layer_id}-2154-{group}"
        for group in ("lines", "points", "polygons")
    ]
    for layer in layers.values():
        assert layer.srs.srid == 2154
        assert layer.fields == [*SHAPEFILE_COLUMNS, "author"]
        assert len(layer) == 1
    point = next(name for name in layers if name.endswith("points"))
    assert next(iter(layers[point])).get("votes_agst") == 1


def test_kml_is_always_wgs84(client, consultation, tmp_path):
    response, body = export(client, campaign="parks", format="kml")

    assert response["Content-Disposition"] == 'attachment; filename="contributions-parks-4326.kml"'
    [(srid, fields, rows)] = gdal_rows(read_back(tmp_path, body, "export.kml"))
    assert srid == 4326
    assert {"votes_for", "official_response", "author"} <= set(fields)
    assert [row["Name"] for row in rows] == ['Benches, "please"', "Cycle lane", "Playground"]

    response, _ = export(client, campaign="parks", format="kml", srid=2154)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"srid": ["KML is always in WGS84 (EPSG:4326), by the format's rule."]}
    }


def test_the_apis_filters_apply(client, consultation):
    _, body = export(client, campaign="parks", category="proposal", collective="true")
    assert [f["properties"]["title"] for f in json.loads(body)["features"]] == ['Benches, "please"']

    _, body = export(client, campaign="parks", bbox="2.19,48.88,2.201,48.891")
    assert [f["properties"]["title"] for f in json.loads(body)["features"]] == ["Playground"]


@pytest.mark.parametrize(
    ("params", "status", "errors"),
    [
        (
            {"campaign": "parks", "format": "xls"},
            400,
            {"format": ["Unknown format “xls”; use one of: geojson, csv, gpkg, shp, kml."]},
        ),
        (
            {"campaign": "parks", "srid": "3857"},
            400,
            {
                "srid": [
                    "The coordinate system EPSG:3857 is not offered; use 4326 (WGS84) or "
                    "2154 (Lambert-93)."
                ]
            },
        ),
        ({}, 400, {"__all__": ["Say what to export: ?campaign=<slug> or ?layer=<id>."]}),
        (
            {"campaign": "parks", "bbox": "west"},
            400,
            {"bbox": ["bbox takes four numbers: west,south,east,north (in degrees)."]},
        ),
        ({"campaign": "nowhere"}, 404, {"campaign": ["There is no such campaign."]}),
        ({"layer": "999999"}, 404, {"layer": ["There is no such contribution layer."]}),
    ],
)
def test_bad_parameters_are_named(client, consultation, params, status, errors):
    response, _ = export(client, **params)

    assert response.status_code == status
    assert response.json() == {"errors": errors}


def test_unpublished_campaigns_are_for_staff_only(client, consultation, staff):
    consultation.layer.campaign.is_published = False
    consultation.layer.campaign.save()

    response, _ = export(client, campaign="parks")
    assert response.status_code == 404

    client.force_login(staff)
    response, body = export(client, campaign="parks")
    assert response.status_code == 200
    assert len(json.loads(body)["features"]) == 3


def test_errors_speak_the_users_language(client, consultation):
    response, _ = export(client, language="fr", campaign="parks", format="kml", srid=2154)

    assert response.json() == {
        "errors": {"srid": ["Le KML est toujours en WGS84 (EPSG:4326), selon la règle du format."]}
    }


def test_staff_find_the_exports_on_the_layer_page(client, consultation, staff):
    client.force_login(staff)

    page = client.get(
        reverse("admin:layers_layer_change", args=[consultation.layer_id]),
        headers={"accept-language": "en"},
    ).content.decode()

    link = f"/exports/contributions?layer={consultation.layer_id}&amp;format=gpkg&amp;srid=2154"
    assert f'<a href="{link}">Export as GeoPackage (Lambert-93)</a>' in page

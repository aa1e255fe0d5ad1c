"""A contribution's text lands in planners' spreadsheets as text, never as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from annotations.exports.formats import ExportTooLong
from core.spreadsheets import neutralise
from tests.support import factories
from tests.support.queue import run_queued_exports

pytestmark = pytest.mark.django_db

FORMULAS = {
    '=HYPERLINK("https://example.org/?"&B2,"voir")': '\'=HYPERLINK("https://example.org/?"&B2,"voir")',
    "+33 1 23": "'+33 1 23",
    "-1+2": "'-1+2",
    "@SUM(A1:A9)": "'@SUM(A1:A9)",
    "\tindented": "'\tindented",
    "\rreturn": "'\rreturn",
    "-12.5": "'-12.5",
    -12.5: -12.5,
    3: 3,
    "A plain title": "A plain title",
    "Gare = centre": "Gare = centre",
}


@pytest.mark.parametrize(("sent", "kept"), FORMULAS.items(), ids=range(len(FORMULAS)))
def test_each_formula_start_is_neutralised(sent, kept):
    assert neutralise(sent) == kept


def test_the_csv_export_writes_formulas_as_text(client):
    layer = factories.ContributionLayerFactory(campaign__slug="parks")
    author = factories.UserFactory(display_name="=cmd|' /C calc'!A0")
    factories.AnnotationFactory(
        layer=layer,
        author=author,
        title='=HYPERLINK("https://example.org/?"&B2,"voir")',
        body="@SUM(A1:A9)",
        response_text="+1",
        group_name="\tTab",
    )

    response = client.get(reverse("export-contributions"), {"campaign": "parks", "format": "csv"})

    [row] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["title"] == '\'=HYPERLINK("https://example.org/?"&B2,"voir")'
    assert row["text"] == "'@SUM(A1:A9)"
    assert row["official_response"] == "'+1"
    assert row["group_name"] == "'\tTab"
    assert row["author"] == "'=cmd|' /C calc'!A0"
    assert float(row["longitude"]) > 0 and row["votes_for"] == "0"
    assert all(not value.startswith(("=", "+", "@")) for value in row.values())


def test_an_ogr2ogr_export_past_its_time_limit_is_stopped_with_a_message(
    client, settings, tmp_path, monkeypatch
):
    settings.EXPORT_OGR2OGR_TIMEOUT = 0.001
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    factories.AnnotationFactory(layer__campaign__slug="parks")

    english = {"accept-language": "en"}
    asked = client.get(
        reverse("export-contributions"), {"campaign": "parks", "format": "gpkg"}, headers=english
    )
    # GeoPackages are built by a job: run here with the worker's code, its only attempt,
    # which fails (raising, for the queue to retry when attempts are left).
    assert asked.status_code == 302
    with pytest.raises(ExportTooLong):
        run_queued_exports()

    page = client.get(asked["Location"], headers=english).content.decode()
    assert "The file could not be built after 1 attempt." in page
    assert "The GIS conversion took too long and was stopped." in page
    assert list(tmp_path.iterdir()) == []

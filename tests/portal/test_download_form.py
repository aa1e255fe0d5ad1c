"""Planners download the contributions from the campaign page and the dashboard: the form
offers every format and coordinate system the export speaks, and what it sends works."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.support.factories import AnnotationFactory, ContributionLayerFactory
from tests.support.queue import run_queued_exports

pytestmark = pytest.mark.django_db

FORMATS = ["geojson", "gpkg", "shp", "csv", "kml"]
CONTENT_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "shp": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "kml": "application/vnd.google-earth.kml+xml",
}


def download_form(html):
    """The form's action, hidden fields and the options of each menu."""
    form = re.search(r'<form class="download-contributions".*?</form>', html, re.S).group(0)
    menus = {
        name: re.findall(r'<option value="([^"]+)">', body)
        for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S)
    }
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    action = re.search(r'action="([^"]+)"', form).group(1)
    button = re.search(r"<button[^>]*>(.*?)</button>", form).group(1)
    return action, hidden, menus, unescape(button)


@pytest.fixture
def contributions(campaign):
    layer = ContributionLayerFactory(campaign=campaign)
    AnnotationFactory(layer=layer, title="Un banc à l'ombre")
    return campaign


def test_the_campaign_page_offers_every_format_and_coordinate_system(client, contributions):
    html = client.get(contributions.get_absolute_url()).content.decode()

    action, hidden, menus, button = download_form(html)

    assert action == reverse("export-contributions")
    assert hidden == {"campaign": contributions.slug}
    assert menus == {"format": FORMATS, "srid": ["4326", "2154"]}
    assert button == "Télécharger les contributions"


@pytest.mark.parametrize(
    ("file_format", "srid"), [(f, "4326") for f in FORMATS] + [("gpkg", "2154")]
)
def test_what_the_form_sends_downloads_a_file(
    client, contributions, file_format, srid, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    action, hidden, _, _ = download_form(
        client.get(contributions.get_absolute_url()).content.decode()
    )
    asked = {**hidden, "format": file_format, "srid": srid}

    response = client.get(action, asked)
    # GIS files are built by a job (the worker's code, run here), then downloaded.
    if response.status_code == 302 and run_queued_exports():
        response = client.get(action, asked, follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[file_format]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format in ("geojson", "csv", "kml"):
        assert "Un banc à l'ombre" in body.decode()
    else:
        assert len(body) > 1000


def test_the_dashboard_offers_the_same_download(client, contributions, staff):
    client.force_login(staff)

    html = client.get(reverse("portal:dashboard", args=[contributions.slug])).content.decode()

    _, hidden, menus, button = download_form(html)
    assert hidden == {"campaign": contributions.slug}
    assert menus["format"] == FORMATS
    assert button == "Télécharger les contributions"

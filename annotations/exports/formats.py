"""Writing exported contributions in each format.

GeoJSON and CSV are written by PostgreSQL and streamed; GeoPackage,
Shapefile and KML are converted by ogr2ogr from a streamed GeoJSON file.
"""

import shutil
import subprocess
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKT, PointOnSurface, Transform
from django.db import connection
from django.db.models import CharField, FloatField, Func

from core.spreadsheets import SpreadsheetSafe, is_text
from gis.geojson import stream_feature_collection
from gis.geometry import STORAGE_SRID

LAMBERT_93 = 2154
CSV_CHUNK_SIZE = 1 << 16
EXPORT_SRIDS = (STORAGE_SRID, LAMBERT_93)

# dBase field names hold ten characters: the Shapefile's own names for the long ones.
SHAPEFILE_NAMES = {
    "official_response": "response",
    "votes_against": "votes_agst",
    "comment_count": "comments",
    "participant_count": "headcount",
    "target_feature": "target",
}
# A Shapefile holds one type of geometry: one file per group, named after it.
SHAPEFILE_GROUPS = {
    "points": ("POINT",),
    "multipoints": ("MULTIPOINT",),
    "lines": ("LINESTRING", "MULTILINESTRING"),
    "polygons": ("POLYGON", "MULTIPOLYGON"),
}


def geojson_chunks(queryset, properties, srid):
    for chunk in stream_feature_collection(queryset, srid=srid, **properties):
        yield chunk.encode()


def csv_chunks(queryset, properties, srid):
    """The rows as CSV written by PostgreSQL's COPY: the properties, the geometry as WKT in
    `srid`, and the longitude and latitude of a point on the geometry. A property a
    spreadsheet would run as a formula is written as text (core.spreadsheets)."""
    geometry = "geometry" if srid == STORAGE_SRID else Transform("geometry", srid)
    point = PointOnSurface("geometry")
    columns = {
        **{
            name: SpreadsheetSafe(value) if is_text(value, queryset.query) else value
            for name, value in properties.items()
        },
        "wkt": AsWKT(geometry),
        "longitude": Func(point, function="ST_X", output_field=FloatField()),
        "latitude": Func(point, function="ST_Y", output_field=FloatField()),
    }
    # Aliases of our own: an annotation may not take a model field's name.
    rows = queryset.values(**{f"column_{i}": value for i, value in enumerate(columns.values())})
    sql, params = rows.query.sql_with_params()
    yield (",".join(columns) + "\n").encode()
    buffer = bytearray()
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy,
    ):
        # COPY hands over a row at a time: send the client fewer, larger chunks.
        for row in copy:
            buffer += row
            if len(buffer) >= CSV_CHUNK_SIZE:
                yield bytes(buffer)
                buffer.clear()
    yield bytes(buffer)


@dataclass(frozen=True)
class GISFile:
    """A format written by ogr2ogr: its driver, its options and how the file is served."""

    driver: str
    extension: str
    content_type: str
    options: tuple = ()
    wgs84_only: bool = False

    def write(self, queryset, properties, srid, folder, name):
        """Write the rows into `folder`; return the path of the file to serve."""
        source = _geojson_file(queryset, properties, srid, folder)
        target = folder / f"{name}.{self.extension}"
        _ogr2ogr("-f", self.driver, *self.options, target, source)
        return target


@dataclass(frozen=True)
class ShapefileArchive(GISFile):
    """Shapefiles, one per type of geometry, zipped with their .prj and .cpg."""

    def write(self, queryset, properties, srid, folder, name):
        source = _geojson_file(queryset, properties, srid, folder)
        shapefiles = folder / name
        shapefiles.mkdir()
        fields = ", ".join(
            f'"{field}" AS "{SHAPEFILE_NAMES.get(field, field)}"' for field in properties
        )
        present = set(
            queryset.order_by()
            .annotate(kind=Func("geometry", function="GeometryType", output_field=CharField()))
            .values_list("kind", flat=True)
            .distinct()
        )
        for group, types in SHAPEFILE_GROUPS.items():
            if present.isdisjoint(types):
                continue
            listed = ", ".join(f"'{t}'" for t in types)
            _ogr2ogr(
                "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8",
                "-dialect", "OGRSQL", "-nln", f"{name}-{group}",
                "-sql", f"SELECT {fields} FROM source WHERE OGR_GEOMETRY IN ({listed})",
                shapefiles, source,
            )  # fmt: skip
        archive = folder / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for part in sorted(shapefiles.iterdir()):
                zipped.write(part, part.name)
        return archive


def _geojson_file(queryset, properties, srid, folder):
    source = folder / "source.geojson"
    with source.open("wb") as file:
        for chunk in geojson_chunks(queryset, properties, srid):
            file.write(chunk)
    return source


class ExportTooLong(Exception):
    """ogr2ogr ran past `settings.EXPORT_OGR2OGR_TIMEOUT` and was stopped."""


def _ogr2ogr(*args):
    """Run ogr2ogr, stopped after `settings.EXPORT_OGR2OGR_TIMEOUT` seconds: the one place
    a GIS export's time is bounded (a background job would take the same limit)."""
    try:
        subprocess.run(
            [shutil.which("ogr2ogr") or "ogr2ogr", *map(str, args)],
            check=True,
            capture_output=True,
            timeout=settings.EXPORT_OGR2OGR_TIMEOUT,
        )
    except subprocess.TimeoutExpired as error:
        raise ExportTooLong(settings.EXPORT_OGR2OGR_TIMEOUT) from error


@dataclass(frozen=True)
class StreamedFormat:
    """A format PostgreSQL writes and the view streams as it comes."""

    chunks: object
    extension: str
    content_type: str


STREAMED_FORMATS = {
    "geojson": StreamedFormat(geojson_chunks, "geojson", "application/geo+json"),
    "csv": StreamedFormat(csv_chunks, "csv", "text/csv; charset=utf-8"),
}

FILE_FORMATS = {
    "gpkg": GISFile("GPKG", "gpkg", "application/geopackage+sqlite3", ("-nln", "contributions")),
    "shp": ShapefileArchive("ESRI Shapefile", "zip", "application/zip"),
    # KML is WGS84 by the format's own rule.
    "kml": GISFile(
        "KML",
        "kml",
        "application/vnd.google-earth.kml+xml",
        ("-dsco", "NameField=title", "-dsco", "DescriptionField=text", "-nln", "contributions"),
        wgs84_only=True,
    ),
}

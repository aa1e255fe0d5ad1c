"""Opening a GIS file through GDAL: which file, which driver, which layer, which system."""

import contextlib
import tempfile
from ctypes import c_char_p, c_void_p
from pathlib import Path

from django.contrib.gis.gdal import DataSource, Driver, GDALException, SpatialReference
from django.contrib.gis.gdal.libgdal import lgdal
from django.contrib.gis.gdal.prototypes import ds as ds_capi
from django.contrib.gis.gdal.prototypes.generation import int_output
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gis.geometry import ALLOWED_SRIDS

from .archives import extract_zip
from .geojson import with_safe_crs

# The only GDAL drivers a file may be opened with, by extension. Naming the
# driver keeps GDAL from guessing another one (a VRT reaching other files, say)
# from an uploaded file's content. LIBKML, unlike the KML driver, reads the
# attributes in ExtendedData.
DRIVERS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".shp": "ESRI Shapefile",
    ".gpkg": "GPKG",
    ".kml": "LIBKML",
}
# Fields LIBKML adds to every layer for KML's own presentation, not attributes.
PRESENTATION_FIELDS = {
    "LIBKML": {
        "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility",
        "drawOrder", "icon",
    },
}  # fmt: skip
SUPPORTED_SUFFIXES = (*DRIVERS, ".zip")

_is_same_srs = int_output(lgdal.OSRIsSame, [c_void_p, c_void_p])


def _refuse_suffix(name):
    raise ValidationError(
        _(
            "“%(name)s” is not a supported file; use GeoJSON, a zipped Shapefile, "
            "GeoPackage or KML (%(suffixes)s)."
        ),
        code="unsupported_file",
        params={"name": name, "suffixes": ", ".join(SUPPORTED_SUFFIXES)},
    )


def _dataset_in(folder):
    """The one GIS file an unpacked archive holds."""
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in DRIVERS and p.is_file())
    if len(found) != 1:
        raise ValidationError(
            _(
                "The archive must hold exactly one GIS file (a .shp with its .dbf, .shx "
                "and .prj, or a GeoJSON, GeoPackage or KML); it holds %(count)s."
            ),
            code="zip_content",
            params={"count": len(found)},
        )
    return found[0]


def _open(path):
    driver = DRIVERS[path.suffix.lower()]
    allowed = (c_char_p * 2)(driver.encode(), None)
    Driver.ensure_registered()
    try:
        pointer = ds_capi.open_ds(
            str(path).encode(),
            ds_capi.GDAL_OF_READONLY | ds_capi.GDAL_OF_VECTOR,
            allowed,
            None,
            None,
        )
    except GDALException as error:
        raise ValidationError(
            _("The file cannot be read as %(driver)s."),
            code="unreadable",
            params={"driver": driver},
        ) from error
    return DataSource(pointer, ds_capi.get_dataset_driver(pointer))


@contextlib.contextmanager
def open_source(path):
    """Yield a DataSource for `path`, unpacking a zip into a temporary folder first, and
    making a GeoJSON's coordinate system safe to read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        _refuse_suffix(path.name)
    with tempfile.TemporaryDirectory(prefix="geoconsult-import-") as folder:
        folder = Path(folder)
        if suffix == ".zip":
            path = _dataset_in(extract_zip(path, folder / "unzipped"))
        if DRIVERS[path.suffix.lower()] == "GeoJSON":
            path = with_safe_crs(path, folder)
        yield _open(path)


def choose_layer(source, name=None):
    """The layer called `name`, or the only one; a GeoPackage may hold several."""
    names = [layer.name for layer in source]
    if name is None and len(names) == 1:
        return source[0]
    if name in names:
        return source[name]
    if name is None:
        message = _("The file holds several layers; choose one of: %(names)s.")
    else:
        message = _("The file has no layer “%(name)s”; choose one of: %(names)s.")
    raise ValidationError(
        message, code="layer_choice", params={"name": name, "names": ", ".join(names)}
    )


def coordinate_system(layer, declared_srid=None):
    """The EPSG code of the layer's coordinates, from the allow-list.

    `declared_srid`, when given, is what the user says the coordinates are in
    and wins over the file. Otherwise the file's system is compared with each
    allowed EPSG system; its own text is never handed to GDAL to resolve.
    """
    allowed = ", ".join(map(str, sorted(ALLOWED_SRIDS)))
    if declared_srid is not None:
        if declared_srid not in ALLOWED_SRIDS:
            raise ValidationError(
                _("The coordinate system EPSG:%(srid)s is not accepted; use one of %(allowed)s."),
                code="srid_not_allowed",
                params={"srid": declared_srid, "allowed": allowed},
            )
        return declared_srid
    srs = layer.srs
    if srs is None:
        raise ValidationError(
            _(
                "The file does not say which coordinate system it uses; name its EPSG code, "
                "one of %(allowed)s."
            ),
            code="srs_missing",
            params={"allowed": allowed},
        )
    if srs.auth_name(None) == "EPSG" and srs.srid in ALLOWED_SRIDS:
        return srs.srid
    for srid in sorted(ALLOWED_SRIDS):
        if _is_same_srs(srs.ptr, SpatialReference(srid).ptr):
            return srid
    raise ValidationError(
        _(
            "The file's coordinate system (%(name)s) is not one of the accepted ones; "
            "reproject it, or name its EPSG code, one of %(allowed)s."
        ),
        code="srs_unknown",
        params={"name": srs.name or _("unnamed"), "allowed": allowed},
    )

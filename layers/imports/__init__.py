"""Reference layers from GIS files: GeoJSON, zipped Shapefile, GeoPackage and KML."""

from .service import import_layer
from .sources import SUPPORTED_SUFFIXES

__all__ = ["SUPPORTED_SUFFIXES", "import_layer"]

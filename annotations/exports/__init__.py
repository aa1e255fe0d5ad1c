"""Contributions out as GIS files: GeoJSON, CSV, GeoPackage, zipped Shapefile and KML."""

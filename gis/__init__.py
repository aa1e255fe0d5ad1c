"""The GIS toolkit: geometry validation and SRID policy, GeoJSON built by PostGIS and
streamed, the bbox filter, the GeoJSON geometry field of the API.

It holds no models and imports no app but `core` (docs/architecture.md).
"""

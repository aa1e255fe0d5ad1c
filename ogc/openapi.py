"""The OpenAPI 3.0 description of /ogc/, which the landing page links as `service-desc`."""

from django.utils.translation import gettext as _

from .collections import DEFAULT_LIMIT, MAX_LIMIT


def _parameter(name, description, schema, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


def _get(summary, media_type, parameters=()):
    return {
        "get": {
            "summary": summary,
            "parameters": list(parameters),
            "responses": {
                "200": {"description": summary, "content": {media_type: {}}},
                "400": {"description": _("A parameter is wrong.")},
                "404": {"description": _("Not found.")},
            },
        }
    }


def description(server_url):
    collection = _parameter(
        "collectionId", _("A layer: layer-<id>."), {"type": "string"}, "path", True
    )
    items_parameters = [
        collection,
        _parameter(
            "bbox",
            _("Only features meeting this box: west,south,east,north in degrees."),
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        ),
        _parameter(
            "limit",
            _("How many features per page."),
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
        ),
        _parameter("offset", _("How many features to skip."), {"type": "integer", "minimum": 0}),
    ]
    feature_id = _parameter("featureId", _("A feature's id."), {"type": "integer"}, "path", True)
    json, geojson = "application/json", "application/geo+json"
    return {
        "openapi": "3.0.3",
        "info": {"title": _("geoconsult: campaign layers and contributions"), "version": "1"},
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get(_("Landing page"), json),
            "/api": _get(_("This description"), "application/vnd.oai.openapi+json;version=3.0"),
            "/conformance": _get(_("Conformance classes"), json),
            "/collections": _get(_("Collections"), json),
            "/collections/{collectionId}": _get(_("A collection"), json, [collection]),
            "/collections/{collectionId}/items": _get(_("Features"), geojson, items_parameters),
            "/collections/{collectionId}/items/{featureId}": _get(
                _("A feature"), geojson, [collection, feature_id]
            ),
        },
    }

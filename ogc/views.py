"""OGC API - Features, Part 1 (Core, GeoJSON, HTML): geoconsult's layers live in QGIS.

Read-only and public: the layers of published campaigns, their features as
GeoJSON built by PostGIS, a page at a time. The same documents read as web pages
(`f=html`, or a browser's Accept header), so a planner finds the data before the
software that reads it.
"""

import json

from django import forms
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.pagination import bounded_count
from gis.filters import parse_bbox
from gis.geojson import GEOJSON, stream_feature_collection

from . import openapi
from .collections import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    collection_id,
    extent_of,
    features_of,
    find_layer,
    published_layers,
)

CONFORMANCE_CLASSES = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
HTML = "text/html"
# Accents as they are, in the JSON documents as in the features PostGIS writes.
JSON_DUMPS = {"ensure_ascii": False}


class OGCError(Exception):
    def __init__(self, status, code, description):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def _wants_html(request, template):
    """`f=html`, or no `f` and an Accept header that prefers HTML (a browser's)."""
    chosen = request.GET.get("f")
    if chosen is not None:
        if chosen == "html" and template:
            return True
        if chosen != "json":
            formats = "f=json, f=html" if template else "f=json"
            raise OGCError(
                400,
                "InvalidParameterValue",
                _("Unknown format “%(f)s”; this service speaks %(formats)s.")
                % {"f": chosen, "formats": formats},
            )
        return False
    # On a tie (*/*, as curl and GDAL send), JSON comes first.
    offered = [JSON, GEOJSON, OPENAPI, *([HTML] if template else [])]
    preferred = request.get_preferred_type(offered)
    if preferred is None:
        raise OGCError(
            406,
            "NotAcceptable",
            _("This service answers in JSON (application/json, application/geo+json) or HTML."),
        )
    return preferred == HTML


def ogc_view(template=None):
    """JSON, or HTML from `ogc/<template>.html` when asked for; errors as OGC API
    exceptions (a page when HTML was asked for)."""

    def decorator(view):
        @require_GET
        def wrapper(request, *args, **kwargs):
            html = False
            try:
                html = _wants_html(request, template)
                body, content_type = view(request, *args, **kwargs)
            except OGCError as error:
                body = {"code": error.code, "description": error.description}
                if html:
                    return render(request, "ogc/error.html", body, status=error.status)
                return JsonResponse(body, status=error.status, json_dumps_params=JSON_DUMPS)
            if html:
                document = body if isinstance(body, dict) else json.loads("".join(body))
                return render(
                    request,
                    f"ogc/{template}.html",
                    {"document": document, "json_url": _with_format(request, "json")},
                )
            if isinstance(body, dict):
                return JsonResponse(body, content_type=content_type, json_dumps_params=JSON_DUMPS)
            return StreamingHttpResponse(body, content_type=content_type)

        return wrapper

    return decorator


def _with_format(request, f):
    query = request.GET.copy()
    query["f"] = f
    return f"{request.path}?{query.urlencode()}"


def _link(request, href, rel, media_type, title=None):
    link = {"href": request.build_absolute_uri(href), "rel": rel, "type": media_type}
    if title:
        link["title"] = title
    return link


def _html_link(request, path):
    return _link(request, f"{path}?f=html", "alternate", HTML, _("This document as HTML"))


@ogc_view("landing")
def landing_page(request):
    return {
        "title": _("geoconsult: campaign layers and contributions"),
        "description": _(
            "The layers of every published campaign, with residents' contributions, "
            "their votes and official answers."
        ),
        "links": [
            _link(request, reverse("ogc:landing"), "self", JSON, _("This document")),
            _html_link(request, reverse("ogc:landing")),
            _link(request, reverse("ogc:api"), "service-desc", OPENAPI, _("The API's definition")),
            _link(request, reverse("ogc:conformance"), "conformance", JSON, _("Conformance")),
            _link(request, reverse("ogc:collections"), "data", JSON, _("Collections")),
        ],
    }, JSON


@ogc_view()
def api(request):
    return openapi.description(request.build_absolute_uri(reverse("ogc:landing"))), OPENAPI


@ogc_view("conformance")
def conformance(request):
    return {"conformsTo": CONFORMANCE_CLASSES}, JSON


def _describe(request, layer):
    collection = collection_id(layer)
    items = reverse("ogc:items", args=[collection])
    return {
        "id": collection,
        "title": f"{layer.campaign.title} · {layer.name}",
        "description": layer.question or layer.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [list(extent_of(layer))], "crs": CRS84}},
        "links": [
            _link(request, reverse("ogc:collection", args=[collection]), "self", JSON),
            _html_link(request, reverse("ogc:collection", args=[collection])),
            _link(request, items, "items", GEOJSON, _("Features")),
        ],
    }


@ogc_view("collections")
def collections(request):
    return {
        "links": [
            _link(request, reverse("ogc:collections"), "self", JSON),
            _html_link(request, reverse("ogc:collections")),
        ],
        "collections": [_describe(request, layer) for layer in published_layers()],
    }, JSON


def _layer(collection):
    layer = find_layer(collection)
    if layer is None:
        raise OGCError(404, "NotFound", _("There is no collection “%(id)s”.") % {"id": collection})
    return layer


@ogc_view("collection")
def collection(request, collection_id):
    return _describe(request, _layer(collection_id)), JSON


LARGEST_BIGINT = 2**63 - 1


def _whole_number(request, name, default, minimum, maximum):
    value = request.GET.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise OGCError(
            400,
            "InvalidParameterValue",
            _("%(name)s must be a whole number of at least %(minimum)s.")
            % {"name": name, "minimum": minimum},
        )
    # A number past the maximum is served as the maximum: for a limit, as the standard allows.
    return min(number, maximum)


def _page_link(request, rel, limit, **position):
    """A link to another page: by `offset`, or by `cursor` (the last id of the page before)."""
    query = request.GET.copy()
    for name in ("offset", "cursor"):
        query.pop(name, None)
    # Set, not QueryDict.update, which appends: each page's link would carry one more limit.
    for name, value in {"limit": limit, **position}.items():
        query[name] = value
    return _link(request, f"{request.path}?{query.urlencode()}", rel, GEOJSON)


@ogc_view("items")
def items(request, collection_id):
    """A page of features in id order. `next` links carry a cursor, the last id of the page,
    so each page starts from the index and costs what the first costs; `offset` still
    works for clients that send it. `numberMatched` is given while counting stays cheap."""
    layer = _layer(collection_id)
    limit = _whole_number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    # Past the last row either one selects nothing; past a bigint, PostgreSQL refuses it.
    offset = _whole_number(request, "offset", 0, 0, LARGEST_BIGINT)
    cursor = _whole_number(request, "cursor", 0, 0, LARGEST_BIGINT)
    queryset, properties = features_of(layer)
    if "bbox" in request.GET:
        try:
            queryset = queryset.filter(geometry__intersects=parse_bbox(request.GET["bbox"]))
        except forms.ValidationError as error:
            raise OGCError(400, "InvalidParameterValue", error.messages[0]) from error
    queryset = queryset.filter(pk__gt=cursor).order_by("pk")
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit + 1])
    # The page's rows lie between its first and last ids; with the limit too, PostgreSQL
    # reads them in the primary key's order rather than sorting the features it built.
    page = queryset.filter(pk__range=(ids[0], ids[:limit][-1]))[:limit] if ids else queryset.none()
    links = [_link(request, request.get_full_path(), "self", GEOJSON)]
    if len(ids) > limit:
        links.append(_page_link(request, "next", limit, cursor=ids[limit - 1]))
    if offset and not cursor:
        links.append(_page_link(request, "prev", limit, offset=max(offset - limit, 0)))
    members = {"numberReturned": min(len(ids), limit), "links": links}
    if not cursor:
        matched, exact = bounded_count(queryset)
        if exact:
            members["numberMatched"] = matched
    return stream_feature_collection(page, members=members, properties=properties), GEOJSON


@ogc_view("item")
def item(request, collection_id, feature_id):
    layer = _layer(collection_id)
    queryset, properties = features_of(layer)
    collection = json.loads(
        "".join(stream_feature_collection(queryset.filter(pk=feature_id), properties=properties))
    )
    if not collection["features"]:
        raise OGCError(404, "NotFound", _("There is no feature %(id)s here.") % {"id": feature_id})
    feature = collection["features"][0]
    feature["links"] = [
        _link(request, request.path, "self", GEOJSON),
        _link(request, reverse("ogc:collection", args=[collection_id]), "collection", JSON),
    ]
    return feature, GEOJSON

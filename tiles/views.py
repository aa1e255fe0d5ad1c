"""A layer's vector tiles at a stable address, `/tiles/layers/<id>/{z}/{x}/{y}.mvt`, and
its TileJSON document, for the campaign map, QGIS and any XYZ vector tiles client.

A tile shows what the list shows the same person, with the same filters
(category, status, collective). It is cached through Django's cache under a key
holding the layer's `content_version`, which every write to the layer's content
bumps in its transaction (annotations migration 0007): a changed layer is never
served from an old entry. The key also names who looks, as the rules differ:
the public, a signed-in resident (their own contributions too), or moderators and staff.
"""

import hashlib

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import TextField, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from annotations.filters import AnnotationFilter
from annotations.models import Annotation, ContributionCell, sees_everything
from annotations.properties import TILE_PROPERTIES
from campaigns.models import Campaign
from layers.models import Layer

from .grid import MAX_ZOOM, Tile
from .mvt import (
    CLUSTERS,
    CONTRIBUTIONS,
    FEATURES,
    FEATURES_FROM_ZOOM,
    counted_tile_bytes,
    tile_bytes,
)

MVT = "application/vnd.mapbox-vector-tile"
# The list's filters a contribution layer's tile takes; anything else in the address, and
# any filter on a reference layer (it holds no contributions), is ignored.
TILE_FILTERS = ("category", "status", "collective", "hidden")
REFERENCE_PROPERTIES = ("id", "label", "style")
# What drawing a tile needs of its layer, read when the tile is not cached: not the campaign
# (its perimeter is a large polygon), not the layer's texts.
TILE_LAYER_FIELDS = ("kind", "style_property", "place_summary")


def visible_layer(request, layer_id):
    """The layer, if its campaign is one `request.user` may open; else 404."""
    return get_object_or_404(visible_layers(request).select_related("campaign"), pk=layer_id)


def visible_layers(request):
    """The layers of the campaigns `request.user` may open."""
    return layers_of(Campaign.objects.visible_to(request.user))


def layers_of(campaigns):
    return Layer.objects.filter(campaign__in=campaigns)


# The SQL of the lookup every tile request makes, by whether the user is staff: the one thing
# the campaigns' visibility rule reads (CampaignQuerySet.visible_to). Compiling it through the
# ORM took more CPU than running it (0.4 of 1.2 ms for a tile served from the cache).
_lookup_sql_by_staff = {}


def compiled_lookup(user):
    """The SQL and parameters of the lookup for `user`, taking a layer's id."""
    layers = layers_of(Campaign.objects.visible_to(user)).order_by()
    sql, params = layers.values("id", "content_version", "kind").query.sql_with_params()
    return f"SELECT content_version, kind FROM ({sql}) AS visible WHERE id = %s", params


def tile_layer(user, layer_id):
    """The layer's content version and kind if its campaign is one `user` may open,
    else None."""
    compiled = _lookup_sql_by_staff.get(user.is_staff)
    if compiled is None:
        compiled = _lookup_sql_by_staff[user.is_staff] = compiled_lookup(user)
    sql, params = compiled
    # Prepared on the server (Django's cursors bind on the client, which prepares nothing):
    # planning it took PostgreSQL ten times as long as running it. psycopg's errors are
    # turned into Django's, as its own cursors do (a lost database: 503, core/errors.py).
    database = connections[router.db_for_read(Layer)]
    with (
        database.cursor() as django_cursor,
        database.wrap_database_errors,
        psycopg.Cursor(django_cursor.connection) as cursor,
    ):
        cursor.execute(sql, (*params, layer_id), prepare=True)
        return cursor.fetchone()


def audience(user):
    """Who the tile is for, as far as what it shows differs."""
    if sees_everything(user):
        return "all"
    return f"user-{user.pk}" if user.is_authenticated else "public"


def chosen_filters(request, kind):
    """The tile filters in the address as the list's filters clean them, and the errors of
    those that are wrong, by name. A reference layer's tiles take none: they select
    contributions, which it does not hold.

    Each value goes through its own filter's form field: building the whole FilterSet took
    0.7 ms, more than serving a tile from the cache.
    """
    chosen, errors = {}, {}
    if kind != Layer.Kind.CONTRIBUTION:
        return chosen, errors
    for name in TILE_FILTERS:
        if name not in request.GET:
            continue
        field = AnnotationFilter.base_filters[name].field
        try:
            value = field.clean(field.widget.value_from_datadict(request.GET, {}, name))
        except ValidationError as error:
            errors[name] = error.messages
            continue
        if value not in (None, []):
            chosen[name] = value
    return chosen, errors


def canonical_query(chosen):
    """The chosen filters as one query string, however they were spelt or repeated: one
    tile, one address (its cache key and ETag)."""
    pairs = set()
    for name, value in chosen.items():
        values = value if isinstance(value, list) else [str(value).lower()]
        pairs.update((name, one) for one in values)
    return urlencode(sorted(pairs))


def _cache_headers(response, request, etag):
    response["ETag"] = etag
    # Revalidated every time: a 304 costs one small query, and a tile never outlives
    # a hidden contribution. Signed-in people's tiles are theirs alone.
    patch_cache_control(
        response,
        max_age=0,
        must_revalidate=True,
        **({"private": True} if request.user.is_authenticated else {"public": True}),
    )
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def tile(request, layer_id, z, x, y):
    place = Tile.checked(z, x, y)
    if place is None:
        raise Http404("No such tile.")
    found = tile_layer(request.user, layer_id)
    if found is None:
        raise Http404("No such layer.")
    version, kind = found
    chosen, errors = chosen_filters(request, kind)
    if errors:
        return JsonResponse(errors, status=400)
    canonical = canonical_query(chosen)
    address = f"{layer_id}:{version}:{audience(request.user)}:{z}/{x}/{y}?{canonical}"
    # The cache key and the ETag are the address's digest: a key of bounded length.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        return _cache_headers(HttpResponseNotModified(), request, etag)
    key = f"tile:{digest}"
    body = cache.get(key)
    if body is None:
        # Its campaign's visibility was checked above; drawing needs more of the layer,
        # which may have been deleted since.
        layer = get_object_or_404(Layer.objects.only(*TILE_LAYER_FIELDS), pk=layer_id)
        body = render_tile(request, layer, chosen, place)
        cache.set(key, body, settings.TILE_CACHE_SECONDS)
    response = HttpResponse(body, content_type=MVT) if body else HttpResponse(status=204)
    return _cache_headers(response, request, etag)


def render_tile(request, layer, chosen, place):
    """The tile's bytes; `chosen`: the valid filters' clean values (`chosen_filters`)."""
    if layer.is_contribution:
        user = request.user
        filters = AnnotationFilter(queryset=Annotation.objects.none(), request=request).filters

        def filtered(contributions):
            for name, value in chosen.items():
                contributions = filters[name].filter(contributions, value)
            return contributions

        contributions = filtered(Annotation.objects.visible_to(user).filter(layer=layer))
        if place.z >= FEATURES_FROM_ZOOM:
            return tile_bytes(contributions, place, CONTRIBUTIONS, TILE_PROPERTIES)
        # Clusters from the counts kept by cell, whatever the number of points.
        cells = ContributionCell.objects.visible_to(user).filter(layer=layer).filtered(**chosen)
        uncounted = None
        if user.is_authenticated and not sees_everything(user):
            uncounted = filtered(Annotation.objects.filter(layer=layer).own_beyond_public(user))
        return counted_tile_bytes(
            contributions, cells, uncounted, place, CONTRIBUTIONS, TILE_PROPERTIES
        )
    drawn = {"style": Value(""), **layer.drawn_attributes()}
    fields = REFERENCE_PROPERTIES
    if "values" in drawn:
        # A tile's properties are scalars: the summary's attributes travel as JSON text.
        drawn["values"] = Cast(drawn["values"], TextField())
        fields = (*fields, "values")
    return tile_bytes(layer.features.annotate(**drawn), place, FEATURES, fields)


@require_GET
def tilejson(request, layer_id):
    """The TileJSON 3.0 document of the layer's tiles, with the filters it was asked with."""
    layer = visible_layer(request, layer_id)
    chosen, errors = chosen_filters(request, layer.kind)
    if errors:
        return JsonResponse(errors, status=400)
    canonical = canonical_query(chosen)
    base = request.build_absolute_uri(reverse("tiles:tilejson", args=[layer.pk]))
    template = (
        base.removesuffix("tiles.json") + "{z}/{x}/{y}.mvt" + (f"?{canonical}" if canonical else "")
    )
    west, south, east, north = layer.campaign.perimeter.extent
    fields = (
        dict.fromkeys(TILE_PROPERTIES, "String")
        if layer.is_contribution
        else dict.fromkeys(REFERENCE_PROPERTIES, "String")
    )
    return JsonResponse(
        {
            "tilejson": "3.0.0",
            "name": layer.name,
            "description": layer.description,
            "attribution": layer.attribution,
            "tiles": [template],
            "minzoom": 0,
            "maxzoom": MAX_ZOOM,
            "bounds": [west, south, east, north],
            "center": [(west + east) / 2, (south + north) / 2, 13],
            "vector_layers": [
                {
                    "id": CONTRIBUTIONS if layer.is_contribution else FEATURES,
                    "fields": fields,
                    "minzoom": 0,
                    "maxzoom": MAX_ZOOM,
                },
                {
                    "id": CLUSTERS,
                    "description": f"Points gathered by cell, below zoom {FEATURES_FROM_ZOOM}",
                    "fields": {"count": "Number", "weight": "Number"},
                    "minzoom": 0,
                    "maxzoom": FEATURES_FROM_ZOOM - 1,
                },
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )

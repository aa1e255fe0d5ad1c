"""What the public may know of a contribution, as SQL expressions PostGIS turns into GeoJSON.

Defined once here for the files planners download, OGC API - Features and the maps;
the REST API's serializer (`api/serializers.py`) shows the same contribution with
its own field names, which its clients rely on.
"""

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Case, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from gis.geojson import feature_collection_text

from .models import Photo


def author_display_name():
    """`User.public_name` in SQL: the display name, else the first name, else the username
    (for staff and moderators, who speak for the city: OFFICIAL_NAME)."""
    return Coalesce(
        NullIf("author__display_name", Value("")),
        NullIf("author__first_name", Value("")),
        Case(
            When(
                Q(author__is_staff=True) | Q(author__is_moderator=True),
                then=Value(settings.OFFICIAL_NAME),
            ),
            default=F("author__username"),
        ),
    )


def photo_urls(photos_url):
    """The addresses of a contribution's visible photos, separated by spaces, in SQL:
    `photos_url` followed by each photo's id (`annotations:photo`), never the file itself."""
    urls = (
        Photo.objects.visible()
        .filter(annotation=OuterRef("pk"))
        .order_by()
        .values("annotation")
        .annotate(
            urls=StringAgg(
                Concat(
                    Value(photos_url), Cast("pk", TextField()), Value("/"), output_field=TextField()
                ),
                " ",
                order_by=("position", "pk"),
            )
        )
        .values("urls")
    )
    return Coalesce(Subquery(urls, output_field=TextField()), Value("", output_field=TextField()))


def contribution_properties(show_author_names, photos_url=None):
    """Each exported property of a contribution (from `visible()`) by name,
    with its photos' addresses when `photos_url` (where photos are served) is given.

    No e-mail and no account data; the author's display name only when the
    campaign makes contributions public with names (docs/principles.md, principle 6).
    """
    properties = {
        "id": F("pk"),
        "layer": F("layer__name"),
        "category": F("category"),
        "title": F("title"),
        "text": F("body"),
        "status": F("status"),
        "official_response": F("response_text"),
        "votes_for": F("votes_for"),
        "votes_against": F("votes_against"),
        "comment_count": F("comment_count"),
        "group_name": F("group_name"),
        "participant_count": F("participant_count"),
        "created_at": F("created_at"),
        "updated_at": F("updated_at"),
        "target_feature": F("target_feature_id"),
    }
    if photos_url:
        properties["photos"] = photo_urls(photos_url)
    if show_author_names:
        properties["author"] = author_display_name()
    return properties


# What a map draws, filters and says in a popup of a contribution: few, so a whole layer
# stays light.
MAP_PROPERTIES = (
    *("title", "category", "status", "group_name", "participant_count"),
    *("votes_for", "comment_count"),
)


# What a tile carries of each contribution: what a popup shows and the map filters by.
TILE_PROPERTIES = (
    "id",
    "title",
    "category",
    "status",
    "votes_for",
    "votes_against",
    "comment_count",
    "group_name",
    "participant_count",
)


def map_properties():
    """The properties of a contribution on a map, with its layer's id to filter by."""
    public = contribution_properties(show_author_names=False)
    return {"layer": F("layer_id"), **{name: public[name] for name in MAP_PROPERTIES}}


def map_geojson(contributions):
    """`contributions` as a FeatureCollection's text, written by PostGIS, for a page's map."""
    return feature_collection_text(contributions, **map_properties())

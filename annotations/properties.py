"""What the public may know of a contribution, as SQL expressions PostGIS turns into GeoJSON.

Defined once here for the files planners download, OGC API - Features and the maps;
the REST API's serializer (`api/serializers.py`) shows the same contribution with
its own field names, which its clients rely on.
"""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf

from gis.geojson import feature_collection_text


def author_display_name():
    """`User.public_name` in SQL: the display name, else the first name, else the username."""
    return Coalesce(
        NullIf("author__display_name", Value("")),
        NullIf("author__first_name", Value("")),
        "author__username",
    )


def contribution_properties(show_author_names):
    """Each exported property of a contribution (from `visible()`) by name.

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
    if show_author_names:
        properties["author"] = author_display_name()
    return properties


# What a map draws and filters a contribution by: few, so a whole layer stays light.
MAP_PROPERTIES = ("title", "category", "status", "group_name", "participant_count")


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

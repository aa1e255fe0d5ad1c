"""Every layer of a published campaign as an OGC API collection of GeoJSON features."""

from django.contrib.gis.db.models import Extent
from django.db.models import Func
from django.db.models.fields.json import KeyTransform

from annotations.models import Annotation
from annotations.properties import contribution_properties
from layers.models import Feature, Layer

ID_PREFIX = "layer-"
# Features per page: the default, and the most one page may hold.
DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000


def published_layers():
    return Layer.objects.filter(campaign__is_published=True).select_related("campaign")


def collection_id(layer):
    return f"{ID_PREFIX}{layer.pk}"


def find_layer(collection_id):
    """The published layer a collection id names, or None."""
    number = collection_id.removeprefix(ID_PREFIX)
    if not collection_id.startswith(ID_PREFIX) or not number.isdigit():
        return None
    return published_layers().filter(pk=int(number)).first()


def features_of(layer):
    """The layer's features (a queryset) and their GeoJSON properties (name to expression).

    A contribution layer serves what the public sees, with its counts; a
    reference layer, every attribute its features were imported with.
    """
    if layer.is_contribution:
        queryset = Annotation.objects.filter(layer=layer).visible()
        return queryset, contribution_properties(layer.campaign.show_author_names)
    queryset = Feature.objects.filter(layer=layer)
    keys = (
        queryset.annotate(key=Func("properties", function="JSONB_OBJECT_KEYS"))
        .values_list("key", flat=True)
        .order_by("key")
        .distinct()
    )
    properties = {"label": "label"}
    properties.update({key: KeyTransform(key, "properties") for key in keys if key != "label"})
    return queryset, properties


def extent_of(layer):
    """(west, south, east, north) of the layer's features.

    Contributions lie within the campaign's perimeter, which is cheaper to
    measure than a million points; reference features may reach past it.
    """
    if not layer.is_contribution:
        extent = layer.features.aggregate(extent=Extent("geometry"))["extent"]
        if extent:
            return extent
    return layer.campaign.perimeter.extent

"""The place question: what applies at an address or a point a resident chose on a
campaign's map, from the reference features covering it and those around it."""

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.measure import D

from layers.models import Feature, Layer

# Planned works this close to the place are said to be around it.
AROUND_METRES = 150
MAX_ANSWERS = 10


def answer(feature, **extra):
    return {"layer": feature.layer.name, "text": feature.layer.summarise(feature), **extra}


def place_answers(campaign, point):
    """`here`: what each reference layer says of the features covering `point`, topmost
    layer first; `around`: the other features within AROUND_METRES, closest first."""
    features = Feature.objects.filter(
        layer__campaign=campaign, layer__kind=Layer.Kind.REFERENCE
    ).select_related("layer")
    here = list(
        features.filter(geometry__intersects=point).order_by("-layer__z_index", "pk")[:MAX_ANSWERS]
    )
    around = (
        features.exclude(pk__in=[feature.pk for feature in here])
        .filter(geometry__distance_lte=(point, D(m=AROUND_METRES)))
        .annotate(distance=Distance("geometry", point))
        .order_by("distance")[:MAX_ANSWERS]
    )
    return {
        "inside": campaign.perimeter.covers(point),
        "here": [answer(feature) for feature in here],
        "around": [answer(feature, metres=round(feature.distance.m)) for feature in around],
    }

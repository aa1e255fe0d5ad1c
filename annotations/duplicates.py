"""What a new contribution may repeat: published ones of the same layer drawn close to its
shape, or with a title alike (PostgreSQL's pg_trgm), for the form's hint and the API."""

import math

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import FloatField, Value

from .models import Annotation

HINT_LENGTH = 5
METRES_PER_DEGREE = 111_320


def _degrees_around(geometry, metres):
    """At least `metres` in degrees of longitude near `geometry` (a degree of latitude is
    longer): a box the GiST index answers before the exact distance is measured."""
    latitude = geometry.centroid.y
    return metres / METRES_PER_DEGREE / max(math.cos(math.radians(latitude)), 0.01)


def similar_contributions(layer, geometry=None, title="", exclude=None):
    """Up to `HINT_LENGTH` published contributions of `layer` within
    `DUPLICATE_HINT_DISTANCE_M` metres of `geometry` or with a title like `title`, closest
    first, each with `distance` (metres, None without a geometry) and `similarity` (0 to 1).

    Each half is asked of its own index, the GiST index for the place and the trigram
    index (`%`, pg_trgm's default threshold of 0.3) for the title, and only the few rows
    they find are measured: an OR of both would measure every row of the layer.
    """
    published = Annotation.objects.visible().filter(
        layer=layer, layer__campaign__is_published=True, duplicate_of__isnull=True
    )
    if exclude is not None:
        published = published.exclude(pk=exclude.pk)
    title = title.strip()
    found = []
    if geometry is not None:
        metres = settings.DUPLICATE_HINT_DISTANCE_M
        found.append(
            published.filter(geometry__dwithin=(geometry, _degrees_around(geometry, metres)))
            .annotate(distance=Distance("geometry", geometry))
            .filter(distance__lte=metres)
            .values("pk")
        )
    if title:
        found.append(
            published.filter(title__trigram_similar=title)
            .annotate(similarity=TrigramSimilarity("title", title))
            .filter(similarity__gte=settings.DUPLICATE_HINT_TITLE_SIMILARITY)
            .values("pk")
        )
    if not found:
        return published.none()
    chosen = found[0].union(*found[1:]) if len(found) > 1 else found[0]
    return (
        Annotation.objects.filter(pk__in=chosen)
        .annotate(
            distance=Distance("geometry", geometry)
            if geometry is not None
            else Value(None, output_field=FloatField()),
            similarity=TrigramSimilarity("title", title)
            if title
            else Value(0.0, output_field=FloatField()),
        )
        .defer("geometry")
        .order_by("distance", "-similarity", "-pk")[:HINT_LENGTH]
    )

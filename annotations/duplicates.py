"""What a new contribution may repeat: published ones of the same layer drawn close to its
shape, or with a title alike (PostgreSQL's pg_trgm), for the form's hint and the API."""

import math

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import FloatField, Q, Value

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
    first, each with `distance` (metres, None without a geometry) and `similarity` (0 to 1)."""
    metres = settings.DUPLICATE_HINT_DISTANCE_M
    candidates = Annotation.objects.visible().filter(
        layer=layer, layer__campaign__is_published=True, duplicate_of__isnull=True
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    title = title.strip()
    if geometry is None and not title:
        return candidates.none()
    close = Q(pk__in=[])
    if geometry is not None:
        around = _degrees_around(geometry, metres)
        close = Q(geometry__dwithin=(geometry, around), distance__lte=metres)
        candidates = candidates.annotate(distance=Distance("geometry", geometry))
    else:
        candidates = candidates.annotate(distance=Value(None, output_field=FloatField()))
    alike = Q(pk__in=[])
    if title:
        candidates = candidates.annotate(similarity=TrigramSimilarity("title", title))
        alike = Q(similarity__gte=settings.DUPLICATE_HINT_TITLE_SIMILARITY)
    else:
        candidates = candidates.annotate(similarity=Value(0.0, output_field=FloatField()))
    return (
        candidates.filter(close | alike)
        .with_counts()
        .select_related("layer")
        .defer("geometry")
        .order_by("distance", "-similarity", "-pk")[:HINT_LENGTH]
    )

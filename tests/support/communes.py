"""Real communes' outlines from tests/data: Nanterre is the tests' campaign perimeter, and its
neighbours give geometry that is outside it but still real."""

import json
from functools import cache
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

COMMUNES_GEOJSON = (
    Path(__file__).resolve().parents[1] / "data" / "communes-nanterre-and-neighbours.geojson"
)


@cache
def _outlines():
    features = json.loads(COMMUNES_GEOJSON.read_text())["features"]
    return {feature["properties"]["nom"]: json.dumps(feature["geometry"]) for feature in features}


def commune(name):
    """The commune's outline in WGS84; a fresh object each time, free to change."""
    return GEOSGeometry(_outlines()[name], srid=4326)


def nanterre_perimeter():
    """Nanterre's outline as a campaign perimeter: a MultiPolygon, like the demo's."""
    outline = commune("Nanterre")
    return outline if outline.geom_type == "MultiPolygon" else MultiPolygon(outline, srid=4326)

"""GeoJSON's old `crs` member, made safe before GDAL reads the file.

GDAL resolves the member's name itself, and before 3.9 it cannot stop that
from reading files or URLs (docs/principles.md, principle 4). A name that spells an
allowed EPSG code is rewritten in one canonical form; any other is refused.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gis.geometry import ALLOWED_SRIDS

EPSG_NAME = re.compile(
    r"(?:EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:|https?://www\.opengis\.net/def/crs/EPSG/0/)(\d+)"
)
CRS84_NAME = re.compile(
    r"urn:ogc:def:crs:OGC:[\d.]*:CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84"
)


def named_srid(crs):
    """The allowed EPSG code a `crs` member names, or None."""
    if not isinstance(crs, dict) or crs.get("type") != "name":
        return None
    name = (crs.get("properties") or {}).get("name")
    if not isinstance(name, str):
        return None
    if CRS84_NAME.fullmatch(name):
        return 4326
    match = EPSG_NAME.fullmatch(name)
    if match and int(match[1]) in ALLOWED_SRIDS:
        return int(match[1])
    return None


def _canonical(srid):
    # CRS84 keeps longitude before latitude, as GeoJSON has them.
    name = "urn:ogc:def:crs:OGC:1.3:CRS84" if srid == 4326 else f"urn:ogc:def:crs:EPSG::{srid}"
    return {"type": "name", "properties": {"name": name}}


def _nested_crs(document):
    """Whether a `crs` member hides below the top level (features, geometries)."""
    stack = [value for key, value in document.items() if key != "crs"]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "crs" in value:
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(item for item in value if isinstance(item, dict | list))
    return False


def with_safe_crs(path, folder):
    """The path GDAL may read for the GeoJSON at `path`: itself when it names no
    coordinate system, else a copy in `folder` whose `crs` names an allowed EPSG code."""
    raw = path.read_bytes()
    if b"crs" not in raw and b"\\u" not in raw:  # \u escapes could spell "crs"
        return path
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise ValidationError(
            _("The file is not valid JSON: %(reason)s."), code="json", params={"reason": error}
        ) from error
    if not isinstance(document, dict) or ("crs" not in document and not _nested_crs(document)):
        return path
    srid = named_srid(document.get("crs"))
    if srid is None or _nested_crs(document):
        raise ValidationError(
            _(
                "The file names a coordinate system that is not accepted; name one of %(allowed)s "
                "as “EPSG:<code>” in its top-level crs member, or leave it out for WGS84."
            ),
            code="geojson_crs",
            params={"allowed": ", ".join(map(str, sorted(ALLOWED_SRIDS)))},
        )
    document["crs"] = _canonical(srid)
    safe = folder / "checked.geojson"
    safe.write_text(json.dumps(document))
    return safe

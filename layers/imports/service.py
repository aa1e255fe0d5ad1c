"""Import a GIS file into a reference layer: every feature checked, all or nothing."""

import datetime
import math

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gis.geometry import GeometryFamily, validate_geometry

from ..models import Feature, Layer
from .sources import PRESENTATION_FIELDS, choose_layer, coordinate_system, open_source

# How many bad features the refusal lists; the rest are counted.
REPORTED_BAD_FEATURES = 10
BATCH_SIZE = 2000
LABEL_MAX_LENGTH = Feature._meta.get_field("label").max_length


def _no_progress(features, total):
    return features


def import_layer(
    layer,
    path,
    *,
    source_layer=None,
    srid=None,
    label_property=None,
    style_property=None,
    replace=True,
    progress=_no_progress,
):
    """Read the GIS file at `path` into the reference `layer`; return how many features it holds.

    `source_layer` names the layer of a GeoPackage; `srid` is the EPSG code the
    coordinates are in when the file does not say; `label_property` and
    `style_property` name the attributes that label and style the features;
    `replace` drops the layer's features first, else they are kept and added to.
    `progress(features, total)` may wrap the features, for a progress bar.

    Raises ValidationError, listing the first bad features by their position in
    the file (from 1), and leaves the layer as it was.
    """
    if layer.kind != Layer.Kind.REFERENCE:
        raise ValidationError(
            _("Features are imported into reference layers; “%(layer)s” holds contributions."),
            code="not_reference",
            params={"layer": layer.name},
        )
    with open_source(path) as source:
        gis_layer = choose_layer(source, source_layer)
        srid = coordinate_system(gis_layer, srid)
        for chosen in (label_property, style_property):
            if chosen and chosen not in gis_layer.fields:
                raise ValidationError(
                    _("The file has no attribute “%(name)s”; its attributes are: %(fields)s."),
                    code="unknown_attribute",
                    params={"name": chosen, "fields": ", ".join(gis_layer.fields) or "-"},
                )
        with transaction.atomic():
            if replace:
                layer.features.all().delete()
            problems = _write_features(
                layer,
                progress(gis_layer, len(gis_layer)),
                srid,
                label_property,
                PRESENTATION_FIELDS.get(source.driver.name, set()),
            )
            if problems:
                raise ValidationError(_report(problems), code="bad_features")
            layer.label_property = label_property or ""
            layer.style_property = style_property or ""
            layer.save(update_fields=["label_property", "style_property", "updated_at"])
            return layer.features.count()


def _write_features(layer, gis_features, srid, label_property, ignored_fields):
    """Check every feature and write them in batches until the first bad one; return the bad."""
    problems = []
    batch = []
    for index, gis_feature in enumerate(gis_features, start=1):
        try:
            geometry = _geometry(gis_feature, srid)
        except ValidationError as error:
            problems.append((index, " ".join(error.messages)))
            continue
        if problems:
            continue  # nothing more is written: the import will be refused
        properties = _properties(gis_feature, ignored_fields)
        label = properties.get(label_property) if label_property else None
        batch.append(
            Feature(
                layer=layer,
                geometry=geometry,
                properties=properties,
                label="" if label is None else str(label)[:LABEL_MAX_LENGTH],
            )
        )
        if len(batch) == BATCH_SIZE:
            Feature.objects.bulk_create(batch)
            batch = []
    if batch and not problems:
        Feature.objects.bulk_create(batch)
    return problems


def _geometry(gis_feature, srid):
    """The feature's geometry, flattened to 2D, checked and in SRID 4326; or ValidationError."""
    try:
        ogr = gis_feature.geom
    except GDALException:
        return validate_geometry(None)
    ogr.set_3d(False)
    ogr.set_measured(False)
    try:
        geometry = GEOSGeometry(ogr.wkb, srid=srid)
    except (GEOSException, ValueError) as error:
        # Curves and other types GEOS cannot read.
        raise ValidationError(
            _("%(type)s geometries are not supported."),
            code="unsupported_type",
            params={"type": ogr.geom_name},
        ) from error
    return validate_geometry(geometry, families=list(GeometryFamily))


def _properties(gis_feature, ignored_fields):
    """The feature's attributes as JSON values; empty ones are left out.

    A NaN or infinite number, GIS files' way of saying "no value", counts as
    empty: JSON has no such numbers.
    """
    properties = {}
    for field in gis_feature:
        if field.name in ignored_fields:
            continue
        value = field.value
        if isinstance(value, datetime.date | datetime.time):
            value = value.isoformat()
        elif isinstance(value, float) and not math.isfinite(value):
            value = None
        if value is not None:
            properties[field.name] = value
    return properties


def _report(problems):
    lines = [
        _("Feature %(index)s: %(reason)s") % {"index": index, "reason": reason}
        for index, reason in problems[:REPORTED_BAD_FEATURES]
    ]
    if len(problems) > REPORTED_BAD_FEATURES:
        lines.append(
            _("… and %(count)s more bad features.")
            % {"count": len(problems) - REPORTED_BAD_FEATURES}
        )
    summary = ngettext(
        "Nothing was imported: %(count)s feature is bad.",
        "Nothing was imported: %(count)s features are bad.",
        len(problems),
    ) % {"count": len(problems)}
    return [summary, *lines]

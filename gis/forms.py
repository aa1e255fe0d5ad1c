"""Form fields for geometries, read by the same rules as the API's."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .serializers import GeoJSONGeometryField


class GeoJSONGeometryFormField(forms.CharField):
    """GeoJSON geometry text (the map's hidden field) in, a GEOS geometry in SRID 4326 out.

    Read by the API's GeoJSON field, with shapely, so no text a person sends
    ever reaches GDAL as a coordinate system (docs/principles.md, principle 4).
    """

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid_json": _("The shape drawn on the map could not be read; draw it again."),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json reads
            raise forms.ValidationError(
                self.error_messages["invalid_json"], code="invalid_json"
            ) from None
        try:
            return GeoJSONGeometryField().to_internal_value(data)
        except serializers.ValidationError as error:
            raise forms.ValidationError([str(message) for message in error.detail]) from error

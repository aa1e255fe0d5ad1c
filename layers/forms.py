from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gis.geometry import ALLOWED_SRIDS

from .imports import SUPPORTED_SUFFIXES


class ImportForm(forms.Form):
    """Staff's upload of a GIS file into a reference layer (layers.imports does the work)."""

    file = forms.FileField(
        label=_("GIS file"),
        help_text=_("GeoJSON, zipped Shapefile (with its .prj), GeoPackage or KML."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}),
    )
    source_layer = forms.CharField(
        label=_("layer in the file"),
        required=False,
        help_text=_("For a GeoPackage holding several layers: which one to import."),
    )
    srid = forms.TypedChoiceField(
        label=_("coordinate system"),
        choices=[("", _("as the file says"))] + [(s, f"EPSG:{s}") for s in sorted(ALLOWED_SRIDS)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for a file that does not say which system its coordinates are in."),
    )
    label_property = forms.CharField(label=_("label attribute"), required=False)
    style_property = forms.CharField(label=_("style attribute"), required=False)
    append = forms.BooleanField(
        label=_("add to the layer's features instead of replacing them"),
        required=False,
        help_text=_(
            "Replacing deletes the layer's features: contributions about one of them keep "
            "their place on the map but no longer point at it."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file weighs %(size)s MB; at most %(max)s MB are accepted."),
                code="too_large",
                params={
                    "size": upload.size // 2**20,
                    "max": settings.IMPORT_MAX_UPLOAD_SIZE // 2**20,
                },
            )
        return upload

from django import forms
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from layers.models import Layer

from ..filters import AnnotationFilter
from ..models import Annotation
from ..properties import contribution_properties
from .formats import EXPORT_SRIDS, FILE_FORMATS, csv_chunks, geojson_chunks, write_file

STREAMED_FORMATS = {
    "geojson": (geojson_chunks, "geojson", "application/geo+json"),
    "csv": (csv_chunks, "csv", "text/csv; charset=utf-8"),
}
FORMAT_NAMES = [*STREAMED_FORMATS, *FILE_FORMATS]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[(name, name) for name in FORMAT_NAMES],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Unknown format “%(value)s”; use one of: %(formats)s.")
        },
    )
    srid = forms.TypedChoiceField(
        choices=[(str(srid), str(srid)) for srid in EXPORT_SRIDS],
        coerce=int,
        required=False,
        empty_value=EXPORT_SRIDS[0],
        error_messages={
            "invalid_choice": gettext_lazy(
                "The coordinate system EPSG:%(value)s is not offered; use 4326 (WGS84) or "
                "2154 (Lambert-93)."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = self.fields["format"].error_messages
        messages["invalid_choice"] = messages["invalid_choice"] % {
            "value": "%(value)s",
            "formats": ", ".join(FORMAT_NAMES),
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["format"] = data.get("format") or "geojson"
        if data["format"] == "kml" and data["srid"] != EXPORT_SRIDS[0]:
            self.add_error("srid", _("KML is always in WGS84 (EPSG:4326), by the format's rule."))
        if not self.data.get("campaign") and not self.data.get("layer"):
            self.add_error(None, _("Say what to export: ?campaign=<slug> or ?layer=<id>."))
        return data


def _errors(errors, status):
    return JsonResponse(
        {"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def export_contributions(request):
    """`/exports/contributions?campaign=<slug>|layer=<id>&format=…&srid=…` plus the API's filters.

    Visible contributions only, sorted by id, with their counts.
    """
    form = ExportForm(request.GET)
    filters = AnnotationFilter(request.GET, queryset=Annotation.objects.visible(), request=request)
    if not form.is_valid() or not filters.is_valid():
        return _errors({**form.errors, **filters.errors}, status=400)

    campaigns = Campaign.objects.visible_to(request.user)
    layer = None
    if request.GET.get("layer"):
        layer = (
            Layer.objects.filter(
                pk=filters.form.cleaned_data["layer"],
                kind=Layer.Kind.CONTRIBUTION,
                campaign__in=campaigns,
            )
            .select_related("campaign")
            .first()
        )
        if layer is None:
            return _errors({"layer": [_("There is no such contribution layer.")]}, status=404)
        campaign = layer.campaign
    else:
        campaign = campaigns.filter(slug=request.GET["campaign"]).first()
        if campaign is None:
            return _errors({"campaign": [_("There is no such campaign.")]}, status=404)

    export_format, srid = form.cleaned_data["format"], form.cleaned_data["srid"]
    queryset = filters.qs.order_by("pk")
    properties = contribution_properties(campaign.show_author_names)
    name = "-".join(
        ["contributions", campaign.slug, *([f"layer{layer.pk}"] if layer else []), str(srid)]
    )
    if export_format in STREAMED_FORMATS:
        chunks, extension, content_type = STREAMED_FORMATS[export_format]
        response = StreamingHttpResponse(
            chunks(queryset, properties, srid), content_type=content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response
    file_format = FILE_FORMATS[export_format]
    return FileResponse(
        write_file(file_format, queryset, properties, srid, name),
        as_attachment=True,
        filename=f"{name}.{file_format.extension}",
        content_type=file_format.content_type,
    )

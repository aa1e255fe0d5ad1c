from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from layers.models import Layer

from ..filters import AnnotationFilter
from ..models import Annotation, ExportFile
from .formats import EXPORT_SRIDS, FILE_FORMATS, STREAMED_FORMATS
from .jobs import request_export
from .selection import ExportSelection, filter_query
from .state import export_state

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


def photos_url(request):
    """The absolute address photos are served under, to which each photo's id is added."""
    return request.build_absolute_uri(reverse("annotations:photo", args=[0])).removesuffix("0/")


def _errors(errors, status):
    return JsonResponse(
        {"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_GET
def export_contributions(request):
    """`/exports/contributions?campaign=<slug>|layer=<id>&format=…&srid=…` plus the API's filters.

    Visible contributions only, sorted by id, with their counts. GeoJSON and CSV up to
    EXPORT_STREAM_MAX_ROWS rows are streamed at once; other files are built by a job, and
    the answer is the job's address (its page, or 202 with its state for a JSON client), or
    the finished file's when it is already there.
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

    query = filter_query(request.GET)
    selection = ExportSelection(
        campaign=campaign,
        layer=layer,
        format=form.cleaned_data["format"],
        srid=form.cleaned_data["srid"],
        query=query,
        user=request.user if "author" in query and request.user.is_authenticated else None,
        photos_url=photos_url(request),
    )
    streamed = STREAMED_FORMATS.get(selection.format)
    if streamed and selection.rows().count() <= settings.EXPORT_STREAM_MAX_ROWS:
        response = StreamingHttpResponse(
            streamed.chunks(selection.rows(), selection.properties(), selection.srid),
            content_type=streamed.content_type,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{selection.name}.{streamed.extension}"'
        )
        return response

    export = request_export(selection)
    if export.is_servable():
        return redirect("export-download", pk=export.pk)
    if _wants_json(request):
        return JsonResponse(
            export_state(request, export),
            status=202,
            headers={"Location": reverse("export-detail", args=[export.pk])},
            json_dumps_params={"ensure_ascii": False},
        )
    return redirect("export-status", pk=export.pk)


@require_GET
def export_status(request, pk):
    """The job's page: its progress, refreshed until the file is ready, or why it failed."""
    export = get_object_or_404(
        ExportFile.objects.visible_to(request.user).select_related("campaign", "layer"), pk=pk
    )
    asked = {**export.query, "format": export.format, "srid": export.srid}
    asked.update(
        {"layer": export.layer_id} if export.layer_id else {"campaign": export.campaign.slug}
    )
    return render(
        request,
        "annotations/export_status.html",
        {
            "export": export,
            "servable": export.is_servable(),
            "retry_url": f"{reverse('export-contributions')}?{urlencode(asked, doseq=True)}",
        },
    )


@require_GET
def export_download(request, pk):
    export = get_object_or_404(ExportFile.objects.visible_to(request.user), pk=pk)
    if not export.is_servable():
        raise Http404(_("This export file is not ready or no longer kept."))
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type={**STREAMED_FORMATS, **FILE_FORMATS}[export.format].content_type,
    )

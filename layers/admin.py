import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from leaflet.admin import LeafletGeoAdmin

from .forms import ImportForm
from .imports import import_layer
from .models import Feature, Layer


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ("name", "campaign", "kind", "z_index", "opens_at", "closes_at")
    list_filter = ("kind", "campaign")
    search_fields = ("name", "description", "question")

    def get_urls(self):
        return [
            path(
                "<int:layer_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="layers_layer_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, layer_id):
        """Upload a GIS file into a reference layer; a refusal lists the bad features."""
        layer = get_object_or_404(Layer, pk=layer_id)
        if not self.has_change_permission(request, layer):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = self._import_upload(layer, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("“%(layer)s” now holds %(count)s features.")
                    % {"layer": layer, "count": count},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:layers_layer_change", args=[layer.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a GIS file into “%(layer)s”") % {"layer": layer.name},
            "opts": self.model._meta,
            "original": layer,
            "form": form,
        }
        return TemplateResponse(request, "admin/layers/layer/import.html", context)

    def _import_upload(self, layer, data):
        # GDAL reads files, so the upload is written to disk under a name of our own.
        upload = data["file"]
        with tempfile.TemporaryDirectory(prefix="geoconsult-upload-") as folder:
            path = Path(folder) / f"upload{Path(upload.name).suffix.lower()}"
            with path.open("wb") as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
            return import_layer(
                layer,
                path,
                source_layer=data["source_layer"] or None,
                srid=data["srid"],
                label_property=data["label_property"] or None,
                style_property=data["style_property"] or None,
                replace=not data["append"],
            )


@admin.register(Feature)
class FeatureAdmin(LeafletGeoAdmin):
    list_display = ("__str__", "layer")
    list_filter = ("layer__campaign", "layer")
    search_fields = ("label",)
    list_select_related = ("layer",)

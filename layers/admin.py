from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Feature, Layer


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ("name", "campaign", "kind", "z_index", "opens_at", "closes_at")
    list_filter = ("kind", "campaign")
    search_fields = ("name", "description", "question")


@admin.register(Feature)
class FeatureAdmin(LeafletGeoAdmin):
    list_display = ("__str__", "layer")
    list_filter = ("layer__campaign", "layer")
    search_fields = ("label",)
    list_select_related = ("layer",)

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from core.admin import RecordsWhoAdds

from .models import Era, Milestone


@admin.register(Milestone)
class MilestoneAdmin(RecordsWhoAdds, LeafletGeoAdmin):
    list_display = ("headline", "campaign", "date", "date_precision", "group", "progress")
    list_filter = ("campaign", "date_precision", "group")
    search_fields = ("headline", "text")
    raw_id_fields = ("annotation", "feature")


@admin.register(Era)
class EraAdmin(admin.ModelAdmin):
    list_display = ("headline", "campaign", "start_date", "end_date")
    list_filter = ("campaign",)

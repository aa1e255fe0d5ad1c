from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Campaign, Event, Milestone


@admin.register(Campaign)
class CampaignAdmin(LeafletGeoAdmin):
    list_display = ("title", "department", "phase", "start_date", "end_date", "is_published")
    list_filter = ("phase", "is_published", "department")
    search_fields = ("title", "summary", "description", "department")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"


@admin.register(Event)
class EventAdmin(LeafletGeoAdmin):
    list_display = ("title", "campaign", "starts_at", "place_name", "attendance_mode", "status")
    list_filter = ("status", "attendance_mode", "campaign")
    search_fields = ("title", "summary", "place_name", "address")
    date_hierarchy = "starts_at"


@admin.register(Milestone)
class MilestoneAdmin(LeafletGeoAdmin):
    list_display = ("headline", "campaign", "date", "date_precision", "group", "progress")
    list_filter = ("campaign", "date_precision", "group")
    search_fields = ("headline", "text")
    raw_id_fields = ("annotation", "feature")

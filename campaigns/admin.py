from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(LeafletGeoAdmin):
    list_display = ("title", "department", "phase", "start_date", "end_date", "is_published")
    list_filter = ("phase", "is_published", "department")
    search_fields = ("title", "summary", "description", "department")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"
    readonly_fields = ("dashboard",)

    @admin.display(description=_("Dashboard"))
    def dashboard(self, campaign):
        if campaign.pk is None:
            return "—"
        url = reverse("portal:dashboard", kwargs={"slug": campaign.slug})
        return format_html('<a href="{}">{}</a>', url, _("Open the campaign's dashboard"))

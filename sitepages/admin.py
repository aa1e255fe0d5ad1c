from django.contrib import admin

from .models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "language", "updated_at"]
    list_filter = ["slug", "language"]
    search_fields = ["title", "body"]

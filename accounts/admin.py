from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Participation"), {"fields": ("display_name", "is_moderator")}),
    )
    list_display = ("username", "display_name", "email", "is_staff", "is_moderator")
    list_filter = (*BaseUserAdmin.list_filter, "is_moderator")
    search_fields = (*BaseUserAdmin.search_fields, "display_name")

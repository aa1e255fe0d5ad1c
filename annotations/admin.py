from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import COLLECTIVE_FIELDS, Annotation, Comment, ModerationAction, Report, Vote

# Moderation and answers change these only through their services (annotations/services.py,
# Annotation.respond), which keep the moderation history and the answer's author and date.
MODERATED_FIELDS = ("is_hidden", "hidden_reason")
ANSWER_FIELDS = ("status", "response_text", "response_author", "responded_at")


@admin.register(Annotation)
class AnnotationAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    """Staff correct a contribution here; every save is a revision in its history."""

    readonly_fields = (*ANSWER_FIELDS, *MODERATED_FIELDS, *COLLECTIVE_FIELDS, "source_event")
    list_display = ("title", "layer", "category", "status", "author", "is_hidden", "created_at")
    list_filter = ("status", "category", "is_hidden", "layer__campaign", "layer")
    search_fields = ("title", "body", "group_name", "author__display_name", "author__username")
    list_select_related = ("layer__campaign", "author")
    raw_id_fields = ("author", "target_feature")
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(LeafletGeoAdmin):
    readonly_fields = MODERATED_FIELDS
    list_display = ("__str__", "annotation", "author", "is_hidden", "created_at")
    list_filter = ("is_hidden", "annotation__layer__campaign")
    search_fields = ("body", "author__display_name", "author__username")
    list_select_related = ("annotation", "author")
    raw_id_fields = ("annotation", "parent", "author")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("annotation", "user", "value", "created_at")
    list_filter = ("value", "annotation__layer__campaign")
    list_select_related = ("annotation", "user")
    raw_id_fields = ("annotation", "user")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the moderation service only: the admin shows, never changes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "reason", "reporter", "created_at", "resolved_at", "resolved_by")
    list_filter = ("reason", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("note", "reporter__username", "reporter__display_name")
    list_select_related = ("annotation", "comment", "reporter", "resolved_by")
    date_hierarchy = "created_at"


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "moderator", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("reason", "moderator__username", "moderator__display_name")
    list_select_related = ("annotation", "comment", "moderator")
    date_hierarchy = "created_at"

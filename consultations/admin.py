from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from layers.models import Layer

from .models import Amendment, Article, ArticleText, Consultation, Support, Version, Vote


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "phase", "opens_at", "closes_at", "is_published")
    list_filter = ("phase", "is_published", "campaign")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ("campaign",)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["consultation", "number", "features", "geometry"]

    def clean(self):
        cleaned = super().clean()
        consultation, features = cleaned.get("consultation"), cleaned.get("features")
        if consultation and features:
            foreign = features.exclude(
                layer__campaign=consultation.campaign_id, layer__kind=Layer.Kind.REFERENCE
            )
            if foreign.exists():
                raise ValidationError(
                    {"features": _("Choose places of this campaign's reference layers.")}
                )
        return cleaned


class ArticleTextInline(admin.StackedInline):
    model = ArticleText
    extra = 0
    fields = ("version", "title", "body")
    readonly_fields = ("version",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # A version is published whole (from the consultation's page), never piecemeal.
        return False


@admin.register(Article)
class ArticleAdmin(LeafletGeoAdmin):
    form = ArticleForm
    list_display = ("__str__", "consultation")
    list_filter = ("consultation",)
    filter_horizontal = ("features",)
    inlines = [ArticleTextInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ("consultation", "number", "author", "created_at")
    list_filter = ("consultation",)
    readonly_fields = ("consultation", "number", "author", "created_at")


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "status", "created_at")
    list_filter = ("status", "article__consultation")
    raw_id_fields = ("article", "base_version", "author", "answered_by", "taken_in")


admin.site.register(Vote, list_display=("consultation", "article", "user", "value"))
admin.site.register(Support, list_display=("amendment", "user", "created_at"))

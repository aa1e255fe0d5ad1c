from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from annotations.models import Annotation

from .models import Accessibility, Campaign, Era, Event, EventSlot, MeetingOutcome, Milestone
from .models import Registration as EventRegistration


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
        url = reverse("campaigns:dashboard", kwargs={"slug": campaign.slug})
        return format_html('<a href="{}">{}</a>', url, _("Open the campaign's dashboard"))


class EventSlotInline(admin.TabularInline):
    model = EventSlot
    extra = 0


class MeetingOutcomeInline(admin.StackedInline):
    model = MeetingOutcome
    extra = 0
    raw_id_fields = ("recorded_by",)


class RegistrationInline(admin.TabularInline):
    model = EventRegistration
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)


class MeetingContributionInline(admin.TabularInline):
    """The collective contributions a meeting produced, listed; each is edited on its own page."""

    model = Annotation
    fk_name = "source_event"
    fields = ("title", "category", "group_name", "participant_count", "status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("collective contributions from this meeting")


class EventAdminForm(forms.ModelForm):
    """Accessibility as ticks rather than a comma-separated list."""

    accessibility = forms.MultipleChoiceField(
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=Event._meta.get_field("accessibility").verbose_name,
    )


@admin.register(Event)
class EventAdmin(LeafletGeoAdmin):
    form = EventAdminForm
    list_display = ("title", "campaign", "starts_at", "place_name", "attendance_mode", "status")
    list_filter = ("status", "attendance_mode", "campaign")
    search_fields = ("title", "summary", "place_name", "address")
    date_hierarchy = "starts_at"
    raw_id_fields = ("facilitator",)
    inlines = [EventSlotInline, RegistrationInline, MeetingOutcomeInline, MeetingContributionInline]


@admin.register(Milestone)
class MilestoneAdmin(LeafletGeoAdmin):
    list_display = ("headline", "campaign", "date", "date_precision", "group", "progress")
    list_filter = ("campaign", "date_precision", "group")
    search_fields = ("headline", "text")
    raw_id_fields = ("annotation", "feature")


@admin.register(Era)
class EraAdmin(admin.ModelAdmin):
    list_display = ("headline", "campaign", "start_date", "end_date")
    list_filter = ("campaign",)

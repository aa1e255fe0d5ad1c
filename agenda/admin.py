from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from annotations.models import Annotation
from core.admin import RecordsWhoAdds

from .models import Accessibility, Event, EventSlot, MeetingOutcome
from .models import Registration as EventRegistration


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
class EventAdmin(RecordsWhoAdds, LeafletGeoAdmin):
    form = EventAdminForm
    list_display = ("title", "campaign", "starts_at", "place_name", "attendance_mode", "status")
    list_filter = ("status", "attendance_mode", "campaign")
    search_fields = ("title", "summary", "place_name", "address")
    date_hierarchy = "starts_at"
    raw_id_fields = ("facilitator",)
    inlines = [EventSlotInline, RegistrationInline, MeetingOutcomeInline, MeetingContributionInline]

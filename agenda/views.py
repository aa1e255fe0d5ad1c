"""The agenda's pages: upcoming and past events on a map and in a list, one event, its feeds."""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import TextField, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.throttling import LimitedPostMixin
from annotations.models import Annotation
from campaigns.shortcuts import visible_campaign
from gis.geojson import feature_collection

from . import ical, services
from .filters import EventFilter
from .forms import CollectiveContributionFormSet, MeetingOutcomeForm
from .models import Event, MeetingOutcome
from .schema_org import event_data


def agenda_map(events):
    """The events with a place, as GeoJSON for the agenda's map."""
    url = Concat(
        Value(reverse("agenda:list")), Cast("pk", TextField()), Value("/"), output_field=TextField()
    )
    return feature_collection(
        events.filter(location__isnull=False),
        geometry="location",
        title="title",
        place="place_name",
        starts_at="starts_at",
        url=url,
    )


class AgendaView(TemplateView):
    """Upcoming and past events, of one campaign or of all, on a map and in a list."""

    template_name = "agenda/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = EventFilter(self.request.GET, queryset=Event.objects.visible_to(self.request.user))
        # A filter that names no known campaign lists nothing rather than everything.
        chosen = events.qs if events.is_valid() else events.queryset.none()
        context["filter"] = events
        context["upcoming"] = chosen.upcoming()
        context["past"] = chosen.past()
        context["map_data"] = agenda_map(chosen.upcoming())
        return context


class EventDetailView(DetailView):
    """One event: its sessions and place, registration, and what the meeting produced."""

    template_name = "agenda/event.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        context["schema_org"] = event_data(event, self.request)
        context["place"] = json.loads(event.location.geojson) if event.location else None
        context["is_full"] = event.is_full(event.registration_count)
        context["places_left"] = event.places_left(event.registration_count)
        context["is_registered"] = (
            user.is_authenticated and event.registrations.filter(user=user).exists()
        )
        context["outcome"] = MeetingOutcome.objects.filter(event=event).first()
        context["contributions"] = (
            Annotation.objects.visible().filter(source_event=event).select_related("layer")
        )
        context["may_record_outcome"] = user.has_perm("agenda.record_meeting_outcome", event)
        if user.has_perm("agenda.view_registrations", event):
            context["registrants"] = [
                registration.user.public_name
                for registration in event.registrations.select_related("user")
            ]
        return context


class RegistrationView(LoginRequiredMixin, LimitedPostMixin, View):
    """POST: take a place at the event, or free it (`action=unregister`)."""

    limited_action = "register"

    def post(self, request, pk):
        event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
        if request.POST.get("action") == "unregister":
            if services.unregister(event, request.user):
                messages.success(request, _("Your place is freed."))
        else:
            try:
                services.register(event, request.user)
                messages.success(request, _("You are registered."))
            except services.RegistrationRefused as refusal:
                messages.error(request, str(refusal))
        return redirect(event)


class MeetingOutcomeView(PermissionRequiredMixin, DetailView):
    """Staff or the facilitator record a meeting's attendance, minutes and contributions."""

    template_name = "agenda/outcome.html"
    context_object_name = "event"
    permission_required = "agenda.record_meeting_outcome"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def forms(self, data=None):
        event = self.object
        outcome = MeetingOutcome.objects.filter(event=event).first()
        return (
            MeetingOutcomeForm(data, instance=outcome, prefix="outcome"),
            CollectiveContributionFormSet(data, form_kwargs={"event": event}, prefix="c"),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        outcome_form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=outcome_form, formset=formset))

    def post(self, request, *args, **kwargs):
        self.object = event = self.get_object()
        outcome_form, formset = self.forms(request.POST)
        if outcome_form.is_valid() and formset.is_valid():
            attendees = outcome_form.cleaned_data["attendees_count"]
            try:
                _outcome, created = services.record_meeting_outcome(
                    event,
                    recorded_by=request.user,
                    attendees_count=attendees,
                    organisations=outcome_form.cleaned_data["organisations"],
                    minutes=outcome_form.cleaned_data["minutes"],
                    contributions=[
                        form.contribution(attendees) for form in formset if form.has_changed()
                    ],
                )
            except ValidationError as error:
                outcome_form.add_error(None, error)
            else:
                count = len(created)
                messages.success(
                    request,
                    ngettext(
                        "The meeting's outcome is recorded with %(count)s contribution.",
                        "The meeting's outcome is recorded with %(count)s contributions.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(event)
        context = self.get_context_data(form=outcome_form, formset=formset)
        return self.render_to_response(context, status=400)


def ics_response(events, request, name, filename):
    response = HttpResponse(
        ical.calendar(events, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def agenda_ics(request):
    """Every event anyone may see, as an iCalendar feed to subscribe to."""
    return ics_response(
        Event.objects.visible_to(request.user), request, _("City agenda"), "agenda.ics"
    )


def campaign_agenda_ics(request, slug):
    campaign = visible_campaign(request, slug)
    events = Event.objects.visible_to(request.user).filter(campaign=campaign)
    return ics_response(events, request, campaign.title, f"{campaign.slug}.ics")


def event_ics(request, pk):
    events = Event.objects.visible_to(request.user).filter(pk=pk)
    get_object_or_404(events)
    return ics_response(events, request, _("City agenda"), f"event-{pk}.ics")

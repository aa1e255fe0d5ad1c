"""The agenda's pages: upcoming and past events on a map and in a list, one event, its feeds."""

import json

import rules
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
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.throttling import LimitedPostMixin
from annotations.models import Annotation
from campaigns.shortcuts import visible_campaign
from gis.geojson import feature_collection

from . import ical, services
from .filters import EventFilter
from .forms import CollectiveContributionFormSet, MeetingOutcomeForm, ProposalForm, SessionFormSet
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
        ends_at="ends_at",
        url=url,
    )


def filtered_events(request):
    """The published events the query string's filters choose, and the FilterSet; a filter
    that names no known campaign (or any other bad value) chooses nothing, not everything."""
    events = EventFilter(request.GET, queryset=Event.objects.visible_to(request.user).public())
    return (events.qs if events.is_valid() else events.queryset.none()), events


class AgendaView(TemplateView):
    """Upcoming and past events on a map and in a list, filtered by the query string (so a
    filtered agenda is shared, or subscribed to as iCalendar, by its address)."""

    template_name = "agenda/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen, events = filtered_events(self.request)
        query = self.request.GET.urlencode()
        context["filter"] = events
        context["upcoming"] = chosen.upcoming()
        context["past"] = chosen.past()
        context["map_data"] = agenda_map(chosen.upcoming())
        context["ics_url"] = reverse("agenda:ics") + (f"?{query}" if query else "")
        # The site's own address search (geocoding/), whichever geocoder answers behind it.
        context["geocoder_url"] = self.request.build_absolute_uri(reverse("address-search"))
        return context


class ProposeEventView(LoginRequiredMixin, LimitedPostMixin, TemplateView):
    """A signed-in resident or association proposes an event; a moderator publishes it."""

    template_name = "agenda/propose.html"
    limited_action = "contribute"

    def get_context_data(self, form=None, sessions=None, **kwargs):
        return super().get_context_data(
            form=form or ProposalForm(),
            sessions=sessions or SessionFormSet(prefix="sessions"),
            **kwargs,
        )

    def post(self, request):
        form = ProposalForm(request.POST)
        sessions = SessionFormSet(request.POST, prefix="sessions")
        if all([form.is_valid(), sessions.is_valid()]):
            try:
                event = services.propose_event(form.instance, sessions.sessions, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your event waits for a moderator before it appears in "
                        "the agenda."
                    ),
                )
                return redirect(event)
        context = self.get_context_data(form=form, sessions=sessions)
        return self.render_to_response(context, status=400)


class ProposalsView(PermissionRequiredMixin, ListView):
    """Moderators: the events residents proposed, waiting to be published or rejected."""

    permission_required = "agenda.moderate_event"
    template_name = "agenda/proposals.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).proposals().select_related("proposed_by")


class EventModerationView(PermissionRequiredMixin, View):
    """POST: publish a proposed event, or reject it with a reason its author reads."""

    permission_required = "agenda.moderate_event"

    def post(self, request, pk):
        event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
        try:
            if request.POST.get("action") == "publish":
                services.publish_event(event, request.user)
                messages.success(request, _("Published: the event is in the agenda."))
            else:
                services.reject_event(event, request.user, request.POST.get("reason", ""))
                messages.success(request, _("Rejected. Its author sees your reason."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("agenda:proposals")


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
        mine = event.registrations.filter(user=user).first() if user.is_authenticated else None
        context["is_registered"] = mine is not None and not mine.is_waiting
        context["waiting_position"] = (
            services.position_on_waiting_list(mine) if mine and mine.is_waiting else None
        )
        context["may_moderate"] = rules.has_perm("agenda.moderate_event", user, event)
        context["outcome"] = MeetingOutcome.objects.filter(event=event).first()
        context["contributions"] = (
            Annotation.objects.visible().filter(source_event=event).select_related("layer")
        )
        context["may_record_outcome"] = user.has_perm("agenda.record_meeting_outcome", event)
        if user.has_perm("agenda.view_registrations", event):
            context["registrants"] = [
                registration.user.public_name
                for registration in event.registrations.holding_places().select_related("user")
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
                registration, _created = services.register(
                    event, request.user, join_waiting_list=request.POST.get("action") == "wait"
                )
            except services.RegistrationRefused as refusal:
                messages.error(request, str(refusal))
            else:
                if registration.is_waiting:
                    messages.success(
                        request,
                        _("You are on the waiting list: a freed place goes to you in turn."),
                    )
                else:
                    messages.success(request, _("You are registered."))
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
    """The published events the query string's filters choose (all without any), as an
    iCalendar feed to subscribe to."""
    events, _filters = filtered_events(request)
    return ics_response(events, request, _("City agenda"), "agenda.ics")


def campaign_agenda_ics(request, slug):
    campaign = visible_campaign(request, slug)
    events = Event.objects.visible_to(request.user).published().filter(campaign=campaign)
    return ics_response(events, request, campaign.title, f"{campaign.slug}.ics")


def event_ics(request, pk):
    events = Event.objects.visible_to(request.user).filter(pk=pk)
    get_object_or_404(events)
    return ics_response(events, request, _("City agenda"), f"event-{pk}.ics")

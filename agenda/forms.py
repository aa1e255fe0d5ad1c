"""Forms of the agenda's pages: an event residents propose, what a meeting produced."""

from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from layers.models import Category, Layer

from .models import Accessibility, Event, MeetingOutcome
from .services import PARTICIPANT_COUNT_MESSAGE

MOST_SESSIONS = 5
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProposalForm(forms.ModelForm):
    """An event a signed-in resident or an association proposes; its sessions come apart
    (`SessionFormSet`), its place from the map (or typed coordinates)."""

    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "organiser_name",
            "summary",
            "description",
            "campaign",
            "attendance_mode",
            "place_name",
            "address",
            "online_url",
            "accessibility",
            "capacity",
            "link",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.published().defer("perimeter")
        self.fields["campaign"].required = False
        self.fields["campaign"].empty_label = _("None: a city-wide event")

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise ValidationError(_("Place the event on the map, or leave both coordinates empty."))
        location = None if latitude is None else Point(longitude, latitude, srid=4326)
        self.instance.location = location
        in_person = data.get("attendance_mode") != Event.AttendanceMode.ONLINE
        if in_person and location is None:
            self.add_error(None, _("Place the event on the map: people come to it."))
        elif location is not None and settings.AGENDA_PROPOSALS_WITHIN_PERIMETERS:
            self.check_inside(location, data.get("campaign"))
        return data

    def check_inside(self, location, campaign):
        """A proposed event takes place in its campaign's area, or in some campaign's area."""
        if campaign is not None:
            if not Campaign.objects.filter(pk=campaign.pk, perimeter__intersects=location).exists():
                self.add_error(
                    None,
                    _("This place is outside the area of “%(campaign)s”.")
                    % {"campaign": campaign.title},
                )
        elif not Campaign.objects.published().filter(perimeter__intersects=location).exists():
            self.add_error(
                None,
                _(
                    "This place is outside every campaign's area: events proposed here take "
                    "place within one."
                ),
            )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Begins"), required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DATETIME_WIDGET)

    def clean(self):
        data = super().clean()
        begins, ends = data.get("starts_at"), data.get("ends_at")
        if (begins is None) != (ends is None) and not self.errors:
            raise ValidationError(_("Give both the beginning and the end of the session."))
        if begins and ends and ends <= begins:
            raise ValidationError(_("This session ends before it begins."))
        return data


class BaseSessionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.sessions:
            raise ValidationError(_("Give at least one session: when it begins and ends."))

    @property
    def sessions(self):
        return [
            (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"])
            for form in self.forms
            if form.cleaned_data.get("starts_at")
        ]


SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=2,
    max_num=MOST_SESSIONS,
    absolute_max=MOST_SESSIONS,
    validate_max=True,
)


class MeetingOutcomeForm(forms.ModelForm):
    class Meta:
        model = MeetingOutcome
        fields = ["attendees_count", "organisations", "minutes"]
        widgets = {"organisations": forms.Textarea(attrs={"rows": 3})}


class CollectiveContributionForm(forms.Form):
    """One contribution the meeting produced, on behalf of everyone present."""

    layer = forms.ModelChoiceField(queryset=Layer.objects.none(), label=_("Layer"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Category"))
    title = forms.CharField(max_length=200, label=_("Title"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Text")
    )
    group_name = forms.CharField(
        max_length=200, label=_("On behalf of"), help_text=_("The group or the meeting.")
    )
    participant_count = forms.IntegerField(
        min_value=1,
        error_messages={"min_value": PARTICIPANT_COUNT_MESSAGE},
        required=False,
        label=_("Participants"),
        help_text=_("Leave empty for all the attendees."),
    )
    latitude = forms.FloatField(required=False, label=_("Latitude"))
    longitude = forms.FloatField(required=False, label=_("Longitude"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        layers = Layer.objects.filter(kind=Layer.Kind.CONTRIBUTION)
        if event.campaign_id:
            layers = layers.filter(campaign_id=event.campaign_id)
        self.fields["layer"].queryset = layers.select_related("campaign")
        self.fields["group_name"].initial = event.title
        self.fields["latitude"].help_text = _("Leave both empty for the meeting's place.")

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if latitude is not None and longitude is not None:
            data["geometry"] = Point(longitude, latitude, srid=4326)
        elif latitude is None and longitude is None and self.event.location:
            data["geometry"] = self.event.location
        else:
            raise forms.ValidationError(
                _("Give both the latitude and the longitude of the contribution.")
            )
        return data

    def contribution(self, attendees_count):
        """The Annotation fields for services.record_meeting_outcome."""
        data = self.cleaned_data
        return {
            "layer": data["layer"],
            "geometry": data["geometry"],
            "category": data["category"],
            "title": data["title"],
            "body": data["body"],
            "group_name": data["group_name"],
            "participant_count": data["participant_count"] or attendees_count,
        }


CollectiveContributionFormSet = forms.formset_factory(CollectiveContributionForm, extra=3)

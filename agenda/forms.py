"""Forms of the agenda's pages: recording what a meeting produced."""

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from layers.models import Category, Layer

from .models import MeetingOutcome
from .services import PARTICIPANT_COUNT_MESSAGE


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

"""Drawing an alert area: a polygon drawn on the map, or a circle around an address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from geocoding.geocoders import MAX_QUERY_LENGTH, GeocoderUnavailable, configured_geocoder
from gis.forms import GeoJSONGeometryFormField

from .areas import DEFAULT_RADIUS, RADIUS_CHOICES, circle
from .models import NAME_MAX_LENGTH


class CampaignField(forms.ModelChoiceField):
    """A campaign by its slug (`Campaign.objects.with_slug`)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        campaign = self.queryset.with_slug(value).first()
        if campaign is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return campaign


class AreaForm(forms.Form):
    """What the page sends; `cleaned_data["area"]` is the polygon to save. The address's
    place comes from the search's suggestions (longitude and latitude); without them (no
    JavaScript) the server looks the typed address up itself."""

    SHAPES = [
        ("circle", _("A circle around an address")),
        ("polygon", _("An area I draw on the map")),
    ]

    name = forms.CharField(
        label=_("Name of the area"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For you alone, e.g. “Around the school”."),
    )
    shape = forms.ChoiceField(
        label=_("Shape"), choices=SHAPES, initial="circle", widget=forms.RadioSelect
    )
    address = forms.CharField(label=_("Address"), max_length=MAX_QUERY_LENGTH, required=False)
    longitude = forms.FloatField(
        min_value=-180, max_value=180, required=False, widget=forms.HiddenInput
    )
    latitude = forms.FloatField(
        min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    radius = forms.TypedChoiceField(
        label=_("Distance around the address"),
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=DEFAULT_RADIUS,
    )
    geometry = GeoJSONGeometryFormField(required=False)
    campaign = CampaignField(
        queryset=Campaign.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user).defer("perimeter")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["shape"] == "polygon":
            if data["geometry"] is None:
                self.add_error(
                    "geometry",
                    forms.ValidationError(
                        _(
                            "Draw the area on the map first: choose the polygon tool, then tap "
                            "each corner and the first one again to close it."
                        ),
                        code="required",
                    ),
                )
                return data
            data["area"] = data["geometry"]
            return data
        place = self.place(data)
        if place:
            data["area"] = circle(*place, data["radius"])
        return data

    def place(self, data):
        """(longitude, latitude) of the address: chosen among the suggestions, or looked up."""
        if data["longitude"] is not None and data["latitude"] is not None:
            return data["longitude"], data["latitude"]
        if not data["address"]:
            self.add_error(
                "address",
                forms.ValidationError(
                    _("Type an address and choose it among the suggestions, or draw the area."),
                    code="required",
                ),
            )
            return None
        try:
            found = configured_geocoder().search(data["address"], limit=1)["features"]
        except GeocoderUnavailable:
            found = None
            message = _("The address search is unavailable; try again later, or draw the area.")
        else:
            message = _(
                "No address found: check the spelling, or type the street without the number."
            )
        if not found:
            self.add_error("address", forms.ValidationError(message, code="not_found"))
            return None
        return tuple(found[0]["geometry"]["coordinates"])

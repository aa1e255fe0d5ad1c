"""A resident's contribution drawn on the campaign map: the form behind its drawing tools."""

import rules
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from gis.forms import GeoJSONGeometryFormField
from gis.geometry import GeometryFamily, geometry_family
from layers.models import Feature, Layer

from ..models import Annotation


def geometry_on(feature, layer):
    """What a contribution annotating `feature` covers: the feature's own shape when
    the layer accepts its kind, otherwise a point on it when the layer takes points."""
    accepted = layer.accepted_geometry_types if layer else []
    if not accepted or geometry_family(feature.geometry) in accepted:
        return feature.geometry
    if GeometryFamily.POINT in accepted:
        return feature.geometry.point_on_surface
    return feature.geometry


class ContributionForm(forms.ModelForm):
    """Title, text and category of a contribution, its layer, and the shape drawn on the
    map or the reference feature it annotates. The model's `clean()` checks the rest."""

    geometry = GeoJSONGeometryFormField(label=_("Shape on the map"), required=False)

    class Meta:
        model = Annotation
        fields = ["layer", "category", "title", "body", "geometry", "target_feature"]
        labels = {"layer": _("Map layer"), "body": _("Your text")}
        widgets = {
            "target_feature": forms.HiddenInput,
            "body": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, campaign, user, **kwargs):
        kwargs.setdefault("instance", Annotation(author=user))
        super().__init__(*args, **kwargs)
        self.open_layers = [
            layer
            for layer in campaign.layers.filter(kind=Layer.Kind.CONTRIBUTION)
            if rules.has_perm("annotations.contribute_on_layer", user, layer)
        ]
        layer_field = self.fields["layer"]
        # Any of the campaign's layers is read, so a closed or reference layer gets its
        # own message; only the open ones are offered.
        layer_field.queryset = campaign.layers.all()
        layer_field.choices = [(layer.pk, layer.name) for layer in self.open_layers]
        if len(self.open_layers) <= 1:
            # Nothing to choose; a layer that closed meanwhile comes back with its message.
            layer_field.widget = forms.HiddenInput()
        if len(self.open_layers) == 1:
            self.initial["layer"] = self.open_layers[0].pk
        categories = self.categories()
        self.fields["category"].choices = [("", _("Choose a category"))] + [
            choice for choice in self.fields["category"].choices if choice[0] in categories
        ]
        self.fields["target_feature"].queryset = Feature.objects.filter(layer__campaign=campaign)
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def categories(self):
        """The categories the open layers accept together (all when one accepts any)."""
        accepted = set()
        for layer in self.open_layers:
            if not layer.accepted_categories:
                return {value for value, _label in Annotation._meta.get_field("category").choices}
            accepted.update(layer.accepted_categories)
        return accepted

    @property
    def layer_data(self):
        """What the map's drawing tools need of each open layer."""
        return [
            {
                "id": layer.pk,
                "name": layer.name,
                "geometry_types": layer.accepted_geometry_types,
                "categories": layer.accepted_categories,
            }
            for layer in self.open_layers
        ]

    def full_clean(self):
        super().full_clean()
        # Screen readers read each field's message with the field.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def clean_layer(self):
        layer = self.cleaned_data["layer"]
        if layer.is_contribution and layer not in self.open_layers:
            if layer.opens_at and layer.opens_at > timezone.now():
                raise forms.ValidationError(
                    _("“%(layer)s” is not open yet: it takes contributions from %(date)s."),
                    code="not_open_yet",
                    params={"layer": layer.name, "date": formats.date_format(layer.opens_at)},
                )
            raise forms.ValidationError(
                _("“%(layer)s” is closed: it no longer takes contributions."),
                code="closed",
                params={"layer": layer.name},
            )
        return layer

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("geometry") is None and "geometry" not in self.errors:
            feature = cleaned.get("target_feature")
            if feature is None:
                self.add_error(
                    "geometry",
                    _("Draw your contribution on the map, or choose a feature of the map."),
                )
            else:
                cleaned["geometry"] = geometry_on(feature, cleaned.get("layer"))
        return cleaned

import re

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.models import Timestamped
from gis.geojson import feature_collection_text
from gis.geometry import GeometryFamily, clean_geometry_field


class Category(models.TextChoices):
    """What a resident's contribution is; a contribution layer accepts some of these."""

    ISSUE = "issue", _("Issue")
    PROPOSAL = "proposal", _("Proposal")
    QUESTION = "question", _("Question")
    SUPPORT = "support", _("Support")
    OTHER = "other", _("Other")


# One colour per value of a reference layer's style attribute, in value order: ColorBrewer's
# Dark2, a qualitative palette that stays distinct for colour-blind people and on white.
STYLE_PALETTE = [
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
]


# An attribute's name in braces in a layer's place summary: {zone}, {statut}.
PLACE_SUMMARY_FIELD = re.compile(r"\{([^{}]{1,100})\}")


class Layer(Timestamped):
    """A map layer of a campaign.

    A reference layer is context staff import (a plan, rollout zones); a
    contribution layer is the consultation itself, with its question, its
    opening and closing dates and what it accepts.
    """

    class Kind(models.TextChoices):
        REFERENCE = "reference", _("Reference")
        CONTRIBUTION = "contribution", _("Contribution")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="layers",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(
        _("colour"),
        max_length=7,
        default="#3388ff",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #3388ff."))],
    )
    opacity = models.FloatField(_("opacity"), default=0.6, help_text=_("From 0 to 1."))
    z_index = models.IntegerField(
        _("drawing order"), default=0, help_text=_("Higher layers are drawn on top.")
    )
    attribution = models.CharField(_("attribution"), max_length=300, blank=True)
    question = models.TextField(_("question asked"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    accepted_geometry_types = ArrayField(
        models.CharField(max_length=8, choices=GeometryFamily),
        verbose_name=_("accepted geometry types"),
        default=list,
        blank=True,
    )
    label_property = models.CharField(
        _("label attribute"),
        max_length=100,
        blank=True,
        help_text=_("The imported attribute that labels each feature."),
    )
    style_property = models.CharField(
        _("style attribute"),
        max_length=100,
        blank=True,
        help_text=_("The imported attribute whose value styles each feature."),
    )
    place_summary = models.CharField(
        _("what a place is told"),
        max_length=300,
        blank=True,
        help_text=_(
            "The answer to someone who chose an address or a point on one of this layer's "
            "features. {attribute} stands for the feature's value of that attribute, e.g. "
            "“{zone}: {status}, planned {quarter}”. Empty: the feature's label."
        ),
    )
    accepted_categories = ArrayField(
        models.CharField(max_length=16, choices=Category),
        verbose_name=_("accepted categories"),
        default=list,
        blank=True,
    )
    # Bumped in the same transaction as any write that changes what the layer shows, so
    # anything derived from its content (tiles, export files) is keyed by it and never stale.
    content_version = models.PositiveBigIntegerField(
        _("content version"), default=1, editable=False
    )

    class Meta:
        verbose_name = _("layer")
        verbose_name_plural = _("layers")
        ordering = ["campaign", "z_index", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opacity__gte=0) & Q(opacity__lte=1),
                name="layer_opacity_within_0_1",
                violation_error_message=_("Opacity must lie between 0 and 1."),
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="layer_closes_after_it_opens",
                violation_error_message=_("A layer must close after it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.name}"

    @classmethod
    def content_changed(cls, layer_id):
        """Mark the layer's content as changed; call inside the writing transaction."""
        cls.objects.filter(pk=layer_id).update(content_version=F("content_version") + 1)

    @property
    def is_contribution(self):
        return self.kind == self.Kind.CONTRIBUTION

    def is_open_for_contributions(self):
        """A contribution layer of an open campaign, between its opening and closing dates."""
        now = timezone.now()
        return (
            self.is_contribution
            and self.campaign.phase == Campaign.Phase.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def style_classes(self):
        """The distinct values of the style attribute, each with its colour from the palette.

        Colours told apart need few of them: past the palette's size, the remaining
        values share the layer's own colour, as one entry marked `others`.
        """
        if self.is_contribution or not self.style_property:
            return []
        values = list(
            self.features.annotate(value=KeyTextTransform(self.style_property, "properties"))
            .exclude(value__isnull=True)
            .order_by("value")
            .values_list("value", flat=True)
            .distinct()[: len(STYLE_PALETTE) + 1]
        )
        classes = [
            {"value": value, "color": color}
            for value, color in zip(values, STYLE_PALETTE, strict=False)
        ]
        if len(values) > len(STYLE_PALETTE):
            classes.append({"value": None, "color": self.color, "others": True})
        return classes

    def summarise(self, feature):
        """What `place_summary` says of `feature`: each {attribute} replaced by its value,
        an attribute the feature lacks by nothing. Plain text, never a format string run
        by Python: attributes come from imported files."""
        if not self.place_summary:
            return feature.label or str(feature)
        properties = feature.properties if isinstance(feature.properties, dict) else {}

        def value(match):
            found = properties.get(match.group(1))
            return "" if found is None else str(found)

        return PLACE_SUMMARY_FIELD.sub(value, self.place_summary).strip()

    def map_data(self):
        """How the campaign map draws this layer: its name, kind, style and attribution."""
        return {
            "id": self.pk,
            "name": self.name,
            "kind": self.kind,
            "color": self.color,
            "opacity": self.opacity,
            "attribution": self.attribution,
            "style_classes": self.style_classes(),
            "place_summary": self.place_summary,
        }

    def drawn_attributes(self):
        """What a reference feature carries onto the map besides its label, as expressions:
        the style attribute's value as `style`, and the attributes the place summary names
        as `values` (a JSON object), for the popup to say it."""
        drawn = (
            {"style": KeyTextTransform(self.style_property, "properties")}
            if self.style_property
            else {}
        )
        named = PLACE_SUMMARY_FIELD.findall(self.place_summary)
        if named:
            values = {name: KeyTextTransform(name, "properties") for name in named}
            drawn["values"] = JSONObject(**values)
        return drawn

    def features_geojson(self):
        """A reference layer's features as the campaign map draws them, as GeoJSON text
        PostGIS wrote."""
        drawn = self.drawn_attributes()
        return feature_collection_text(self.features.all(), label="label", **drawn)


class Feature(models.Model):
    """A reference geometry on a layer (a planned path, a fibre zone), with its attributes."""

    layer = models.ForeignKey(
        Layer, verbose_name=_("layer"), on_delete=models.CASCADE, related_name="features"
    )
    geometry = models.GeometryField(_("geometry"), srid=4326)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        ordering = ["layer", "id"]

    def __str__(self):
        return self.label or f"{self.layer.name} #{self.pk}"

    def clean(self):
        clean_geometry_field(self, "geometry")

"""The timeline module: the milestones that tell a campaign's project as a story."""

from urllib.parse import urlencode

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.links import WebURLField, is_blank_or_web_url, web_url
from core.models import AddedBy
from gis.geometry import clean_geometry_field

from . import signals


class Era(models.Model):
    """A named period of a campaign's timeline (a phase of works, the consultation)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="eras",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    headline = models.CharField(_("headline"), max_length=200)

    class Meta:
        db_table = "campaigns_era"  # kept when the model left the campaigns app
        verbose_name = _("era")
        verbose_name_plural = _("eras")
        ordering = ["campaign", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="era_ends_after_it_starts",
                violation_error_message=_("An era cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.headline


class Milestone(AddedBy):
    class DatePrecision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Month")
        DAY = "day", _("Day")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=DatePrecision, default=DatePrecision.DAY
    )
    headline = models.CharField(_("headline"), max_length=200)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Paragraphs, links, emphasis and lists are kept; other HTML is removed."),
    )
    media_url = WebURLField(_("media URL"), blank=True)
    media_caption = models.CharField(_("media caption"), max_length=300, blank=True)
    media_credit = models.CharField(_("media credit"), max_length=200, blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, help_text=_("From 0 to 100.")
    )
    annotation = models.ForeignKey(
        "annotations.Annotation",
        verbose_name=_("linked contribution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    feature = models.ForeignKey(
        "layers.Feature",
        verbose_name=_("linked feature"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    location = models.PointField(_("place on the map"), srid=4326, null=True, blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("linked consultation on a text"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )

    class Meta:
        db_table = "campaigns_milestone"  # kept when the model left the campaigns app
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["campaign", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="milestone_progress_within_0_100",
                violation_error_message=_("Progress must lie between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=is_blank_or_web_url("media_url"),
                name="milestone_media_url_is_web",
                violation_error_message=web_url.message,
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        created = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if created:
                signals.milestone_published.send(sender=Milestone, milestone=self, by=self.added_by)

    def clean(self):
        clean_geometry_field(self, "location", families={"point"})
        if self.consultation_id and self.consultation.campaign_id != self.campaign_id:
            raise ValidationError(
                {"consultation": _("The consultation belongs to another campaign.")}
            )

    def get_map_url(self):
        """The campaign map opened on the linked contribution, feature or place; or None."""
        if self.annotation_id:
            focus = {"annotation": self.annotation_id}
        elif self.feature_id:
            focus = {"feature": self.feature_id}
        elif self.location:
            focus = {"at": f"{self.location.y},{self.location.x}"}
        else:
            return None
        return f"{self.campaign.get_absolute_url()}?{urlencode(focus)}#campaign-map"

    def date_parts(self):
        """The date as TimelineJS reads it, with only the parts its precision allows."""
        parts = {"year": self.date.year}
        if self.date_precision in (self.DatePrecision.MONTH, self.DatePrecision.DAY):
            parts["month"] = self.date.month
        if self.date_precision == self.DatePrecision.DAY:
            parts["day"] = self.date.day
        return parts

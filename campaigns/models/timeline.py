"""The timeline module: the milestones that tell a campaign's project as a story."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geoconsult.geometry import clean_geometry_field


class Milestone(models.Model):
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
    text = models.TextField(_("text"), blank=True)
    media_url = models.URLField(_("media URL"), blank=True)
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

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["campaign", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="milestone_progress_within_0_100",
                violation_error_message=_("Progress must lie between 0 and 100."),
            ),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        clean_geometry_field(self, "location", families={"point"})

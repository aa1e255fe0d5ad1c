"""The agenda module: public meetings of a campaign, or of the whole city."""

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from geoconsult.geometry import clean_geometry_field
from geoconsult.models import Timestamped


class Event(Timestamped):
    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")
        FULL = "full", _("Full")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
        help_text=_("Leave empty for a city-wide event."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("begins"))
    ends_at = models.DateTimeField(_("ends"))
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    location = models.PointField(_("location on the map"), srid=4326, null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceMode, default=AttendanceMode.IN_PERSON
    )
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.SCHEDULED)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_begins",
                violation_error_message=_("An event must end after it begins."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_at_least_one",
                violation_error_message=_("The capacity must be at least 1."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        clean_geometry_field(self, "location", families={"point"})

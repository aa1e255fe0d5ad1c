"""What a meeting produced: who came, and the minutes it was recorded with."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped


class MeetingOutcome(Timestamped):
    """The record of a residents' meeting; its contributions point back at the event."""

    event = models.OneToOneField(
        "agenda.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    attendees_count = models.IntegerField(
        _("number of attendees"),
        validators=[MinValueValidator(1, _("A meeting has at least one attendee."))],
    )
    organisations = models.TextField(
        _("organisations present"), blank=True, help_text=_("One per line.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "campaigns_meetingoutcome"  # kept when the model left the campaigns app
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendees_count__gte=1),
                name="meeting_outcome_attendees_at_least_one",
                violation_error_message=_("A meeting has at least one attendee."),
            ),
        ]

    def __str__(self):
        return str(self.event)

    def organisation_list(self):
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]

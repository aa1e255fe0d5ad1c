"""The agenda module: public meetings of a campaign, or of the whole city."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import WebURLField, is_blank_or_web_url, web_url
from core.models import AddedBy, Timestamped
from gis.geometry import clean_geometry_field

from .. import signals


def moderates_agenda(user):
    """Staff and moderators publish or reject the events residents propose."""
    return user.is_authenticated and (user.is_staff or user.is_moderator)


# What registrants hear of when it changes: when and where the event is held.
WHEN_AND_WHERE = (
    "starts_at",
    "ends_at",
    "place_name",
    "address",
    "location",
    "attendance_mode",
    "online_url",
)
# What a save is read for beforehand: the above, and whether the event is public and on.
ANNOUNCED = (*WHEN_AND_WHERE, "status", "is_published")

# A registration holding a place, not one on the waiting list.
HOLDS_A_PLACE = Q(registrations__is_waiting=False)


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events anyone may see: published (a resident's proposal waits for a moderator),
        city-wide or of a published campaign."""
        return self.filter(
            Q(campaign__isnull=True) | Q(campaign__is_published=True), is_published=True
        )

    def published(self):
        """Not a resident's proposal still waiting or rejected."""
        return self.filter(is_published=True)

    def proposals(self):
        """Residents' proposals waiting for a moderator, oldest first."""
        return self.filter(is_published=False, rejection_reason="").order_by("created_at")

    def upcoming(self):
        # Ordered here, not by Meta.ordering, which Django drops once visible_to() counts.
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def visible_to(self, user):
        """What `user` may see, with what every list shows: places taken, people waiting,
        sessions, campaign. Staff and moderators see everything; a resident also sees the
        events they proposed, published or not."""
        if moderates_agenda(user):
            events = self
        elif user.is_authenticated:
            events = self.filter(Q(pk__in=self.public().values("pk")) | Q(proposed_by=user))
        else:
            events = self.public()
        return (
            events.annotate(
                registration_count=Count("registrations", filter=HOLDS_A_PLACE),
                waiting_count=Count("registrations", filter=~HOLDS_A_PLACE),
            )
            .select_related("campaign")
            .prefetch_related("slots")
        )


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    INDUCTION_LOOP = "induction_loop", _("Induction loop")
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpretation")
    CAPTIONS = "captions", _("Live captions")


class Event(Timestamped, AddedBy):
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
    starts_at = models.DateTimeField(
        _("begins"),
        help_text=_("For an event held in several sessions: when the first one begins."),
    )
    ends_at = models.DateTimeField(
        _("ends"), help_text=_("For an event held in several sessions: when the last one ends.")
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    location = models.PointField(_("location on the map"), srid=4326, null=True, blank=True)
    capacity = models.IntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("The capacity must be at least 1."))],
        help_text=_("Leave empty for no limit."),
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceMode, default=AttendanceMode.IN_PERSON
    )
    online_url = WebURLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.SCHEDULED)
    accessibility = ArrayField(
        models.CharField(max_length=16, choices=Accessibility),
        verbose_name=_("accessibility"),
        default=list,
        blank=True,
    )
    image_url = WebURLField(_("image URL"), blank=True)
    link = WebURLField(
        _("more information"), blank=True, help_text=_("A web page about the event.")
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("A resident's proposal stays unpublished until a moderator publishes it."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
    )
    organiser_name = models.CharField(
        _("organised by"),
        max_length=200,
        blank=True,
        help_text=_("The association or the person holding the event."),
    )
    rejection_reason = models.CharField(_("reason for not publishing"), max_length=300, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_events",
        help_text=_("May record the meeting's outcome and the contributions it produced."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        db_table = "campaigns_event"  # kept when the model left the campaigns app
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
            models.CheckConstraint(
                condition=is_blank_or_web_url("online_url"),
                name="event_online_url_is_web",
                violation_error_message=web_url.message,
            ),
            models.CheckConstraint(
                condition=is_blank_or_web_url("image_url"),
                name="event_image_url_is_web",
                violation_error_message=web_url.message,
            ),
            models.CheckConstraint(
                condition=is_blank_or_web_url("link"),
                name="event_link_is_web",
                violation_error_message=web_url.message,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:event", kwargs={"pk": self.pk})

    @property
    def author(self):
        """Who wrote the event: the resident who proposed it, or the staff who added it."""
        return self.proposed_by or self.added_by

    def save(self, *args, **kwargs):
        # However it is saved (admin, API, services), the row as stored says what changed.
        # Only a published event's save writing an announced field can be news: any other
        # save reads nothing first.
        update_fields = kwargs.get("update_fields")
        written = [name for name in ANNOUNCED if update_fields is None or name in update_fields]
        news = self.is_published and bool(written)
        with transaction.atomic():
            before = None
            if news and not self._state.adding:
                before = Event.objects.filter(pk=self.pk).values(*ANNOUNCED).first()
            super().save(*args, **kwargs)
            if news:
                self._announce(before, written)

    def _announce(self, before, written):
        """`before`: the stored values (None for a new row); `written`: what this save wrote."""
        if before is None:
            signals.event_published.send(sender=Event, event=self, by=self.author)
            return
        now = {name: getattr(self, name) if name in written else before[name] for name in ANNOUNCED}
        if not now["is_published"]:
            return
        if not before["is_published"]:
            signals.event_published.send(sender=Event, event=self, by=self.author)
        elif now["status"] == self.Status.CANCELLED and before["status"] != self.Status.CANCELLED:
            signals.event_cancelled.send(sender=Event, event=self)
        elif now["status"] != self.Status.CANCELLED:
            changed = [name for name in WHEN_AND_WHERE if now[name] != before[name]]
            if changed:
                signals.event_changed.send(sender=Event, event=self, changed=changed)

    def clean(self):
        clean_geometry_field(self, "location", families={"point"})
        needs_link = self.attendance_mode != self.AttendanceMode.IN_PERSON
        if needs_link and not self.online_url:
            raise ValidationError({"online_url": _("An online event needs its link.")})

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def awaits_moderation(self):
        return not self.is_published and not self.rejection_reason

    def places_left(self, registration_count=None):
        """Free places, or None when there is no limit."""
        if self.capacity is None:
            return None
        if registration_count is None:
            registration_count = self.registrations.holding_places().count()
        return max(self.capacity - registration_count, 0)

    def is_full(self, registration_count=None):
        return self.status == self.Status.FULL or self.places_left(registration_count) == 0

    def sessions(self):
        """The (begins, ends) of each session; the event's span when it has no sessions."""
        slots = [(slot.starts_at, slot.ends_at) for slot in self.slots.all()]
        return slots or [(self.starts_at, self.ends_at)]

    def accessibility_labels(self):
        return [Accessibility(value).label for value in self.accessibility]

    @property
    def is_online(self):
        return self.attendance_mode != self.AttendanceMode.IN_PERSON

    @property
    def is_in_person(self):
        return self.attendance_mode != self.AttendanceMode.ONLINE


class EventSlot(models.Model):
    """One session of an event held over several days or half-days."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField(_("begins"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        db_table = "campaigns_eventslot"  # kept when the model left the campaigns app
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_slot_ends_after_it_begins",
                violation_error_message=_("A session must end after it begins."),
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.starts_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._announce()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            self._announce()
        return deleted

    def _announce(self):
        if self.event.is_published and self.event.status != Event.Status.CANCELLED:
            signals.event_changed.send(sender=Event, event=self.event, changed=["sessions"])

    def clean(self):
        # In the admin's inline, the event may not be saved yet: check against the form's copy.
        event = getattr(self, "event", None)
        if not (self.starts_at and self.ends_at and event and event.starts_at and event.ends_at):
            return
        if self.starts_at < event.starts_at or self.ends_at > event.ends_at:
            raise ValidationError(_("A session must lie within the event's beginning and end."))


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(is_waiting=False)

    def waiting(self):
        """The waiting list, first come first."""
        return self.filter(is_waiting=True).order_by("created_at", "pk")


class Registration(models.Model):
    """A resident's place at an event, or their turn on its waiting list; at most one each,
    and never more places than the capacity (`agenda.services`)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    is_waiting = models.BooleanField(_("on the waiting list"), default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        db_table = "campaigns_registration"  # kept when the model left the campaigns app
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="registration_one_per_person_per_event",
                violation_error_message=_("You are already registered for this event."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.event}"

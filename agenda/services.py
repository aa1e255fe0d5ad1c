"""Writes of the agenda that must hold under concurrency or span several models."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from annotations.models import Annotation

from .models import Event, MeetingOutcome, Registration

PARTICIPANT_COUNT_MESSAGE = _("A contribution speaks for at least one person.")


class RegistrationRefused(Exception):
    """Registration is impossible in the event's present state; `str()` says why."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


@transaction.atomic
def register(event, user):
    """Give `user` a place at `event`; return (registration, created).

    The event's row is locked while places are counted, so concurrent
    registrations queue up and never exceed the capacity.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing:
        return existing, False
    if event.status == Event.Status.CANCELLED:
        raise RegistrationRefused(_("This event is cancelled."), "cancelled")
    if event.is_past:
        raise RegistrationRefused(_("This event is over."), "past")
    if event.is_full():
        raise RegistrationRefused(_("This event is full."), "full")
    return Registration.objects.create(event=event, user=user), True


def unregister(event, user):
    """Free `user`'s place at `event`; return whether they were registered."""
    deleted, _rows = Registration.objects.filter(event=event, user=user).delete()
    return deleted > 0


@transaction.atomic
def record_meeting_outcome(event, *, recorded_by, attendees_count, contributions=(), **details):
    """Record what a meeting produced: its outcome and its collective contributions.

    `details` are the outcome's `organisations` and `minutes`; each item of
    `contributions` holds an Annotation's `layer`, `geometry`, `category`,
    `title`, `body`, `group_name` and `participant_count` (the attendees by
    default). Everything is validated like a form would; on any error nothing
    is written and a ValidationError says which contribution is at fault.
    """
    outcome = MeetingOutcome.objects.filter(event=event).first() or MeetingOutcome(event=event)
    outcome.attendees_count = attendees_count
    outcome.recorded_by = recorded_by
    for name, value in details.items():
        setattr(outcome, name, value)
    outcome.full_clean()
    outcome.save()

    created = []
    for number, fields in enumerate(contributions, start=1):
        fields = {"participant_count": attendees_count, "group_name": event.title, **fields}
        annotation = Annotation(author=recorded_by, source_event=event, **fields)
        try:
            if event.campaign_id and annotation.layer.campaign_id != event.campaign_id:
                raise ValidationError(
                    {"layer": _("The layer belongs to another campaign than the meeting.")}
                )
            annotation.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("Contribution %(number)s: %(problems)s"),
                code="contribution",
                params={"number": number, "problems": " ".join(error.messages)},
            ) from error
        annotation.save()
        created.append(annotation)
    return outcome, created

"""Writes of the agenda that must hold under concurrency or span several models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from annotations.models import Annotation

from .models import Event, MeetingOutcome, Registration

PARTICIPANT_COUNT_MESSAGE = _("A contribution speaks for at least one person.")


def participant_count_cap_message():
    return _("No meeting counts more than %(cap)s people.") % {
        "cap": settings.PARTICIPANT_COUNT_MAX
    }


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

    Recording the outcome again corrects it: a contribution with the title of one the
    meeting already produced on the same layer replaces it rather than counting its
    people a second time. The event's row stays locked meanwhile, so two recordings sent
    at once run one after the other. Nobody but staff posts to a layer that is not
    published and open, and nobody counts more than `PARTICIPANT_COUNT_MAX` people.
    """
    event = type(event).objects.select_for_update().get(pk=event.pk)
    if attendees_count > settings.PARTICIPANT_COUNT_MAX:
        raise ValidationError(participant_count_cap_message(), code="cap")
    outcome = MeetingOutcome.objects.filter(event=event).first() or MeetingOutcome(event=event)
    outcome.attendees_count = attendees_count
    outcome.recorded_by = recorded_by
    for name, value in details.items():
        setattr(outcome, name, value)
    outcome.full_clean()
    outcome.save()

    recorded = []
    for number, fields in enumerate(contributions, start=1):
        fields = {"participant_count": attendees_count, "group_name": event.title, **fields}
        try:
            annotation = _collective_contribution(event, recorded_by, attendees_count, fields)
        except ValidationError as error:
            raise ValidationError(
                _("Contribution %(number)s: %(problems)s"),
                code="contribution",
                params={"number": number, "problems": " ".join(error.messages)},
            ) from error
        annotation.save()
        recorded.append(annotation)
    return outcome, recorded


def _collective_contribution(event, recorded_by, attendees_count, fields):
    """The meeting's contribution made of `fields`, validated, not yet saved: the one
    recorded earlier with the same layer and title, updated, or a new one."""
    layer = fields["layer"]
    if event.campaign_id and layer.campaign_id != event.campaign_id:
        raise ValidationError(
            {"layer": _("The layer belongs to another campaign than the meeting.")}
        )
    if not recorded_by.is_staff and not (
        layer.campaign.is_published and layer.is_open_for_contributions()
    ):
        raise ValidationError({"layer": _("This layer is not open for contributions.")})
    if fields["participant_count"] > attendees_count:
        raise ValidationError(
            {
                "participant_count": _(
                    "A contribution of the meeting speaks for at most its %(count)s attendees."
                )
                % {"count": attendees_count}
            }
        )
    annotation = Annotation.objects.filter(
        source_event=event, layer=layer, title=fields["title"]
    ).first() or Annotation(author=recorded_by, source_event=event)
    for name, value in fields.items():
        setattr(annotation, name, value)
    annotation.full_clean()
    return annotation

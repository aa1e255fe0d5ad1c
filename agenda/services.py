"""Writes of the agenda that must hold under concurrency or span several models."""

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from annotations.models import Annotation

from . import signals
from .models import Event, EventSlot, MeetingOutcome, Registration

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
def register(event, user, join_waiting_list=False):
    """Give `user` a place at `event`, or with `join_waiting_list` a turn on its waiting
    list when it is full; return (registration, created). `registration.is_waiting` says
    which.

    The event's row is locked while places are counted, so concurrent
    registrations queue up, never exceed the capacity, and wait in the order they came.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing:
        return existing, False
    if not event.is_published:
        raise RegistrationRefused(_("This event is not published."), "unpublished")
    if event.status == Event.Status.CANCELLED:
        raise RegistrationRefused(_("This event is cancelled."), "cancelled")
    if event.is_past:
        raise RegistrationRefused(_("This event is over."), "past")
    full = event.is_full()
    if full and not join_waiting_list:
        raise RegistrationRefused(_("This event is full."), "full")
    registration = Registration.objects.create(event=event, user=user, is_waiting=full)
    signals.registered.send(sender=Registration, registration=registration)
    return registration, True


@transaction.atomic
def unregister(event, user):
    """Free `user`'s place at `event` (or their turn on the waiting list); the first on
    the waiting list takes a freed place at once. Return whether they were registered."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    deleted, _rows = Registration.objects.filter(event=event, user=user).delete()
    if deleted:
        move_up_waiting_list(event, by=user)
    return deleted > 0


def move_up_waiting_list(event, by=None):
    """Give the free places of `event` (its row locked) to the first who wait; return them.
    `by` freed the places (None: the city)."""
    if event.status in (Event.Status.CANCELLED, Event.Status.FULL) or event.capacity is None:
        return []
    free = event.places_left()
    first = list(event.registrations.waiting()[:free]) if free else []
    Registration.objects.filter(pk__in=[registration.pk for registration in first]).update(
        is_waiting=False
    )
    if first:
        signals.places_freed.send(sender=Registration, event=event, registrations=first, by=by)
    return first


def position_on_waiting_list(registration):
    """1 for the first who waits, 2 for the next…"""
    earlier = registration.event.registrations.waiting().filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return earlier.count() + 1


@transaction.atomic
def propose_event(event, sessions, proposer):
    """A resident's (or an association's) event with its sessions, saved unpublished until a
    moderator publishes it. `event` and each (begins, ends) of `sessions` are checked first."""
    event.proposed_by, event.is_published, event.rejection_reason = proposer, False, ""
    event.starts_at = min(begins for begins, _ends in sessions)
    event.ends_at = max(ends for _begins, ends in sessions)
    event.full_clean()
    event.save()
    if len(sessions) > 1:
        EventSlot.objects.bulk_create(
            [EventSlot(event=event, starts_at=begins, ends_at=ends) for begins, ends in sessions]
        )
    return event


def _awaiting(event):
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not locked.awaits_moderation:
        raise ValidationError(_("This event is not waiting for a moderator any more."))
    return locked


@transaction.atomic
def publish_event(event, by):
    if not rules.has_perm("agenda.moderate_event", by, event):
        raise PermissionDenied
    event = _awaiting(event)
    event.is_published = True
    event.save(update_fields=["is_published", "updated_at"])
    return event


@transaction.atomic
def reject_event(event, by, reason):
    """Keep a proposal unpublished; its author reads `reason`."""
    if not rules.has_perm("agenda.moderate_event", by, event):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    event = _awaiting(event)
    event.rejection_reason = reason
    event.save(update_fields=["rejection_reason", "updated_at"])
    return event


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

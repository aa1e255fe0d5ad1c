"""The receivers of the lower apps' signals: each writes what happened as an `Activity`
and queues its fan-out, in the transaction of the change (the job exists if and only if
the change commits); and people follow what they write, comment on or vote on.

Connected in `NotificationsConfig.ready()`.
"""

from django.db import IntegrityError, transaction
from procrastinate.contrib.django import app

from agenda import signals as agenda_signals
from annotations import signals as annotation_signals
from timeline import signals as timeline_signals

from .fanout import FAN_OUT_TASK
from .models import Activity, Follow

Kind = Activity.Kind


def record(kind, *, campaign_id, actor=None, key=None, details=None, **objects):
    """Write the activity and queue its fan-out; None when `key` was written before."""
    activity = Activity(
        kind=kind, campaign_id=campaign_id, actor=actor, key=key, details=details or {}, **objects
    )
    if key:
        try:
            with transaction.atomic():
                activity.save()
        except IntegrityError:
            return None
    else:
        activity.save()
    app.configure_task(FAN_OUT_TASK).defer(activity_id=activity.pk)
    return activity


def follow(user, reason, **target):
    """`user` follows `target` from now on, unless they follow it already or stopped."""
    if user is not None:
        Follow.objects.get_or_create(user=user, **target, defaults={"reason": reason})


def _campaign_id(annotation):
    return annotation.layer.campaign_id


def on_contribution_published(annotation, by, **_kwargs):
    # Its author follows it once it is public (a held contribution cannot be answered yet).
    follow(annotation.author, Follow.Reason.AUTHOR, annotation=annotation)
    record(
        Kind.NEW_CONTRIBUTION,
        campaign_id=_campaign_id(annotation),
        actor=annotation.author,
        annotation=annotation,
        key=f"new_contribution:{annotation.pk}",
    )


def on_contribution_answered(annotation, by, previous_status, previous_response, **_kwargs):
    details = {"status": annotation.status, "previous_status": previous_status}
    if annotation.response_text and annotation.response_text != previous_response:
        kind = Kind.ANSWERED
    elif annotation.status != previous_status:
        kind = Kind.STATUS_CHANGED
    else:
        return
    record(
        kind, campaign_id=_campaign_id(annotation), actor=by, annotation=annotation, details=details
    )


def on_contribution_hidden(annotation, by, reason, **_kwargs):
    record(
        Kind.HIDDEN,
        campaign_id=_campaign_id(annotation),
        actor=by,
        annotation=annotation,
        details={"reason": reason},
    )


def on_contribution_restored(annotation, by, **_kwargs):
    record(Kind.RESTORED, campaign_id=_campaign_id(annotation), actor=by, annotation=annotation)


def on_comment_published(comment, by, **_kwargs):
    annotation = comment.annotation
    follow(comment.author, Follow.Reason.COMMENTED, annotation=annotation)
    common = {
        "campaign_id": _campaign_id(annotation),
        "actor": comment.author,
        "annotation": annotation,
        "comment": comment,
    }
    parent = comment.parent
    details = {}
    if parent is not None and parent.author_id and parent.author_id != comment.author_id:
        record(Kind.REPLIED, details={"parent": parent.pk}, **common)
        details = {"replied_to": parent.author_id}
    record(Kind.COMMENTED, details=details, **common)


def on_vote_cast(annotation, user, **_kwargs):
    follow(user, Follow.Reason.VOTED, annotation=annotation)


def _version(event):
    return event.updated_at.isoformat()


def on_event_published(event, by, **_kwargs):
    record(
        Kind.NEW_EVENT,
        campaign_id=event.campaign_id,
        actor=by,
        event=event,
        key=f"new_event:{event.pk}",
        details={"version": _version(event)},
    )


def on_event_changed(event, changed, **_kwargs):
    announced = Activity.objects.filter(key=f"new_event:{event.pk}").values("details").first()
    if announced and announced["details"].get("version") == _version(event):
        # Sessions saved with the event that announced itself: nothing changed for anyone.
        return
    # One save of the event and of its sessions (the admin's form) is one change.
    record(
        Kind.EVENT_CHANGED,
        campaign_id=event.campaign_id,
        event=event,
        key=f"event_changed:{event.pk}:{_version(event)}",
        details={"changed": changed},
    )


def on_event_cancelled(event, **_kwargs):
    record(
        Kind.EVENT_CANCELLED,
        campaign_id=event.campaign_id,
        event=event,
        key=f"event_cancelled:{event.pk}:{_version(event)}",
    )


def on_registered(registration, **_kwargs):
    # The city confirms: the registrant hears of it although they made it (no actor).
    record(
        Kind.REGISTERED,
        campaign_id=registration.event.campaign_id,
        event=registration.event,
        details={"recipient": registration.user_id, "waiting": registration.is_waiting},
    )


def on_places_freed(event, registrations, by, **_kwargs):
    for registration in registrations:
        record(
            Kind.PLACE_FREED,
            campaign_id=event.campaign_id,
            actor=by,
            event=event,
            details={"recipient": registration.user_id},
        )


def on_milestone_published(milestone, by, **_kwargs):
    record(Kind.NEW_MILESTONE, campaign_id=milestone.campaign_id, actor=by, milestone=milestone)


RECEIVERS = [
    (annotation_signals.contribution_published, on_contribution_published),
    (annotation_signals.contribution_answered, on_contribution_answered),
    (annotation_signals.contribution_hidden, on_contribution_hidden),
    (annotation_signals.contribution_restored, on_contribution_restored),
    (annotation_signals.comment_published, on_comment_published),
    (annotation_signals.vote_cast, on_vote_cast),
    (agenda_signals.event_published, on_event_published),
    (agenda_signals.event_changed, on_event_changed),
    (agenda_signals.event_cancelled, on_event_cancelled),
    (agenda_signals.registered, on_registered),
    (agenda_signals.places_freed, on_places_freed),
    (timeline_signals.milestone_published, on_milestone_published),
]


def connect():
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")

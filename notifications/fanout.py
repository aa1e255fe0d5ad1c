"""From one activity to a notification per person who hears of it.

One INSERT … SELECT writes every row: PostgreSQL picks the recipients (followers, owners of
the alert areas covering a place, registrants), leaves out the actor, people gone and
what they may not see, decides each one's e-mail delivery from their preferences, and
skips whoever already has the row (the unique (recipient, activity) pair is the
idempotency key). Ten thousand followers cost the same handful of queries as ten, and no
Python memory per person.
"""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Now

from agenda.models import Event, Registration
from annotations.models import Annotation, Comment

from . import mail
from .models import Activity, AlertArea, Follow, Notification, wanted_delivery

Kind = Activity.Kind

FAN_OUT_TASK = "notifications.fan_out"


def _public_contribution(annotation_id):
    return Annotation.objects.public().filter(pk=annotation_id).exists()


def _public_comment(comment_id):
    return Comment.objects.visible().filter(pk=comment_id).exists()


def _followers(**target):
    return Follow.objects.filter(active=True, **target).values("user_id")


def _covering_areas(geometry, campaign_id):
    return AlertArea.objects.covering(geometry, campaign_id).values("user_id")


def _campaign_published(activity):
    return activity.campaign is None or activity.campaign.is_published


def recipients(activity):
    """Querysets of user ids (`user_id` or `pk`), together everyone who hears of
    `activity` now; an empty list when it is no longer shown to anyone it would reach."""
    kind = activity.kind
    if kind in Activity.AUTHOR_KINDS:
        author = Annotation.objects.filter(pk=activity.annotation_id).values("author_id")
        return [author]
    if kind in Activity.TO_ONE_REGISTRANT:
        return [get_user_model().objects.filter(pk=activity.details["recipient"]).values("pk")]
    if kind in Activity.TO_REGISTRANTS:
        registrations = Registration.objects.filter(event_id=activity.event_id)
        events = Event.objects.published().filter(pk=activity.event_id)
        if kind == Kind.EVENT_REMINDER:
            registrations = registrations.holding_places()
            events = events.exclude(status=Event.Status.CANCELLED)
        if not events.exists():
            return []
        return [registrations.values("user_id")]
    if kind == Kind.NEW_EVENT:
        event = Event.objects.public().filter(pk=activity.event_id).first()
        if event is None:
            return []
        found = [_followers(campaign_id=event.campaign_id)] if event.campaign_id else []
        if event.location:
            found.append(_covering_areas(event.location, event.campaign_id))
        return found
    if kind == Kind.NEW_MILESTONE:
        if not _campaign_published(activity):
            return []
        found = [_followers(campaign_id=activity.campaign_id)]
        location = activity.milestone.location if activity.milestone else None
        if location:
            found.append(_covering_areas(location, activity.campaign_id))
        return found
    # The rest is about a contribution the public must still see.
    if not _public_contribution(activity.annotation_id):
        return []
    if kind == Kind.NEW_CONTRIBUTION:
        geometry = Annotation.objects.values_list("geometry", flat=True).get(
            pk=activity.annotation_id
        )
        return [
            _followers(campaign_id=activity.campaign_id),
            _covering_areas(geometry, activity.campaign_id),
        ]
    if kind in (Kind.COMMENTED, Kind.REPLIED):
        if not _public_comment(activity.comment_id):
            return []
        if kind == Kind.REPLIED:
            return [Comment.objects.filter(pk=activity.details["parent"]).values("author_id")]
        followers = _followers(annotation_id=activity.annotation_id)
        # The author of the comment answered hears "replied", not also "commented".
        replied_to = activity.details.get("replied_to")
        return [followers.exclude(user_id=replied_to) if replied_to else followers]
    return [_followers(annotation_id=activity.annotation_id)]


def _insert(activity, found):
    """One INSERT … SELECT … ON CONFLICT DO NOTHING of every recipient's row."""
    author = Subquery(Annotation.objects.filter(pk=activity.annotation_id).values("author_id"))
    rows = (
        get_user_model()
        .objects.filter(reduce(or_, (Q(pk__in=users) for users in found)), is_active=True)
        .exclude(pk=activity.actor_id)
        .order_by()
        .values_list(
            "pk",
            Value(activity.pk),
            Now(),
            wanted_delivery(Value(activity.kind), author),
            Value(0),
            Value(""),
        )
    )
    sql, params = rows.query.sql_with_params()
    statement = f"""
        INSERT INTO {Notification._meta.db_table}
            (recipient_id, activity_id, created_at, delivery, email_attempts, email_error)
        {sql}
        ON CONFLICT (recipient_id, activity_id) DO NOTHING
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def fan_out(activity_id):
    """Notify everyone who hears of the activity and has not been yet; return how many
    rows were written. Safe to run again: nobody is notified twice."""
    activity = (
        Activity.objects.select_related("campaign", "milestone").filter(pk=activity_id).first()
    )
    if activity is None:  # deleted with its object meanwhile
        return 0
    found = recipients(activity)
    written = _insert(activity, found) if found else 0
    # Also when nothing new was written: a run cut short after its INSERT queues the mail now.
    mail.queue_immediate(activity.pk)
    return written

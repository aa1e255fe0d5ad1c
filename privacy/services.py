"""A person's rights over their data: a copy of all of it, and the deletion of their account."""

import json

from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.authentication import token_expiry
from agenda.models import Registration
from annotations.models import Annotation, Comment, Report, Vote
from notifications.models import AlertArea, Follow, Notification, Preferences


def _geojson(geometry):
    return json.loads(geometry.geojson) if geometry else None


def personal_data(user):
    """Everything geoconsult keeps about `user`, as JSON-ready data."""
    token = Token.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.get_username(),
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "email_confirmed": user.email_confirmed,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
            "is_moderator": user.is_moderator,
            "api_token": {
                "created": token.created.isoformat(),
                "expires_at": token_expiry(token).isoformat(),
            }
            if token
            else None,
        },
        "contributions": [
            {
                "id": annotation.pk,
                "campaign": annotation.layer.campaign.title,
                "layer": annotation.layer.name,
                "category": annotation.category,
                "title": annotation.title,
                "text": annotation.body,
                "status": annotation.status,
                "hidden_by_moderators": annotation.is_hidden,
                "geometry": _geojson(annotation.geometry),
                "created_at": annotation.created_at.isoformat(),
                "updated_at": annotation.updated_at.isoformat(),
            }
            for annotation in Annotation.objects.filter(author=user)
            .select_related("layer__campaign")
            .order_by("created_at", "pk")
        ],
        "comments": [
            {
                "id": comment.pk,
                "contribution": comment.annotation_id,
                "in_reply_to": comment.parent_id,
                "text": comment.body,
                "point": _geojson(comment.point),
                "hidden_by_moderators": comment.is_hidden,
                "created_at": comment.created_at.isoformat(),
            }
            for comment in Comment.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "votes": [
            {
                "contribution": vote.annotation_id,
                "value": vote.value,
                "created_at": vote.created_at.isoformat(),
            }
            for vote in Vote.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "registrations": [
            {
                "event": registration.event_id,
                "title": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in Registration.objects.filter(user=user).select_related("event")
        ],
        "reports": [
            {
                "contribution": report.annotation_id,
                "comment": report.comment_id,
                "reason": report.reason,
                "note": report.note,
                "created_at": report.created_at.isoformat(),
                "resolved_at": report.resolved_at.isoformat() if report.resolved_at else None,
            }
            for report in Report.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
        **_notifications(user),
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def _notifications(user):
    """What `user` follows, the areas they drew, their e-mail choices and notifications."""
    preferences = Preferences.objects.filter(user=user).first() or Preferences(user=user)
    return {
        "notification_preferences": {
            "about_my_contributions": preferences.about_my_contributions,
            "about_the_rest": preferences.about_the_rest,
            "last_digest_at": _iso(preferences.last_digest_at),
        },
        "follows": [
            {
                "contribution": follow.annotation_id,
                "campaign": follow.campaign_id,
                "reason": follow.reason,
                "active": follow.active,
                "created_at": _iso(follow.created_at),
            }
            for follow in Follow.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "alert_areas": [
            {
                "name": area.name,
                "campaign": area.campaign_id,
                "geometry": _geojson(area.geometry),
                "active": area.active,
                "created_at": _iso(area.created_at),
            }
            for area in AlertArea.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "notifications": [
            {
                "kind": notification.activity.kind,
                "contribution": notification.activity.annotation_id,
                "event": notification.activity.event_id,
                "milestone": notification.activity.milestone_id,
                "created_at": _iso(notification.created_at),
                "read_at": _iso(notification.read_at),
                "delivery": notification.delivery,
                "emailed_at": _iso(notification.emailed_at),
            }
            for notification in Notification.objects.filter(recipient=user)
            .select_related("activity")
            .order_by("created_at", "pk")
            .iterator(chunk_size=1000)
        ],
    }


@transaction.atomic
def delete_account(user):
    """Delete `user`'s account. What they wrote stays, signed by nobody: contributions and
    comments lose their author, reports their reporter (they are the moderators' evidence);
    votes go (counts are computed, so they follow), registrations are cancelled (the place
    is free again), and so does the API token. The foreign keys say how (on_delete)."""
    user.delete()

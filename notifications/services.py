"""Writes of a person's e-mail choices, each in one transaction."""

from django.db import transaction

from .models import Delivery, Notification, Preferences
from .sending import UNSUBSCRIBED


@transaction.atomic
def save_preferences(form):
    """Save a valid PreferencesForm: the two choices and the e-mails' language."""
    preferences = form.save()
    form.user.language = form.cleaned_data["language"]
    form.user.save(update_fields=["language"])
    return preferences


@transaction.atomic
def unsubscribe(user_id):
    """No more notification e-mails to this person, including those already queued; the
    notification centre keeps them."""
    preferences, _ = Preferences.objects.select_for_update().get_or_create(user_id=user_id)
    preferences.about_my_contributions = preferences.about_the_rest = Delivery.NEVER
    preferences.save(update_fields=["about_my_contributions", "about_the_rest"])
    Notification.objects.filter(recipient_id=user_id, emailed_at__isnull=True).exclude(
        delivery=Delivery.NEVER
    ).withhold(UNSUBSCRIBED)
    return preferences

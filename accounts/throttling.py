"""Refusals for too many attempts and for unconfirmed accounts, on pages and in the API.

Pages name their action in `limited_action` (LimitedPostMixin); API viewsets map their
actions to one in `participation = {"create": "contribute", …}`. The counting itself is
`core.throttles`; log-in lockouts are django-axes', answered by `lockout_response`.
"""

import math

from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import BaseThrottle

from core.throttles import Throttled, check

# What an unconfirmed account may not do until it follows the link e-mailed to it.
PARTICIPATION = {"contribute", "comment", "vote", "report", "register", "alert_area"}

NOT_CONFIRMED = _(
    "Confirm your e-mail address first: follow the link we sent you. You can ask for a new "
    "link on your account page."
)


def wait_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts in a short time. Please try again in %(minutes)s minute.",
        "Too many attempts in a short time. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def refused_page(request, message, status, retry_after=None):
    """A page that says why the request was refused; nothing was written."""
    response = render(request, "refused.html", {"message": message}, status=status)
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out log-in: 429 with Retry-After, as JSON for the API
    and as a page elsewhere."""
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off else 3600
    message = _("Too many failed log-in attempts: this account or address is locked.")
    message = f"{message} {wait_message(retry_after)}"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    return refused_page(request, message, 429, retry_after)


def may_participate(user):
    return user.is_authenticated and user.email_confirmed


class LimitedPostMixin:
    """A page's POST counts against `limited_action`; an unconfirmed account is refused the
    participation actions. Both refusals are a page saying why (403 or 429)."""

    limited_action = ""

    def limited_account(self):
        """Who is counted when nobody is logged in (e.g. the e-mail address typed)."""
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            refusal = self.refusal(request)
            if refusal:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def refusal(self, request):
        user = request.user
        if (
            self.limited_action in PARTICIPATION
            and user.is_authenticated
            and not user.email_confirmed
        ):
            return refused_page(request, NOT_CONFIRMED, 403)
        try:
            check(request, self.limited_action, self.limited_account())
        except Throttled as throttled:
            return refused_page(
                request, wait_message(throttled.retry_after), 429, throttled.retry_after
            )
        return None


def participation_action(request, view):
    if request.method in SAFE_METHODS:
        return None
    return getattr(view, "participation", {}).get(getattr(view, "action", None))


class ConfirmedEmail(BasePermission):
    """API: the participation actions need a confirmed e-mail address (403 otherwise)."""

    message = NOT_CONFIRMED

    def has_permission(self, request, view):
        action = participation_action(request, view)
        if action not in PARTICIPATION or not request.user.is_authenticated:
            return True
        return request.user.email_confirmed


class ParticipationThrottle(BaseThrottle):
    """API: each write action the view lists in `participation` counts against its limit;
    over it, DRF answers 429 with Retry-After."""

    retry_after = None

    def allow_request(self, request, view):
        action = participation_action(request, view)
        if action is None:
            return True
        try:
            check(request, action)
        except Throttled as throttled:
            self.retry_after = throttled.retry_after
            return False
        return True

    def wait(self):
        return self.retry_after

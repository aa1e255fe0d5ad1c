"""API tokens that expire."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_expiry(token):
    """When `token` stops opening the API (API_TOKEN_DAYS after it was made)."""
    return token.created + timedelta(days=settings.API_TOKEN_DAYS)


def is_expired(token):
    return token_expiry(token) <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once API_TOKEN_DAYS old: ask /api/auth/token/ for a new one."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("This token has expired: ask /api/auth/token/ for a new one.")
            )
        return user, token

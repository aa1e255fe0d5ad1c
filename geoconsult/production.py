"""What the service refuses to start with when DEBUG is off (wsgi.py and asgi.py ask)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def check_production_settings():
    """Raise ImproperlyConfigured, naming the setting, for a value fit only for a developer's
    machine: the public default SECRET_KEY, or e-mails (reset and confirmation links) that
    go to a log instead of to people. The demo (GEOCONSULT_DEMO) may print its e-mails."""
    if settings.DEBUG:
        return
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY or not settings.SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is the public default: set the SECRET_KEY environment variable to a "
            "long random value (or DEBUG=1 on a developer's machine)."
        )
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL and not settings.DEMO_MODE:
        raise ImproperlyConfigured(
            "EMAIL_BACKEND is the console backend: confirmation and password-reset links would "
            "reach a log, not people. Set EMAIL_BACKEND (and EMAIL_HOST…) to a real one."
        )

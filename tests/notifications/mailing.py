"""What the e-mail tests share: notifications made directly, and settings that send through
a test SMTP server in this process."""

from notifications.models import Activity, Delivery, Notification, Preferences
from tests.support import factories

SITE_URL = "https://participer.example.fr"


def send_through(settings, server):
    """Send from this process through `server` (tests/support/smtp.py) as the worker does."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.SITE_URL = SITE_URL


def answered(annotation=None, **activity):
    """An answer to a contribution, written as the fan-out's input, without its fan-out."""
    annotation = annotation or factories.AnnotationFactory()
    return Activity.objects.create(
        kind=Activity.Kind.ANSWERED,
        campaign=annotation.layer.campaign,
        annotation=annotation,
        **activity,
    )


def notify(recipient, activity, delivery=Delivery.IMMEDIATE):
    return Notification.objects.create(recipient=recipient, activity=activity, delivery=delivery)


def person(**fields):
    """A resident who asked for every notification e-mail at once."""
    user = factories.UserFactory(**fields)
    Preferences.objects.create(
        user=user, about_my_contributions=Delivery.IMMEDIATE, about_the_rest=Delivery.IMMEDIATE
    )
    return user

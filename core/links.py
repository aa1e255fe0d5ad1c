"""Web addresses staff paste into the agenda and the timeline: http(s) only."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Django's URLField also accepts ftp(s); a link shown to residents must open in a browser.
web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Use a web address that starts with http:// or https://."),
)


class WebURLField(models.URLField):
    """A URLField that takes http(s) only and says so, in forms as in the model."""

    default_validators = [web_url]

    def formfield(self, **kwargs):
        defaults = {"error_messages": {"invalid": web_url.message}, "assume_scheme": "https"}
        return super().formfield(**{**defaults, **kwargs})


def is_blank_or_web_url(field_name):
    """The condition of a check constraint keeping `field_name` empty or http(s)."""
    return Q(**{field_name: ""}) | Q(**{f"{field_name}__iregex": r"^https?://"})

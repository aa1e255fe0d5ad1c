"""Web addresses staff paste into the agenda and the timeline: http(s) only."""

from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Django's URLField also accepts ftp(s); a link shown to residents must open in a browser.
web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Use a web address that starts with http:// or https://."),
)


def is_blank_or_web_url(field_name):
    """The condition of a check constraint keeping `field_name` empty or http(s)."""
    return Q(**{field_name: ""}) | Q(**{f"{field_name}__iregex": r"^https?://"})

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeocodingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "geocoding"
    verbose_name = _("Address search")

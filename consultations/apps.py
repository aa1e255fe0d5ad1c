from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations on a text")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """An app only so that Django finds its template tags."""

    name = "core"
    verbose_name = "core"

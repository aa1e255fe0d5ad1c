from django.apps import AppConfig


class GeoconsultConfig(AppConfig):
    """The project package as an app, for its shared management commands."""

    name = "geoconsult"
    verbose_name = "geoconsult"

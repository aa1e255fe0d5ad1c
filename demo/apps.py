from django.apps import AppConfig


class DemoConfig(AppConfig):
    """An app for its `load_demo` command."""

    name = "demo"
    verbose_name = "demo"

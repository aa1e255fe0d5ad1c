"""This app's jobs, found by the worker (Procrastinate imports every app's `tasks` module)."""

from .exports.tasks import build_export_file

__all__ = ["build_export_file"]

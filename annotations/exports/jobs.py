"""Asking for an export file: reuse the finished one, join the one being built, or queue one."""

from django.db import transaction

from ..models import ExportFile
from .formats import FILE_FORMATS, STREAMED_FORMATS
from .selection import ExportSelection
from .tasks import build_export_file


def extension(export_format):
    formats = {**STREAMED_FORMATS, **FILE_FORMATS}
    return formats[export_format].extension


@transaction.atomic
def request_export(selection: ExportSelection):
    """The export file for `selection`, queued for the worker unless it is ready or under way.

    One row per key, locked while deciding, and one job per key (the queue's lock): the same
    file is never built twice at once. The job is queued in this transaction, so it exists
    exactly when the row does.
    """
    key = selection.key()
    export, created = ExportFile.objects.select_for_update().get_or_create(
        key=key,
        defaults={
            "campaign": selection.campaign,
            "layer": selection.layer,
            "requested_for": selection.user,
            "format": selection.format,
            "srid": selection.srid,
            "query": selection.query,
            "photos_url": selection.photos_url,
            "filename": f"{selection.name}.{extension(selection.format)}",
        },
    )
    if (
        created
        or export.status == ExportFile.Status.FAILED
        or (export.status == ExportFile.Status.DONE and not export.is_servable())
    ):
        if export.file:
            export.file.delete(save=False)
        export.report(
            status=ExportFile.Status.QUEUED, progress=0, attempts=0, failure="", error="", file="",
            size=None, finished_at=None,
        )  # fmt: skip
        build_export_file.configure(lock=key, queueing_lock=key).defer(export_id=str(export.pk))
    return export

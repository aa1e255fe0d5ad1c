"""The worker's side of an export job: build the file, report progress, keep it for reuse."""

import logging
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from ..models import ExportFile
from .formats import FILE_FORMATS, STREAMED_FORMATS, ExportTooLong
from .selection import ExportSelection

logger = logging.getLogger(__name__)


def selection_of(export):
    return ExportSelection(
        campaign=export.campaign,
        layer=export.layer,
        format=export.format,
        srid=export.srid,
        query=export.query,
        user=export.requested_for,
        photos_url=export.photos_url,
    )


def build(export_id, attempt, final_attempt):
    """Write the file of `export_id`. On failure record why, then raise so the queue retries.

    `attempt` counts from 1; after the final one the export shows as failed with its reason.
    """
    export = ExportFile.objects.select_related("campaign", "layer", "requested_for").get(
        pk=export_id
    )
    if export.status == ExportFile.Status.DONE:
        return
    export.report(status=ExportFile.Status.RUNNING, progress=5, attempts=attempt)
    try:
        with tempfile.TemporaryDirectory(prefix="geoconsult-export-") as folder:
            path = _write(export, selection_of(export), Path(folder))
            export.report(progress=90)
            with path.open("rb") as file:
                export.file.save(export.filename, File(file), save=False)
    except Exception as error:
        failure, detail = _failure(error)
        logger.warning(
            "export %s failed (attempt %s): %s", export.pk, attempt, detail, exc_info=True
        )
        export.report(
            status=ExportFile.Status.FAILED if final_attempt else ExportFile.Status.QUEUED,
            failure=failure,
            error=detail,
            progress=0,
        )
        raise
    export.report(
        status=ExportFile.Status.DONE,
        progress=100,
        failure="",
        error="",
        file=export.file.name,
        size=export.file.size,
        finished_at=timezone.now(),
    )


def _write(export, selection, folder):
    rows, properties = selection.rows(), selection.properties()
    if export.format in STREAMED_FORMATS:
        chunks = STREAMED_FORMATS[export.format].chunks
        path = folder / export.filename
        with path.open("wb") as file:
            for chunk in chunks(rows, properties, selection.srid):
                file.write(chunk)
        return path
    export.report(progress=30)
    return FILE_FORMATS[export.format].write(
        rows, properties, selection.srid, folder, selection.name
    )


def _failure(error):
    """The kind of failure (`models.exports.FAILURES`) and its detail, for the planner."""
    if isinstance(error, subprocess.CalledProcessError):
        detail = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        return "conversion", detail[-1] if detail else f"exit status {error.returncode}"
    if isinstance(error, ExportTooLong):
        return "timeout", ""
    return "other", str(error) or type(error).__name__

"""An export job's state as JSON: for the export request's 202, the job's page and the API."""

from django.urls import reverse


def export_state(request, export):
    """How far an export is, for its page's JSON twin and the API."""
    return {
        "id": str(export.pk),
        "status": export.status,
        "status_label": export.get_status_display(),
        "progress": export.progress,
        "attempts": export.attempts,
        "error": export.reason,
        "format": export.format,
        "srid": export.srid,
        "filename": export.filename,
        "size": export.size,
        "created_at": export.created_at.isoformat(),
        "finished_at": export.finished_at.isoformat() if export.finished_at else None,
        "page_url": request.build_absolute_uri(reverse("export-status", args=[export.pk])),
        "download_url": request.build_absolute_uri(reverse("export-download", args=[export.pk]))
        if export.is_servable()
        else None,
    }

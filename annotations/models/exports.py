"""An export file built by a job: what was asked, how far the job is, and the finished file."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

# Why a job failed, in the reader's language; `ExportFile.error` holds the detail.
FAILURES = {
    "conversion": _("The GIS conversion failed: %(detail)s"),
    "timeout": _("The GIS conversion took too long and was stopped."),
    "other": _("The file could not be built: %(detail)s"),
}


class ExportFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Exports of the campaigns `user` may open; one person's own (`?author=me`) to them."""
        mine = models.Q(requested_for=None)
        if user.is_authenticated:
            mine |= models.Q(requested_for=user)
        return self.filter(mine, campaign__in=Campaign.objects.visible_to(user))


class ExportFile(models.Model):
    """One file per distinct request and state of the layers it reads.

    `key` names the request (format, coordinate system, campaign or layer, filters) and the
    content version of every layer read: while none of them changes, the finished file is
    served again; a change makes a new key, hence a new file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="export_files"
    )
    layer = models.ForeignKey(
        "layers.Layer", on_delete=models.CASCADE, null=True, related_name="export_files"
    )
    # Only for `?author=me`: the file then holds one person's contributions.
    requested_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    format = models.CharField(max_length=10)
    srid = models.PositiveIntegerField()
    query = models.JSONField(default=dict)
    # Where the photos listed in the file are served (the asking request's site).
    photos_url = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure = models.CharField(max_length=12, blank=True, choices=list(FAILURES.items()))
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    objects = ExportFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_at_most_100"
            )
        ]

    def __str__(self):
        return self.filename

    @property
    def is_pending(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    def is_servable(self):
        """Finished, not yet expired, and its file still on disk."""
        return (
            self.status == self.Status.DONE
            and self.finished_at is not None
            and self.finished_at > timezone.now() - timedelta(seconds=settings.EXPORT_FILE_TTL)
            and bool(self.file)
            and self.file.storage.exists(self.file.name)
        )

    @property
    def reason(self):
        """Why the last attempt failed, for the page and the API; empty when none did."""
        if not self.failure:
            return ""
        return FAILURES[self.failure] % {"detail": self.error}

    @classmethod
    def remove_expired(cls):
        """Delete the files kept past EXPORT_FILE_TTL, and their rows; return how many."""
        cutoff = timezone.now() - timedelta(seconds=settings.EXPORT_FILE_TTL)
        expired = cls.objects.filter(
            models.Q(finished_at__lt=cutoff)
            | models.Q(status=cls.Status.FAILED, created_at__lt=cutoff)
        )
        for export in expired:
            if export.file:
                export.file.delete(save=False)
        return expired.delete()[0]

    def report(self, **fields):
        """Record how far the job is, visible at once to whoever watches its page."""
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

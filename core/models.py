from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """When a row was created and last changed; most of the domain carries both."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

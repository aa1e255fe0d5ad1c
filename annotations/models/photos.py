"""Photos on a contribution: the stored image and thumbnail, already stripped of metadata
(`annotations.photos`), with their alt text.

A photo belongs to its contribution, not to a person: deleting an account leaves it with
the contribution, as anonymous as the rest of it.
"""

import uuid

from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped

from .contributions import Moderated, sees_everything

ALT_TEXT_MAX_LENGTH = 200


def _random_name(folder, filename):
    """A random name under `folder`: nothing of the uploaded file's name is kept but the
    extension `annotations.photos` chose."""
    return f"{folder}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


def photo_name(photo, filename):
    return _random_name("photos", filename)


def thumbnail_name(photo, filename):
    return _random_name("photos/thumbnails", filename)


class PhotoQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Moderators and staff see hidden photos too (to restore them); nobody else does."""
        return self if sees_everything(user) else self.visible()


class Photo(Timestamped, Moderated):
    annotation = models.ForeignKey(
        "annotations.Annotation",
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_name, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_name)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=ALT_TEXT_MAX_LENGTH,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="photo_has_alt_text",
                violation_error_message=_("Describe the photo."),
            ),
        ]

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("annotations:photo", args=[self.pk])

    def get_thumbnail_url(self):
        return reverse("annotations:photo-thumbnail", args=[self.pk])

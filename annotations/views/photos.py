"""A contribution's photos, served to those who may see them; moderators hide one at a time."""

import mimetypes
from functools import cached_property

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import services
from ..models import Annotation, Photo
from .moderation import TargetActionView


def visible_photos(user):
    return Photo.objects.visible_to(user).filter(annotation__in=Annotation.objects.visible_to(user))


@require_GET
def serve_photo(request, pk, size="image"):
    """The stored photo (`size` "image") or its thumbnail, through the storage API, only
    while the photo and its contribution are visible to the person asking."""
    photo = get_object_or_404(visible_photos(request.user), pk=pk)
    stored = getattr(photo, size)
    content_type, _encoding = mimetypes.guess_type(stored.name)
    response = FileResponse(stored.open("rb"), content_type=content_type)
    # Short, and private for moderators, so a photo hidden later stops being served soon.
    response["Cache-Control"] = "max-age=300, " + (
        "public" if not photo.is_hidden and request.user.is_anonymous else "private"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PhotoActionView(TargetActionView):
    """Hide or restore one photo, the contribution's moderators' call."""

    @cached_property
    def photo(self):
        return get_object_or_404(
            visible_photos(self.request.user).select_related("annotation__layer__campaign"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def target(self):
        return self.photo.annotation

    def get_context_data(self, **kwargs):
        return super().get_context_data(photo=self.photo, **kwargs)


class HidePhotoView(PhotoActionView):
    action = "hide"
    heading = _("Hide this photo")
    submit_label = _("Hide the photo")
    success_message = _("Photo hidden. The reason is kept in the moderation history.")

    def perform(self, reason):
        services.hide_photo(self.photo, self.request.user, reason)


class RestorePhotoView(PhotoActionView):
    action = "restore"
    heading = _("Show this photo again")
    submit_label = _("Restore the photo")
    success_message = _("Photo restored. The reason is kept in the moderation history.")

    def perform(self, reason):
        services.restore_photo(self.photo, self.request.user, reason)

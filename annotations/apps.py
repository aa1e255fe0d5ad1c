from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = _("Contributions")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from . import rules  # noqa: F401  (registers the permissions)

        # Pillow's own decompression-bomb guard refuses what our setting refuses.
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS

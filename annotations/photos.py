"""Photos people attach: checked by their content, decoded within bounds, stored without
any metadata.

Pillow reads the file's own bytes to tell its format (never its name or the type the
browser claims), refuses more pixels than `PHOTO_MAX_PIXELS` before decoding them (its
decompression-bomb guard, raised to an error here), and the pixels alone are written
again into a new file: EXIF (GPS position, camera, date), XMP, ICC and text chunks all
stay behind. (The browser reads a photo's GPS position before sending it, to offer it as
the pin: `static/js/contribution_extras.js`.)
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name, the extension stored, and how it is written again.
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
THUMBNAIL_FORMAT = ("WEBP", "webp", {"quality": 80})


@dataclass
class CleanPhoto:
    """A photo ready to store: the image and its thumbnail without metadata."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def read_photo(upload):
    """`upload` (an UploadedFile) as a `CleanPhoto`; a ValidationError naming the problem
    when it is too large, not an image, not JPEG, PNG or WebP, or too many pixels."""
    if upload.size > settings.PHOTO_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a photo may be %(limit)s at most."),
            code="too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_UPLOAD_SIZE),
            },
        )
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns between its limit and twice it, and raises above: both refuse here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(ACCEPTED_FORMATS))
            _check_pixels(image, upload.name)
            # A JPEG decodes straight at the scale kept (1/2, 1/4, 1/8): far less time and
            # memory than decoding every pixel to throw most away.
            image.draft("RGB", (settings.PHOTO_STORED_MAX_SIDE,) * 2)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(upload.name) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("“%(name)s” is not a JPEG, PNG or WebP image."),
                code="not_an_image",
                params={"name": upload.name},
            ) from None
    extension, options = ACCEPTED_FORMATS[image.format]
    pixels = _pixels_only(image, keep_alpha=image.format != "JPEG")
    thumbnail = pixels.copy()
    thumbnail.thumbnail((settings.PHOTO_THUMBNAIL_SIDE,) * 2)
    thumb_format, thumb_extension, thumb_options = THUMBNAIL_FORMAT
    return CleanPhoto(
        image=_encoded(pixels, image.format, options, f"photo.{extension}"),
        thumbnail=_encoded(thumbnail, thumb_format, thumb_options, f"thumb.{thumb_extension}"),
        width=pixels.width,
        height=pixels.height,
    )


def _too_many_pixels(name):
    limit = settings.PHOTO_MAX_PIXELS
    return ValidationError(
        _("“%(name)s” has too many pixels; a photo may have %(megapixels)s million at most."),
        code="too_many_pixels",
        params={"name": name, "megapixels": f"{limit / 1_000_000:g}"},
    )


def _check_pixels(image, name):
    """Before any pixel is decoded: the header's size against our own limit."""
    if image.width * image.height > settings.PHOTO_MAX_PIXELS:
        raise _too_many_pixels(name)


def _pixels_only(image, keep_alpha):
    """A new image holding `image`'s pixels, turned upright and scaled down to the size
    kept, and nothing else."""
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((settings.PHOTO_STORED_MAX_SIDE,) * 2)
    has_alpha = keep_alpha and (
        upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    converted = upright.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _encoded(image, image_format, options, name):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=name)

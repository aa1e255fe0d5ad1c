"""Photos as phones send them, for the tests of photos on contributions."""

import io

from PIL import Image, TiffImagePlugin

# Where the camera says the photo was taken: in the middle of Nanterre (2.2088, 48.8950),
# inside the test campaigns' perimeter.
GPS_IN_NANTERRE = {
    1: "N",
    2: (48.0, 53.0, 42.0),
    3: "E",
    4: (2.0, 12.0, TiffImagePlugin.IFDRational(3168, 100)),
}


def photo_bytes(image_format="JPEG", size=(640, 480), gps=GPS_IN_NANTERRE, colour=(200, 120, 40)):
    """A photo with its camera, its date and (unless `gps` is None) where it was taken."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:11:29 10:00:00"  # date taken
    if gps:
        exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif)
    return buffer.getvalue()

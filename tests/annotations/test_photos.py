"""Photos on contributions: checked by their content, stored without any metadata, served
only while visible, hidden one by one by moderators."""

import io
import json
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from annotations import services
from annotations.models import Annotation, ModerationAction, Photo
from annotations.photos import read_photo
from tests.support import factories
from tests.support.api import api
from tests.support.photos import photo_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

POINT = {"type": "Point", "coordinates": [2.2088, 48.8950]}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def huge_png(width=20_000, height=20_000):
    """A PNG that says it is 20,000 by 20,000 pixels: a decompression bomb's header."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def contribute(client, campaign, layer, *files, title="Broken bench", **fields):
    data = {
        "layer": layer.pk,
        "category": "issue",
        "title": title,
        "body": "Its planks are gone.",
        "geometry": json.dumps(POINT),
        "photos-TOTAL_FORMS": "3",
        "photos-INITIAL_FORMS": "0",
        **fields,
    }
    for number, file in enumerate(files):
        data[f"photos-{number}-image"] = file
    return client.post(
        reverse("portal:contribute", args=[campaign.slug]), data, HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.mark.parametrize(
    ("image_format", "name", "content_type"),
    [
        ("JPEG", "a.jpg", "image/jpeg"),
        ("WEBP", "b.webp", "image/webp"),
        ("PNG", "c.png", "image/png"),
    ],
)
def test_the_stored_photo_has_no_metadata_while_the_upload_had_its_gps_position(
    client, resident, campaign, layer, media, image_format, name, content_type
):
    sent = photo_bytes(image_format)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)  # the upload says where

    client.force_login(resident)
    response = contribute(client, campaign, layer, upload(sent, name, content_type))

    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    for field in (photo.image, photo.thumbnail):
        with field.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
            assert dict(image.getexif()) == {}
            assert "exif" not in image.info and "xmp" not in image.info
    assert photo.image.name.startswith("photos/") and "IMG_20261129" not in photo.image.name
    assert Image.open(photo.image.path).format == image_format
    assert photo.alt_text == "Photo: Broken bench"
    # The API gives the addresses only; the photo it serves carries no metadata either.
    properties = api().get(f"/api/annotations/{photo.annotation_id}/").json()["properties"]
    (listed,) = properties["photos"]
    assert set(listed) == {"id", "url", "thumbnail_url", "alt_text", "width", "height"}
    served = client.get(listed["url"])
    assert served.status_code == 200
    assert dict(Image.open(io.BytesIO(b"".join(served.streaming_content))).getexif()) == {}


def test_a_large_photo_is_scaled_down_and_gets_a_thumbnail(settings):
    settings.PHOTO_STORED_MAX_SIDE, settings.PHOTO_THUMBNAIL_SIDE = 1000, 200
    clean = read_photo(upload(photo_bytes(size=(3000, 2000))))
    assert (clean.width, clean.height) == (1000, 667)
    assert Image.open(clean.thumbnail).size == (200, 133)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"%PDF-1.4 not a photo at all",
            "holiday.jpg",
            "“holiday.jpg” is not a JPEG, PNG or WebP image.",
        ),
        (
            huge_png(),
            "bomb.png",
            "“bomb.png” has too many pixels; a photo may have 50 million at most.",
        ),
        (b"GIF89a" + b"\x00" * 64, "anim.gif", "“anim.gif” is not a JPEG, PNG or WebP image."),
    ],
    ids=["not-an-image", "20000x20000-png", "gif"],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_written(
    client, resident, campaign, layer, media, content, name, message
):
    client.force_login(resident)
    response = contribute(
        client, campaign, layer, upload(content, name), **{"photos-0-alt_text": "The bench"}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Choose your photos again" in text
    # What was typed is still there.
    assert 'value="Broken bench"' in text and 'value="The bench"' in text
    assert not Annotation.objects.exists() and not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_photo_over_the_size_limit_is_refused(client, resident, campaign, layer, media, settings):
    settings.PHOTO_MAX_UPLOAD_SIZE = 2048
    client.force_login(resident)
    big = photo_bytes(size=(800, 800))
    assert len(big) > 2048

    response = contribute(client, campaign, layer, upload(big))

    assert response.status_code == 400
    assert "a photo may be 2.0\xa0KB at most" in response.content.decode()
    assert not Annotation.objects.exists() and stored_files(media) == []


def test_a_fourth_photo_is_refused_through_the_api(resident, layer):
    contribution = factories.AnnotationFactory(layer=layer, author=resident)
    client = api(resident)
    url = f"/api/annotations/{contribution.pk}/photos/"
    for _attempt in range(3):
        sent = client.post(url, {"image": upload(photo_bytes())}, format="multipart")
        assert sent.status_code == 201, sent.content
    fourth = client.post(url, {"image": upload(photo_bytes())}, format="multipart")
    assert fourth.status_code == 400
    assert "3 photos at most" in fourth.content.decode()
    assert contribution.photos.count() == 3
    other = api(factories.UserFactory()).post(
        url, {"image": upload(photo_bytes())}, format="multipart"
    )
    assert other.status_code == 403


def test_a_moderator_hides_one_photo_with_a_reason_kept_in_the_history(
    client, resident, layer, moderator
):
    contribution = factories.AnnotationFactory(layer=layer, author=resident)
    kept, hidden = services.add_photos(
        contribution,
        [(read_photo(upload(photo_bytes())), "The bench"), (read_photo(upload(photo_bytes())), "")],
    )

    client.force_login(moderator)
    response = client.post(
        reverse("annotations:photo-hide", args=[hidden.pk]), {"reason": "A face is visible"}
    )
    assert response.status_code == 302

    listed = api().get(f"/api/annotations/{contribution.pk}/").json()["properties"]["photos"]
    assert [photo["id"] for photo in listed] == [kept.pk]
    client.logout()
    assert client.get(reverse("annotations:photo", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("annotations:photo-thumbnail", args=[kept.pk])).status_code == 200
    action = ModerationAction.objects.get()
    assert (action.kind, action.photo, action.annotation, action.reason) == (
        "hide_photo",
        hidden,
        contribution,
        "A face is visible",
    )
    page = client.get(contribution.get_absolute_url())
    assert 'alt="The bench"' in page.content.decode()


def test_a_deleted_account_leaves_its_photos_with_the_contribution(resident, layer):
    contribution = factories.AnnotationFactory(layer=layer, author=resident)
    services.add_photos(contribution, [(read_photo(upload(photo_bytes())), "")])
    resident.delete()
    contribution.refresh_from_db()
    assert contribution.author is None
    assert contribution.photos.count() == 1


def test_exports_give_the_visible_photos_addresses(client, layer, moderator):
    contribution = factories.AnnotationFactory(layer=layer)
    first, second, third = services.add_photos(
        contribution, [(read_photo(upload(photo_bytes())), "")] * 3
    )
    services.hide_photo(second, moderator, "A licence plate")

    for export_format in ("geojson", "csv"):
        response = client.get(
            reverse("export-contributions"),
            {"campaign": layer.campaign.slug, "format": export_format},
        )
        body = b"".join(response.streaming_content).decode()
        expected = f"http://testserver/photos/{first.pk}/ http://testserver/photos/{third.pk}/"
        assert expected in body
        assert f"/photos/{second.pk}/" not in body

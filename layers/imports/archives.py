"""Unpacking an uploaded zip safely: no paths out of the archive, no zip bombs."""

import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _check_member(name):
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ValidationError(
            _("The archive holds a path that leads out of it: “%(name)s”."),
            code="zip_path",
            params={"name": name},
        )


def extract_zip(archive, destination):
    """Extract `archive` into `destination` after checking every member; return `destination`.

    Member names, their count and their total uncompressed size are checked
    before anything is written. zipfile stops each member at its declared
    size, so the declared total bounds what lands on disk.
    """
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [info for info in zipped.infolist() if not info.is_dir()]
            for info in members:
                _check_member(info.filename)
            if len(members) > settings.IMPORT_MAX_ZIP_MEMBERS:
                raise ValidationError(
                    _("The archive holds %(count)s files; at most %(max)s are accepted."),
                    code="zip_members",
                    params={"count": len(members), "max": settings.IMPORT_MAX_ZIP_MEMBERS},
                )
            total = sum(info.file_size for info in members)
            if total > settings.IMPORT_MAX_UNZIPPED_SIZE:
                raise ValidationError(
                    _("The archive unpacks to %(size)s MB; at most %(max)s MB are accepted."),
                    code="zip_size",
                    params={
                        "size": total // 2**20,
                        "max": settings.IMPORT_MAX_UNZIPPED_SIZE // 2**20,
                    },
                )
            for info in members:
                zipped.extract(info, destination)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise ValidationError(
            _("The archive cannot be read: %(reason)s."),
            code="zip_unreadable",
            params={"reason": error},
        ) from error
    return Path(destination)

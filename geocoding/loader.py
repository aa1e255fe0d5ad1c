"""Loading the national address base (BAN) from its per-commune CSV files
(https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/), all or nothing."""

import csv
import gzip
import io
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import connection, transaction

from .models import Address

BATCH_SIZE = 2000
REQUIRED_COLUMNS = {
    *("id", "numero", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat")
}


class AddressFileError(ValueError):
    """The file is not a BAN address CSV; nothing was written."""


def open_text(path):
    """A BAN file as text, gzipped or not; lines starting with # are comments (a sample's
    header says what it is)."""
    path = Path(path)
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    return (line for line in text if not line.startswith("#"))


def address_from_row(row):
    """An Address from one CSV row, or None when the row has no usable position or name."""
    try:
        lon, lat = float(row["lon"]), float(row["lat"])
    except (TypeError, ValueError):
        return None
    street = (row["nom_voie"] or "").strip()[:200]
    if not street or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    number = " ".join(part for part in (row["numero"], row.get("rep") or "") if part).strip()[:20]
    if number == "99999":  # the BAN's marker of a street without numbers
        number = ""
    postcode, city = row["code_postal"][:5], row["nom_commune"].strip()[:100]
    label = " ".join(part for part in (number, street, postcode, city) if part)
    return Address(
        ban_id=row["id"][:50],
        housenumber=number,
        street=street,
        postcode=postcode,
        citycode=row["code_insee"][:5],
        city=city,
        label=label[:400],
        point=Point(lon, lat, srid=4326),
    )


@transaction.atomic
def load_ban_csv(lines, progress=lambda rows: rows):
    """Replace the addresses of the communes a BAN CSV lists with the file's; answer
    (loaded, skipped). `progress` wraps the rows (a tqdm bar)."""
    reader = csv.DictReader(lines, delimiter=";")
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
    if missing:
        raise AddressFileError(
            f"Not a BAN address file: columns {', '.join(sorted(missing))} are missing."
        )
    communes, batch, loaded, skipped = set(), [], 0, 0
    for row in progress(reader):
        address = address_from_row(row)
        if address is None:
            skipped += 1
            continue
        if address.citycode not in communes:
            communes.add(address.citycode)
            Address.objects.filter(citycode=address.citycode).delete()
        batch.append(address)
        if len(batch) >= BATCH_SIZE:
            loaded += len(Address.objects.bulk_create(batch))
            batch = []
    loaded += len(Address.objects.bulk_create(batch))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE geocoding_address SET search_text = lower(unaccent(label)) "
            "WHERE search_text = ''"
        )
    return loaded, skipped

"""Loading the national address base (BAN) from its per-commune CSV files
(https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/), all or nothing."""

import csv
import gzip
import io
from pathlib import Path

from django.db import connection, transaction

from .models import Address

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
    """One CSV row as the values COPY writes, or None when it has no usable position or
    name."""
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
    label = " ".join(part for part in (number, street, postcode, city) if part)[:400]
    return (row["id"][:50], number, street, postcode, row["code_insee"][:5], city, label, lon, lat)


# The file's rows go through a temporary table by COPY (a hundred times faster than
# INSERTs of GEOS points), then replace the communes they name in one statement each;
# fresh statistics let the planner use the trigram index at once.
INCOMING = """
    DROP TABLE IF EXISTS incoming_address;
    CREATE TEMP TABLE incoming_address (
        ban_id text, housenumber text, street text, postcode text, citycode text, city text,
        label text, lon float8, lat float8
    ) ON COMMIT DROP
"""
REPLACE = """
    DELETE FROM {table} WHERE citycode IN (SELECT DISTINCT citycode FROM incoming_address);
    INSERT INTO {table}
        (ban_id, housenumber, street, postcode, citycode, city, label, search_text, point)
    SELECT ban_id, housenumber, street, postcode, citycode, city, label,
           lower(unaccent(label)), ST_SetSRID(ST_MakePoint(lon, lat), 4326)
    FROM incoming_address;
    ANALYZE {table}
"""


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
    loaded = skipped = 0
    with connection.cursor() as cursor:
        cursor.execute(INCOMING)
        with cursor.copy("COPY incoming_address FROM STDIN") as copy:
            for row in progress(reader):
                address = address_from_row(row)
                if address is None:
                    skipped += 1
                    continue
                copy.write_row(address)
                loaded += 1
        cursor.execute(REPLACE.format(table=Address._meta.db_table))
    return loaded, skipped

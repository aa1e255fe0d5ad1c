"""Time the built-in address search against a plain scan, on synthetic BAN addresses.

    .venv/bin/python bench/geocoding.py --streets 2000 --numbers 40 --repeat 20

Writes a BAN-format CSV of streets x numbers in a made-up commune (INSEE 99999),
loads it with `load_ban_csv` (addresses per second), then times what a person types
into the search box: the built-in geocoder (pg_trgm word similarity on the unaccented
label, GIN index) against the floor a naive search would be (unaccent + ILIKE, a
sequential scan). The commune's addresses are removed at the end.
"""

import argparse
import csv
import random
import statistics
import tempfile
import time

import _setup  # noqa: F401
from _common import timings
from django.contrib.postgres.lookups import Unaccent
from django.db.models import Value
from django.db.models.functions import Lower

from geocoding.geocoders import BuiltInGeocoder
from geocoding.loader import load_ban_csv, open_text
from geocoding.models import Address

CITYCODE = "99999"
KINDS = ["Rue", "Avenue", "Allée", "Impasse", "Boulevard", "Place", "Chemin", "Quai"]
NAMES = [
    "des Tilleuls",
    "de l'Église",
    "du Marché",
    "Pasteur",
    "Jean Jaurès",
    "des Écoles",
    "de la Gare",
    "Victor Hugo",
    "du Moulin",
    "des Peupliers",
    "du Château",
    "Gambetta",
]


def write_csv(path, streets, numbers):
    random.seed(7)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(
            [
                "id",
                "numero",
                "rep",
                "nom_voie",
                "code_postal",
                "code_insee",
                "nom_commune",
                "lon",
                "lat",
            ]
        )
        for s in range(streets):
            street = f"{random.choice(KINDS)} {random.choice(NAMES)} {s}"
            for n in range(1, numbers + 1):
                lon, lat = 2.15 + random.random() * 0.1, 48.85 + random.random() * 0.1
                writer.writerow(
                    [
                        f"{CITYCODE}_{s}_{n}",
                        n,
                        "",
                        street,
                        "99000",
                        CITYCODE,
                        "Bancheville",
                        f"{lon:.6f}",
                        f"{lat:.6f}",
                    ]
                )


def naive(query):
    wanted = Lower(Unaccent(Value(query)))
    return list(
        Address.objects.alias(label_u=Lower(Unaccent("label"))).filter(label_u__contains=wanted)[:5]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--streets", type=int, default=2000)
    parser.add_argument("--numbers", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        write_csv(file.name, args.streets, args.numbers)
        start = time.perf_counter()
        loaded, _ = load_ban_csv(open_text(file.name))
        seconds = time.perf_counter() - start
    print(f"loaded {loaded} addresses in {seconds:.1f} s ({loaded / seconds:.0f} addresses/s)")
    geocoder = BuiltInGeocoder()
    try:
        for query in ["12 rue des tilleuls 7", "allee de l'eglise 15", "gambetta 1999"]:
            built_in = statistics.median(timings(lambda q=query: geocoder.search(q), args.repeat))
            scan = statistics.median(timings(lambda q=query: naive(q), args.repeat))
            print(
                f"{query!r}: built-in {built_in * 1000:.1f} ms, unaccent+ILIKE scan "
                f"{scan * 1000:.1f} ms, ratio {scan / built_in:.1f}x"
            )
    finally:
        Address.objects.filter(citycode=CITYCODE).delete()


if __name__ == "__main__":
    main()

"""`load_addresses`: the BAN's per-commune CSV files into PostGIS, all or nothing."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from geocoding.models import Address

pytestmark = pytest.mark.django_db

HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
    "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
    "certification_commune;cad_parcelles"
)


def row(ident, number, rep, street, lon, lat, citycode="92050", city="Nanterre"):
    return (
        f"{ident};;{number};{rep};{street};92000;{citycode};{city};;;;;{lon};{lat};entrée;;;"
        f"{city.upper()};{street.upper()};commune;commune;0;"
    )


def write(path, lines, zipped=False):
    text = "\n".join(lines) + "\n"
    if zipped:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_gzipped_ban_file_is_loaded_searchable_without_accents(tmp_path, capsys):
    path = write(
        tmp_path / "adresses-92050.csv.gz",
        [
            HEADER,
            row("92050_a_00012", "12", "", "Allée des Tilleuls", 2.2085, 48.894),
            row("92050_a_00012b", "12", "bis", "Allée des Tilleuls", 2.2086, 48.894),
            row("92050_b_99999", "99999", "", "Lieu-dit Les Champs", 2.21, 48.9),
            row("92050_c_00001", "1", "", "Rue sans position", "", ""),
        ],
        zipped=True,
    )
    call_command("load_addresses", str(path))
    assert "3 addresses loaded, 1 rows skipped" in capsys.readouterr().out
    labels = sorted(Address.objects.values_list("label", flat=True))
    assert labels == [
        "12 Allée des Tilleuls 92000 Nanterre",
        "12 bis Allée des Tilleuls 92000 Nanterre",
        "Lieu-dit Les Champs 92000 Nanterre",
    ]
    twelve = Address.objects.get(ban_id="92050_a_00012")
    assert twelve.search_text == "12 allee des tilleuls 92000 nanterre"
    assert twelve.point.coords == (2.2085, 48.894)


def test_loading_a_commune_again_replaces_its_addresses_and_keeps_the_others(tmp_path):
    first = write(
        tmp_path / "first.csv",
        [
            HEADER,
            row("92050_a_1", "1", "", "Rue A", 2.2, 48.9),
            row("92063_a_1", "1", "", "Rue de Rueil", 2.18, 48.87, "92063", "Rueil-Malmaison"),
        ],
    )
    again = write(tmp_path / "again.csv", [HEADER, row("92050_b_2", "2", "", "Rue B", 2.2, 48.9)])
    call_command("load_addresses", str(first), verbosity=0)
    call_command("load_addresses", str(again), verbosity=0)
    assert sorted(Address.objects.values_list("ban_id", flat=True)) == ["92050_b_2", "92063_a_1"]


def test_a_file_that_is_not_a_ban_csv_is_refused_and_nothing_is_written(tmp_path):
    path = write(tmp_path / "wrong.csv", ["name;lon;lat", "Mairie;2.2;48.9"])
    with pytest.raises(CommandError, match=r"columns .*code_insee.* are missing"):
        call_command("load_addresses", str(path), verbosity=0)
    assert not Address.objects.exists()


def test_the_demo_sample_says_it_is_a_sample_and_loads(capsys):
    from demo.loader import SAMPLE_ADDRESSES

    assert SAMPLE_ADDRESSES.read_text().startswith("# SAMPLE for the geoconsult demo, NOT")
    call_command("load_addresses", str(SAMPLE_ADDRESSES))
    assert Address.objects.filter(label="12 Allée des Tilleuls 92000 Nanterre").exists()

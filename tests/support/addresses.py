"""Addresses in the built-in geocoder's table, searchable as the BAN loader makes them."""

from django.contrib.gis.geos import Point
from django.db.models import F, Func
from django.db.models.functions import Lower

from geocoding.models import Address


def searchable_address(number, street, lon, lat, city="Nanterre"):
    address = Address.objects.create(
        ban_id=f"92050_{street[:5]}_{number}",
        housenumber=number,
        street=street,
        postcode="92000",
        citycode="92050",
        city=city,
        label=f"{number} {street} 92000 {city}".strip(),
        point=Point(lon, lat, srid=4326),
    )
    # What geocoding/loader.py writes: lower(unaccent(label)).
    Address.objects.filter(pk=address.pk).update(
        search_text=Lower(Func(F("label"), function="unaccent"))
    )
    return address

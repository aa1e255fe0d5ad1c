from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.utils.translation import gettext_lazy as _


class Address(models.Model):
    """One address of the national address base (BAN), as its per-commune CSV files give
    it; the built-in geocoder searches these when no outside service is configured."""

    ban_id = models.CharField(_("BAN identifier"), max_length=50, unique=True)
    housenumber = models.CharField(_("number"), max_length=20, blank=True)
    street = models.CharField(_("street"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    citycode = models.CharField(_("INSEE code"), max_length=5, db_index=True)
    city = models.CharField(_("city"), max_length=100)
    label = models.CharField(_("label"), max_length=400)
    # The label in lower case without accents (PostgreSQL's unaccent), which the trigram
    # index covers: "Ecole" finds "École".
    search_text = models.CharField(max_length=400, editable=False, default="")
    point = models.PointField(_("position"), srid=4326)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [
            GinIndex(name="address_search_trgm", fields=["search_text"], opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.label

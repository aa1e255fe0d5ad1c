import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.CreateModel(
            name="Address",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "ban_id",
                    models.CharField(max_length=50, unique=True, verbose_name="BAN identifier"),
                ),
                ("housenumber", models.CharField(blank=True, max_length=20, verbose_name="number")),
                ("street", models.CharField(max_length=200, verbose_name="street")),
                ("postcode", models.CharField(max_length=5, verbose_name="postcode")),
                (
                    "citycode",
                    models.CharField(db_index=True, max_length=5, verbose_name="INSEE code"),
                ),
                ("city", models.CharField(max_length=100, verbose_name="city")),
                ("label", models.CharField(max_length=400, verbose_name="label")),
                ("search_text", models.CharField(default="", editable=False, max_length=400)),
                (
                    "point",
                    django.contrib.gis.db.models.fields.PointField(
                        srid=4326, verbose_name="position"
                    ),
                ),
            ],
            options={
                "verbose_name": "address",
                "verbose_name_plural": "addresses",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["search_text"],
                        name="address_search_trgm",
                        opclasses=["gin_trgm_ops"],
                    )
                ],
            },
        ),
    ]

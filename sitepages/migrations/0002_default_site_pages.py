"""The site pages' first texts, for staff to complete in the admin (Site pages)."""

from django.db import migrations

# The texts live with the app, which shows them too while a page has none of its own.
from sitepages.defaults import PAGES


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("sitepages", "SitePage")
    for (slug, language), (title, body) in PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug, language=language, defaults={"title": title, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0001_site_pages")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]

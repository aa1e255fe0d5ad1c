from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from layers.imports import SUPPORTED_SUFFIXES, import_layer
from layers.models import Layer


class Command(BaseCommand):
    help = (
        "Import a GIS file (GeoJSON, zipped Shapefile, GeoPackage, KML) into a reference "
        "layer, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("layer", type=int, help="id of the reference layer")
        parser.add_argument("path", help=f"the file: {', '.join(SUPPORTED_SUFFIXES)}")
        parser.add_argument("--source-layer", help="which layer of a GeoPackage to read")
        parser.add_argument(
            "--srid", type=int, help="EPSG code of the coordinates, when the file does not say"
        )
        parser.add_argument("--label", help="the attribute that labels each feature")
        parser.add_argument("--style", help="the attribute whose value styles each feature")
        parser.add_argument(
            "--append",
            action="store_true",
            help="keep the layer's features and add these (default: replace them)",
        )

    def handle(self, *args, **options):
        try:
            layer = Layer.objects.get(pk=options["layer"])
        except Layer.DoesNotExist:
            raise CommandError(_("There is no layer %(id)s.") % {"id": options["layer"]}) from None
        try:
            count = import_layer(
                layer,
                options["path"],
                source_layer=options["source_layer"],
                srid=options["srid"],
                label_property=options["label"],
                style_property=options["style"],
                replace=not options["append"],
                progress=lambda features, total: tqdm(
                    features, total=total, unit="feature", file=self.stderr
                ),
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("“%(layer)s” now holds %(count)s features.") % {"layer": layer, "count": count}
            )
        )

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from geocoding.loader import AddressFileError, load_ban_csv, open_text


class Command(BaseCommand):
    help = (
        "Load the national address base (BAN) from per-commune CSV files (.csv or .csv.gz, "
        "from adresse.data.gouv.fr) for the built-in address search; a commune's addresses "
        "are replaced by the file's."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="BAN CSV files, e.g. adresses-92050.csv.gz")

    def handle(self, *args, files, verbosity, **options):
        for path in files:
            try:
                lines = open_text(path)
                loaded, skipped = load_ban_csv(
                    lines,
                    progress=lambda rows, path=path: tqdm(
                        rows, desc=str(path), unit=" addresses", disable=verbosity == 0
                    ),
                )
            except (OSError, AddressFileError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: {error}") from error
            if verbosity:
                self.stdout.write(f"{path}: {loaded} addresses loaded, {skipped} rows skipped.")

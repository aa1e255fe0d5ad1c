from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Load the Nanterre demo campaigns and accounts (demo mode only; safe to run twice)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data loads only in demo mode: set GEOCONSULT_DEMO=1 (as `make run` does)."
            )
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo campaigns created: {', '.join(created)}"))
        else:
            self.stdout.write("Demo campaigns already present; left as they are.")
        self.stdout.write("Demo accounts (log in at /admin/ or on the site):")
        for username, spec in DEMO_ACCOUNTS.items():
            role = "staff" if spec.get("is_staff") else "resident"
            self.stdout.write(f"  {role:<9} username: {username:<10} password: {spec['password']}")

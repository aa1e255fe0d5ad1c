import ipaddress

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, load_demo


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Command(BaseCommand):
    help = "Load the Nanterre demo campaigns and accounts (demo mode only; safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1",
            help="The address the demo will be served on (`make run` passes its HOST). Its "
            "accounts have published passwords: only a loopback address is accepted.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even for an address others can reach.",
        )

    def handle(self, *args, bind, force, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data loads only in demo mode: set GEOCONSULT_DEMO=1 (as `make run` does)."
            )
        if not is_loopback(bind) and not force:
            raise CommandError(
                f"The demo's accounts have passwords published in the repository: it loads only "
                f"for a loopback address, not {bind}. Serve it on 127.0.0.1, or pass --force "
                f"if you really mean others to reach it."
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

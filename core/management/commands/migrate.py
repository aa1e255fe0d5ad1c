"""Django's `migrate`, free of the statement and idle timeouts the web's connections carry:
a migration that rewrites a large table may rightly take longer than any request."""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        with connections[options["database"]].cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("SET idle_in_transaction_session_timeout = 0")
        return super().handle(*args, **options)

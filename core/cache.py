"""Django's database cache, made safe for counters shared by several processes."""

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """`incr` locks the counter's row while it reads and writes it: Django's own reads then
    writes, so two workers counting at once would both write the same number and one
    request would go uncounted (the throttles count with `incr`)."""

    def incr(self, key, delta=1, version=None):
        database = router.db_for_write(self.cache_model_class)
        connection = connections[database]
        table = connection.ops.quote_name(self._table)
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE cache_key = %s FOR UPDATE", [stored_key])
            return super().incr(key, delta, version)

"""Read replicas (DATABASE_REPLICA_URLS): anonymous reads go to a replica, the rest to the primary.

Only a visitor with no session cookie and no API token, asking with a safe method, reads
from a replica: such a visitor has written nothing, so a replica a moment behind shows them
nothing stale of their own. Anyone logged in (a session or a token) reads from the primary
and always sees their own writes at once; every write goes to the primary; so do the job
queue's worker and management commands, which run outside a request.
"""

import contextvars
import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"
reads_from_replica = contextvars.ContextVar("reads_from_replica", default=False)


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        # Reads inside a transaction belong to it (locks, the rows it just wrote).
        if replicas and reads_from_replica.get() and not connections[PRIMARY].in_atomic_block:
            return random.choice(replicas)
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's very rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Marks a request whose reads may go to a replica: safe, anonymous, no token."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = (
            request.method in self.SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "Authorization" not in request.headers
        )
        token = reads_from_replica.set(anonymous)
        try:
            return self.get_response(request)
        finally:
            reads_from_replica.reset(token)

"""Probes for a load balancer or an orchestrator: cheap, anonymous, never throttled."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """The process is up and answers requests."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """The process can serve: its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": str(error).strip() or "unreachable"},
            status=503,
            headers={"Retry-After": "5"},
        )
    return JsonResponse({"status": "ok", "database": "ok"})

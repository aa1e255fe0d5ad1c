"""The page of a request that failed: 503 with a retry hint when the database is away."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import defaults

# Seconds a client is asked to wait: a database restart or a fail-over takes a few.
RETRY_AFTER = "5"


def server_error(request):
    """Django's `handler500`, called while the exception is being handled.

    A lost or refused database connection is the service being briefly unavailable, not a
    bug: 503 and Retry-After, in JSON for the API. Anything else is the usual 500 page.
    """
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    message = _("The service is briefly unavailable. Please try again in a few seconds.")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = TemplateResponse(request, "503.html", {"message": message}, status=503)
        response.render()
    response["Retry-After"] = RETRY_AFTER
    return response

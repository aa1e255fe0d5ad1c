"""Pieces every app's API views share: atomic writes, 412 for stale edits, documented errors."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS


def errors(*codes):
    """The error responses an operation documents, by status code."""
    described = {
        400: _("The input names a problem: a field, the geometry or a filter."),
        401: _("Log in or send a token (Authorization: Token …)."),
        403: _("You may not do this, here or now."),
        404: _("No such object, or not one you may see."),
        412: _("If-Match does not match the current ETag: reload and try again."),
    }
    return {code: OpenApiResponse(description=described[code]) for code in codes}


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_("The ETag you read; a stale one gets 412 and nothing is written."),
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This was changed since you loaded it; reload it and try again.")
    default_code = "stale"


class AtomicWritesMixin:
    """Every write runs in one transaction: on any error, nothing is written."""

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            # DRF's exception handler marks the transaction for rollback on errors.
            return super().dispatch(request, *args, **kwargs)

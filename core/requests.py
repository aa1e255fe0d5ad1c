"""A request id for every request: taken from the front server's X-Request-ID when it sends a
sane one, made here otherwise, returned in the response and written in every log line."""

import contextvars
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

current_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each log record ("-" outside a request)."""

    def filter(self, record):
        # Django logs a request's outcome (django.request) after the middleware returned.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or current_request_id.get()
        return True

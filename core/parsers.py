"""Request body parsers for the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with JSON nested deeper than Python's decoder goes reported as
    a parse error (a 400) rather than a RecursionError (a 500), and a body that is not a
    JSON object (`false`, `3`, `[]`: no endpoint takes one) refused the same way."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        return data

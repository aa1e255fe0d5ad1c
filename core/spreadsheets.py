"""CSV cells a spreadsheet shows rather than runs.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` sends the sheet's data away):
such a text cell gets a leading apostrophe, which spreadsheets display as text. Numbers
(a negative longitude) are not text and stay as they are. The same rule in SQL, for CSV
that PostgreSQL writes, and in Python, for CSV written here.
"""

import csv
import re

from django.db.models import CharField, Func, TextField

FORMULA_START = re.compile(r"^[-=+@\t\r]")


def neutralise(value):
    """`value` as a CSV cell: text with a leading apostrophe when a spreadsheet would run it."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return f"'{value}"
    return value


class SpreadsheetSafe(Func):
    """`neutralise()` in SQL, for a text expression."""

    template = r"regexp_replace(%(expressions)s, '^([-=+@\t\r])', '''\1')"
    output_field = TextField()


def is_text(expression, query):
    """Whether `expression` gives text once resolved against `query`."""
    field = expression.resolve_expression(query).output_field
    return isinstance(field, CharField | TextField)


class SafeWriter:
    """`csv.writer` whose every cell goes through `neutralise()`."""

    def __init__(self, stream, **options):
        self.writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self.writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

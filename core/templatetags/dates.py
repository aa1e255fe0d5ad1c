"""Dates as people read them: `{{ day|long_date }}`, `{{ moment|long_datetime }}` and
`{% date_range starts ends %}`.

French writes the first of a month "1er", which no format string can say, and a range
within one day names that day once: "7 décembre 2026, 18 h 30 to 20 h 30".
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

DASH = " \N{EN DASH} "


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _formatted(value, format_name):
    text = date_format(value, format_name)
    if value.day == 1 and (get_language() or "").startswith("fr") and text.startswith("1 "):
        return "1er" + text[1:]
    return text


@register.filter(expects_localtime=True)
def long_date(value):
    return _formatted(value, "DATE_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def long_datetime(value):
    return _formatted(value, "DATETIME_FORMAT") if value else ""


@register.simple_tag
def date_range(starts, ends):
    """From `starts` to `ends`, the day named once when both fall on it."""
    starts, ends = _local(starts), _local(ends)
    if not isinstance(starts, datetime.datetime):
        return _formatted(starts, "DATE_FORMAT") + DASH + _formatted(ends, "DATE_FORMAT")
    if starts.date() == ends.date():
        return _formatted(starts, "DATETIME_FORMAT") + DASH + date_format(ends, "TIME_FORMAT")
    return _formatted(starts, "DATETIME_FORMAT") + DASH + _formatted(ends, "DATETIME_FORMAT")

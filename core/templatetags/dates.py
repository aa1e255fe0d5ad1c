"""Dates as people read them: `{{ day|long_date }}`, `{{ moment|long_datetime }}` and
`{% date_range starts ends %}`; `{% date_formats %}` gives static/js/shared.js what it needs
to write them the same way in the browser.

French writes the first of a month "1er", which no format string can say, and a range
within one day names that day once: "7 décembre 2026, 18 h 30 to 20 h 30".
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.formats import date_format, get_format
from django.utils.html import json_script
from django.utils.translation import get_language, gettext

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


# The words of Django's "P" format ("6:30 p.m.", "noon"), which Django's own catalogue
# translates: named through a variable so that makemessages leaves them there.
TIME_WORDS = ("a.m.", "p.m.", "midnight", "noon")


@register.simple_tag
def date_formats():
    """The site's formats, time zone and names of months, as the JSON #date-formats that
    shared.js's formatDateRange reads to write what `date_range` writes."""
    return json_script(
        {
            "language": get_language(),
            "time_zone": timezone.get_current_timezone_name(),
            "date": get_format("DATE_FORMAT"),
            "datetime": get_format("DATETIME_FORMAT"),
            "time": get_format("TIME_FORMAT"),
            "months": [str(MONTHS[month]) for month in range(1, 13)],
            "months_ap": [str(MONTHS_AP[month]) for month in range(1, 13)],
            "words": {word: gettext(word) for word in TIME_WORDS},
        },
        "date-formats",
    )

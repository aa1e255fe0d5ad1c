"""`{{ data|json_ld:"element-id" }}`: structured data search engines read.

Django's `json_script` always writes `type="application/json"`, which they
ignore; this writes `application/ld+json` with the same escaping, so user
text can never close the script element.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.templatetags.json_text import SCRIPT_ESCAPES

register = template.Library()


@register.filter
def json_ld(value, element_id):
    text = json.dumps(value, cls=DjangoJSONEncoder).translate(SCRIPT_ESCAPES)
    return format_html(
        '<script id="{}" type="application/ld+json">{}</script>', element_id, mark_safe(text)
    )

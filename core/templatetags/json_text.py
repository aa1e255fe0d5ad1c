"""`{{ text|json_text_script:"element-id" }}`: JSON text PostgreSQL wrote, embedded as is.

Like Django's `json_script`, but for text that is already JSON (a FeatureCollection
from `feature_collection_text`), so Python neither parses nor writes it again.
The same escaping keeps user text from closing the script element: `<`, `>` and
`&` can only appear inside JSON strings, where their `\\u` escapes mean the same.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_text_script(text, element_id):
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(text.translate(SCRIPT_ESCAPES)),
    )

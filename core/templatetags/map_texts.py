"""{% map_texts %}: Leaflet's own words in the page's language, and the names of what
one presses on a map, as the JSON static/js/maps.js reads (#map-texts)."""

from django import template
from django.utils.html import json_script
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def map_texts():
    return json_script(
        {
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
            "layers": _("Layers shown on the map"),
            "marker": _("Place on the map"),
            "cluster": _("%(count)s points here: press to zoom in"),
        },
        "map-texts",
    )

"""{% map_texts %}: Leaflet's own words in the page's language, and the names of what
one presses on a map, as the JSON static/js/maps.js reads (#map-texts);
{% drawing_touch_texts %}: the drawing tools' hints on a touch screen (#drawing-touch-texts)."""

from django import template
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# leaflet-geoman's keys: on a touch screen one taps, not clicks.
DRAWING_TOUCH_TEXTS = {
    "tooltips": {
        "placeMarker": gettext_lazy("Tap the map to place the point"),
        "firstVertex": gettext_lazy("Tap the map to place the first point"),
        "continueLine": gettext_lazy("Tap to place the next point"),
        "finishLine": gettext_lazy("Tap the last point again to finish"),
        "finishPoly": gettext_lazy("Tap the first point to close the area"),
    },
}


@register.simple_tag
def drawing_touch_texts():
    return json_script(DRAWING_TOUCH_TEXTS, "drawing-touch-texts")

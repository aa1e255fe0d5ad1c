"""Static files storage for production."""

import re
from functools import lru_cache

from whitenoise.storage import CompressedManifestStaticFilesStorage

# A quoted data: URI in CSS, e.g. url('data:image/svg+xml,<svg …>…</svg>'); what it holds
# is an inline document, not a reference to another static file.
QUOTED_DATA_URI = re.compile(r"""url\(\s*(?P<quote>['"])data:.*?(?P=quote)\s*\)""", re.S | re.I)


@lru_cache(maxsize=8)
def data_uri_spans(text):
    return tuple(match.span() for match in QUOTED_DATA_URI.finditer(text))


def inside_data_uri(text, position):
    return any(start < position < end for start, end in data_uri_spans(text))


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed static files, whose JavaScript modules import
    each other by their hashed names (`import … from "./shared.js"` is rewritten).

    A `url(…)` inside a data: URI (leaflet-geoman's SVG icons say `url(%23polygon-b)`
    for a mask of their own) is left as written: Django would otherwise rewrite it
    as a file name and the icon would not render."""

    support_js_module_import_aggregation = True

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            if inside_data_uri(matchobj.string, matchobj.start()):
                return matchobj.group("matched")
            return convert(matchobj)

        return converter

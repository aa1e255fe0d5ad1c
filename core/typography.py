"""French typography that Django's own translations do not follow.

Django's French label suffix is a no-break space and a colon; French typography wants a
narrow no-break space (U+202F) before a colon. The translation of ":" in locale/fr says
so, and it takes precedence over Django's as LOCALE_PATHS come first; this marks the text
for makemessages so that the translation stays.
"""

from django.utils.translation import gettext_noop

LABEL_SUFFIX = gettext_noop(":")

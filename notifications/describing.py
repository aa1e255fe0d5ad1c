"""How an activity reads in an e-mail: one sentence and the page it leads to.

Provisional until the notification centre's texts land (N1's `notifications/texts.py`).
"""

from typing import NamedTuple

from django.utils.translation import gettext as _


class Described(NamedTuple):
    sentence: str
    url: str
    details: str = ""


def describe(activity, recipient):
    subject = activity.annotation or activity.event or activity.campaign
    sentence = _("%(what)s: %(title)s") % {
        "what": activity.get_kind_display(),
        "title": getattr(subject, "title", str(subject)),
    }
    return Described(sentence, subject.get_absolute_url())

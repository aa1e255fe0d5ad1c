"""What every page's frame shows: the city's name, logo and colour, and the footer's links."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import SitePage

# The footer's links beside the site pages: (url name, label).
FOOTER_LINKS = [
    ("privacy", _("Privacy")),
    ("ogc:landing", _("Open data (OGC API)")),
    ("api-docs", _("API")),
]


def _footer_links():
    links = [
        {"url": reverse("sitepages:page", args=[slug]), "label": label}
        for slug, label in SitePage.Slug.choices
    ]
    links += [{"url": reverse(name), "label": label} for name, label in FOOTER_LINKS]
    return links


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LOGO_URL": settings.SITE_LOGO_URL or static("img/logo.svg"),
        "SITE_PRIMARY_COLOR": settings.SITE_PRIMARY_COLOR,
        "footer_links": _footer_links(),
    }

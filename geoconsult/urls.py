from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from annotations.exports.views import export_contributions, export_download, export_status
from annotations.views.mine import MyContributionsView
from core.health import healthz, readyz

# The admin carries the city's name, not Django's (read when a page is drawn).
site_name = lazy(lambda: settings.SITE_NAME, str)
admin.site.site_header = site_name()
admin.site.site_title = site_name()
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("geoconsult.api")),
    path("exports/contributions", export_contributions, name="export-contributions"),
    path("exports/<uuid:pk>/", export_status, name="export-status"),
    path("exports/<uuid:pk>/download", export_download, name="export-download"),
    path("ogc/", include("ogc.urls")),
    path("", include("privacy.urls")),
    path("tiles/", include("tiles.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/contributions/", MyContributionsView.as_view(), name="my-contributions"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sitepages.urls")),
    path("", include("portal.urls")),
    path("", include("annotations.urls")),
    path("", include("agenda.urls")),
    path("", include("timeline.urls")),
    path("", include("consultations.urls")),
    path("", include("notifications.urls")),
]

# A lost database connection answers 503 with Retry-After, not a 500 page (core/errors.py).
handler500 = "core.errors.server_error"

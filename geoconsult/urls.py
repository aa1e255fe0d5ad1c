from django.contrib import admin
from django.urls import include, path

from annotations.exports.views import export_contributions
from annotations.views.mine import MyContributionsView
from core.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("geoconsult.api")),
    path("exports/contributions", export_contributions, name="export-contributions"),
    path("ogc/", include("ogc.urls")),
    path("tiles/", include("tiles.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/contributions/", MyContributionsView.as_view(), name="my-contributions"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("portal.urls")),
    path("", include("annotations.urls")),
    path("", include("agenda.urls")),
    path("", include("timeline.urls")),
]

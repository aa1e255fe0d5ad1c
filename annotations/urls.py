from django.urls import path

from . import views  # noqa: F401
from .views import moderation

app_name = "annotations"

urlpatterns = [
    path("moderation/", moderation.ModerationQueueView.as_view(), name="moderation"),
    path(
        "moderation/<str:kind>/<int:pk>/hide/",
        moderation.HideView.as_view(),
        name="moderation-hide",
    ),
    path(
        "moderation/<str:kind>/<int:pk>/restore/",
        moderation.RestoreView.as_view(),
        name="moderation-restore",
    ),
    path(
        "moderation/<str:kind>/<int:pk>/dismiss/",
        moderation.DismissReportsView.as_view(),
        name="moderation-dismiss",
    ),
    path(
        "moderation/<str:kind>/<int:pk>/report/",
        moderation.ReportView.as_view(),
        name="moderation-report",
    ),
]

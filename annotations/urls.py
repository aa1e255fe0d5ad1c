from django.urls import path

from . import views  # noqa: F401
from .views import detail, moderation
from .views.contribute import ContributeView

app_name = "annotations"

urlpatterns = [
    path("campaigns/<slug:slug>/contribute/", ContributeView.as_view(), name="contribute"),
    path("contributions/<int:pk>/", detail.AnnotationDetailView.as_view(), name="detail"),
    path("contributions/<int:pk>/comments/", detail.CommentView.as_view(), name="comment"),
    path("contributions/<int:pk>/vote/", detail.VoteView.as_view(), name="vote"),
    path("contributions/<int:pk>/answer/", detail.AnswerView.as_view(), name="answer"),
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

from django.urls import path

from . import views  # noqa: F401
from .views import detail

app_name = "annotations"

urlpatterns = [
    path("contributions/<int:pk>/", detail.AnnotationDetailView.as_view(), name="detail"),
    path("contributions/<int:pk>/comments/", detail.CommentView.as_view(), name="comment"),
    path("contributions/<int:pk>/vote/", detail.VoteView.as_view(), name="vote"),
    path("contributions/<int:pk>/answer/", detail.AnswerView.as_view(), name="answer"),
]

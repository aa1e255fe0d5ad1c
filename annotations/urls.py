from django.urls import path

from .views import detail, moderation, photos

app_name = "annotations"

urlpatterns = [
    path("contributions/<int:pk>/", detail.AnnotationDetailView.as_view(), name="detail"),
    path("contributions/<int:pk>/comments/", detail.CommentView.as_view(), name="comment"),
    path("contributions/<int:pk>/vote/", detail.VoteView.as_view(), name="vote"),
    path("contributions/<int:pk>/answer/", detail.AnswerView.as_view(), name="answer"),
    path("moderation/", moderation.ModerationQueueView.as_view(), name="moderation"),
    path("photos/<int:pk>/", photos.serve_photo, name="photo"),
    path(
        "photos/<int:pk>/thumbnail/",
        photos.serve_photo,
        {"size": "thumbnail"},
        name="photo-thumbnail",
    ),
    path("moderation/photo/<int:pk>/hide/", photos.HidePhotoView.as_view(), name="photo-hide"),
    path(
        "moderation/photo/<int:pk>/restore/",
        photos.RestorePhotoView.as_view(),
        name="photo-restore",
    ),
]
# What moderators (hide, restore, dismiss) and residents (report) do to a contribution or a
# comment: `kind` is "contribution" or "comment".
urlpatterns += [
    path(
        f"moderation/<str:kind>/<int:pk>/{view.action}/",
        view.as_view(),
        name=f"moderation-{view.action}",
    )
    for view in [
        moderation.HideView,
        moderation.RestoreView,
        moderation.DismissReportsView,
        moderation.PublishView,
        moderation.RejectView,
        moderation.DuplicateView,
        moderation.ReportView,
    ]
]

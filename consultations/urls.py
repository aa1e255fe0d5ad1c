from django.urls import path

from . import views

app_name = "consultations"

TEXT = "consultations/<slug:slug>/"
ARTICLE = TEXT + "articles/<int:number>/"
AMENDMENT = "amendments/<int:pk>/"

urlpatterns = [
    path(TEXT, views.ConsultationView.as_view(), name="detail"),
    path(TEXT + "comments/", views.ConsultationCommentView.as_view(), name="comment"),
    path(TEXT + "vote/", views.ConsultationVoteView.as_view(), name="vote"),
    path(TEXT + "versions/", views.PublishVersionView.as_view(), name="publish"),
    path(TEXT + "import/", views.ImportTextView.as_view(), name="import"),
    path(TEXT + "compare/", views.CompareView.as_view(), name="compare"),
    path(TEXT + "results/", views.ResultsView.as_view(), name="results"),
    path(TEXT + "results.csv", views.ResultsCSVView.as_view(), name="results-csv"),
    path(ARTICLE, views.ArticleView.as_view(), name="article"),
    path(ARTICLE + "comments/", views.ArticleCommentView.as_view(), name="article-comment"),
    path(ARTICLE + "vote/", views.ArticleVoteView.as_view(), name="article-vote"),
    path(ARTICLE + "amend/", views.AmendView.as_view(), name="amend"),
    path(AMENDMENT, views.AmendmentView.as_view(), name="amendment"),
    path(AMENDMENT + "comments/", views.AmendmentCommentView.as_view(), name="amendment-comment"),
    path(AMENDMENT + "support/", views.SupportView.as_view(), name="support"),
    path(AMENDMENT + "answer/", views.AnswerView.as_view(), name="answer"),
]

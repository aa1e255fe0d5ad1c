from django.urls import path

from . import views

app_name = "timeline"

urlpatterns = [
    path("campaigns/<slug:slug>/timeline/", views.TimelineView.as_view(), name="campaign"),
]

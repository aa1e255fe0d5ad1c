from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("settings/", views.PreferencesView.as_view(), name="settings"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]

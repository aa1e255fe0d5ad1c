from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("accounts/me/data/", views.MyDataView.as_view(), name="my-data"),
    path("accounts/me/delete/", views.DeleteAccountView.as_view(), name="delete-account"),
]

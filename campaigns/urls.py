from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
]

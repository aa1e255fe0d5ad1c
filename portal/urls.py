from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<slug:slug>/contribute/", views.ContributeView.as_view(), name="contribute"),
    path("campaigns/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("embed/campaigns/<slug:slug>/", views.campaign_embed, name="campaign-embed"),
    path(
        "campaigns/<slug:slug>/dashboard/contributions.csv",
        views.DashboardCSVView.as_view(),
        name="dashboard-csv",
    ),
]

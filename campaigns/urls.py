from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
    path("campaigns/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "campaigns/<slug:slug>/dashboard/contributions.csv",
        views.DashboardCSVView.as_view(),
        name="dashboard-csv",
    ),
    path("campaigns/<slug:slug>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("campaigns/<slug:slug>/agenda.ics", views.campaign_agenda_ics, name="agenda-ics"),
]

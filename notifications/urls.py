from django.urls import path

from . import area_views, feeds

app_name = "notifications"

urlpatterns = [
    path("campaigns/<slug:slug>/feed.atom", feeds.CampaignFeed(), name="campaign_feed"),
    path("notifications/areas/new/", area_views.NewAreaView.as_view(), name="area_new"),
    path("notifications/areas/<uuid:token>/feed.atom", feeds.AreaFeed(), name="area_feed"),
]

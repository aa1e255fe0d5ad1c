from django.urls import path

from . import area_views, email_views, feeds, views

app_name = "notifications"

urlpatterns = [
    path("campaigns/<slug:slug>/feed.atom", feeds.CampaignFeed(), name="campaign_feed"),
    path("notifications/areas/new/", area_views.NewAreaView.as_view(), name="area_new"),
    path("notifications/areas/<uuid:token>/feed.atom", feeds.AreaFeed(), name="area_feed"),
    path("notifications/", views.CentreView.as_view(), name="centre"),
    path("notifications/following/", views.FollowingView.as_view(), name="following"),
    path("notifications/settings/", email_views.PreferencesView.as_view(), name="settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        email_views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path(
        "contributions/<int:annotation>/follow/",
        views.FollowView.as_view(),
        name="follow_annotation",
    ),
    path("campaigns/<slug:campaign>/follow/", views.FollowView.as_view(), name="follow_campaign"),
    path("notifications/areas/<int:pk>/stop/", views.AreaView.as_view(), name="area_stop"),
    path(
        "notifications/areas/<int:pk>/delete/",
        views.AreaView.as_view(deletes=True),
        name="area_delete",
    ),
]

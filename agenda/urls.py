from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.AgendaView.as_view(), name="list"),
    path("agenda.ics", views.agenda_ics, name="ics"),
    path("agenda/propose/", views.ProposeEventView.as_view(), name="propose"),
    path("agenda/proposals/", views.ProposalsView.as_view(), name="proposals"),
    path("agenda/<int:pk>/moderation/", views.EventModerationView.as_view(), name="moderate"),
    path("agenda/<int:pk>/", views.EventDetailView.as_view(), name="event"),
    path("agenda/<int:pk>.ics", views.event_ics, name="event-ics"),
    path("agenda/<int:pk>/registration/", views.RegistrationView.as_view(), name="registration"),
    path("agenda/<int:pk>/outcome/", views.MeetingOutcomeView.as_view(), name="outcome"),
    path("campaigns/<slug:slug>/agenda.ics", views.campaign_agenda_ics, name="campaign-ics"),
]

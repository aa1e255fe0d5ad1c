from .agenda import (
    AgendaView,
    EventDetailView,
    MeetingOutcomeView,
    RegistrationView,
    agenda_ics,
    campaign_agenda_ics,
    event_ics,
)
from .campaigns import CampaignDetailView, HomeView
from .dashboard import DashboardCSVView, DashboardView
from .timeline import TimelineView

__all__ = [
    "AgendaView",
    "CampaignDetailView",
    "DashboardCSVView",
    "DashboardView",
    "EventDetailView",
    "HomeView",
    "MeetingOutcomeView",
    "RegistrationView",
    "TimelineView",
    "agenda_ics",
    "campaign_agenda_ics",
    "event_ics",
]

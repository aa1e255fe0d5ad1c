from .campaigns import CampaignDetailView, HomeView
from .contribute import ContributeView
from .dashboard import DashboardCSVView, DashboardView
from .embed import campaign_embed

__all__ = [
    "CampaignDetailView",
    "ContributeView",
    "DashboardCSVView",
    "DashboardView",
    "HomeView",
    "campaign_embed",
]

from .campaigns import CampaignDetailView, HomeView
from .contribute import ContributeView
from .dashboard import DashboardCSVView, DashboardView

__all__ = ["CampaignDetailView", "ContributeView", "DashboardCSVView", "DashboardView", "HomeView"]

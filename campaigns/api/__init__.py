"""The campaigns app in the API: campaigns, their agenda and their timeline."""

from .agenda import EventViewSet
from .campaigns import CampaignViewSet
from .timeline import MilestoneViewSet

__all__ = ["CampaignViewSet", "EventViewSet", "MilestoneViewSet"]

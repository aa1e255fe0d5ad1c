"""A campaign, and the agenda and timeline modules that hang off it."""

from .agenda import Accessibility, Event, EventSlot, Registration
from .campaign import Campaign
from .meetings import MeetingOutcome
from .timeline import Era, Milestone

__all__ = [
    "Accessibility",
    "Campaign",
    "Era",
    "Event",
    "EventSlot",
    "MeetingOutcome",
    "Milestone",
    "Registration",
]

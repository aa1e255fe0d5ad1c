"""The agenda: events with their sessions and registrations, and what a meeting produced."""

from .events import Accessibility, Event, EventSlot, Registration
from .meetings import MeetingOutcome

__all__ = ["Accessibility", "Event", "EventSlot", "MeetingOutcome", "Registration"]

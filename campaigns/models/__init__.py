"""A campaign, and the agenda and timeline modules that hang off it."""

from .agenda import Event
from .campaign import Campaign
from .timeline import Milestone

__all__ = ["Campaign", "Event", "Milestone"]

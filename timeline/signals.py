"""What happens on the timeline, announced for the apps above (notifications).

Sent inside the transaction that writes the change; receivers get keyword arguments only.
"""

from django.dispatch import Signal

# A milestone was added to a campaign's timeline (milestones are public once saved):
# `milestone`, `by` (the staff who added it, or None).
milestone_published = Signal()

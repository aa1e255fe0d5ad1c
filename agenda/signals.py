"""What happens in the agenda, announced for the apps above (notifications).

Each is sent inside the transaction that writes the change. Receivers get keyword
arguments only.
"""

from django.dispatch import Signal

# An event the public can see from now on: saved published (staff), or a resident's
# proposal published by a moderator. `event`, `by` (its author, `Event.author`, or None).
event_published = Signal()
# A published event's date, place or sessions changed: `event`, `changed` (field names,
# "sessions" for its sessions).
event_changed = Signal()
# A published event's status became "cancelled": `event`.
event_cancelled = Signal()
# `registration` was made (a place, or a turn on the waiting list: `is_waiting`).
registered = Signal()
# A place was freed for each of `registrations` (they were waiting): `event`, `by` (who
# freed it, or None).
places_freed = Signal()

"""What happens to contributions, comments and votes, announced for the apps above
(notifications) without this app knowing them.

Each is sent inside the transaction that writes the change, so a receiver's own writes
commit with it or not at all. Receivers get keyword arguments only.
"""

from django.dispatch import Signal

# A contribution the public can see from now on: saved published, or published by a
# moderator out of pre-moderation. `annotation`, `by` (who wrote or published it).
contribution_published = Signal()
# The city's official answer: `annotation`, `by`, `previous_status`, `previous_response`.
contribution_answered = Signal()
# A moderator hid a contribution (or refused it out of pre-moderation) or showed it again:
# `annotation`, `by`, `reason`.
contribution_hidden = Signal()
contribution_restored = Signal()
# A comment on a contribution the public can see from now on: `comment`, `by`.
comment_published = Signal()
# `user` voted on `annotation` (cast or changed).
vote_cast = Signal()

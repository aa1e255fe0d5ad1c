"""Who may do what with notifications (django-rules)."""

import rules

from accounts.throttling import may_participate

# Drawing an alert area sends nothing to anyone, but it is taking part all the same: an
# account whose address is unconfirmed could never be told of what happens there.
rules.add_perm("notifications.draw_area", rules.predicate(may_participate))

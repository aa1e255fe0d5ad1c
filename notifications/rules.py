"""Who may do what with notifications (django-rules)."""

import rules


@rules.predicate
def has_confirmed_email(user):
    return user.email_confirmed


# Drawing an alert area sends nothing to anyone, but it is taking part all the same: an
# account whose address is unconfirmed could never be told of what happens there.
rules.add_perm("notifications.draw_area", rules.is_authenticated & has_confirmed_email)

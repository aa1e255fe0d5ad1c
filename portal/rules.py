"""Who may do what on the campaign pages, declared once for views and templates."""

import rules

# Figures for the people who run campaigns; moderators have their own queue.
rules.add_perm("portal.view_dashboard", rules.is_staff)

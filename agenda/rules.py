"""Who may do what in the agenda, declared once for pages, the API and templates."""

import rules


@rules.predicate
def is_facilitator(user, event):
    return (
        event is not None and event.facilitator_id is not None and event.facilitator_id == user.pk
    )


rules.add_perm("agenda.record_meeting_outcome", rules.is_staff | is_facilitator)
rules.add_perm("agenda.view_registrations", rules.is_staff | is_facilitator)

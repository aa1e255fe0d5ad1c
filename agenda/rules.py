"""Who may do what in the agenda, declared once for pages, the API and templates."""

import rules

from .models.events import moderates_agenda


@rules.predicate
def is_facilitator(user, event):
    return (
        event is not None and event.facilitator_id is not None and event.facilitator_id == user.pk
    )


rules.add_perm("agenda.record_meeting_outcome", rules.is_staff | is_facilitator)
rules.add_perm("agenda.view_registrations", rules.is_staff | is_facilitator)

is_agenda_moderator = rules.predicate(moderates_agenda, name="is_agenda_moderator")

# Object: the event proposed (or None for the list of proposals).
rules.add_perm("agenda.propose_event", rules.is_authenticated)
rules.add_perm("agenda.moderate_event", is_agenda_moderator)

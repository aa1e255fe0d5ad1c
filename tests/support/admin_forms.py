"""What the admin's add-event form posts, for tests that add events as staff do."""

from django.urls import reverse

ADD_EVENT = reverse("admin:agenda_event_add")


def event_form(**overrides):
    """A valid event with no inline rows (sessions, registrations, outcome, contributions);
    `overrides` replace or add fields. Unpublished unless `is_published="on"` is given."""
    data = {
        "title": "Atelier",
        "starts_at_0": "2030-03-14",
        "starts_at_1": "18:00",
        "ends_at_0": "2030-03-14",
        "ends_at_1": "20:00",
        "attendance_mode": "in_person",
        "status": "scheduled",
        "location": "",
    }
    for inline in ("slots", "registrations", "outcome", "annotations"):
        data |= {
            f"{inline}-TOTAL_FORMS": "0",
            f"{inline}-INITIAL_FORMS": "0",
            f"{inline}-MIN_NUM_FORMS": "0",
            f"{inline}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides

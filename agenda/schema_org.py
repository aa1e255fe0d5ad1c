"""schema.org Event data for an event page (JSON-LD), so search engines and apps read it."""

SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "full": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}
SCHEMA_ATTENDANCE = {
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def place(event):
    physical = {"@type": "Place", "name": event.place_name or event.title}
    if event.address:
        physical["address"] = event.address
    if event.location:
        physical["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": event.location.y,
            "longitude": event.location.x,
        }
    return physical


def event_data(event, request):
    """The schema.org Event of `event` as a dict, ready for Django's json_script."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": SCHEMA_STATUS[event.status],
        "eventAttendanceMode": SCHEMA_ATTENDANCE[event.attendance_mode],
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "description": event.summary or event.description,
        "organizer": {
            "@type": "Organization",
            "name": (event.campaign and event.campaign.department) or request.get_host(),
        },
    }
    locations = []
    if event.is_in_person:
        locations.append(place(event))
    if event.is_online and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.image_url:
        data["image"] = [event.image_url]
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    sessions = event.sessions()
    if len(sessions) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": event.title,
                "startDate": begins.isoformat(),
                "endDate": ends.isoformat(),
            }
            for begins, ends in sessions
        ]
    return data

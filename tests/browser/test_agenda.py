"""Headless Chromium on the demo's agenda, an event page and a collective contribution."""

import pytest
from django.urls import reverse

from agenda.models import Event
from tests.support.browser_maps import popup_texts, wait_until_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agenda_maps_upcoming_events_and_lists_them(page, live_server, demo):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + reverse("agenda:list"))
    markers = page.locator("#agenda-map .leaflet-marker-icon")
    markers.first.wait_for()

    upcoming = Event.objects.upcoming().exclude(location=None)
    assert markers.count() == upcoming.count()
    # Every marker's image loads (a broken one shows only its alt text).
    page.wait_for_function(
        """() => [...document.querySelectorAll("#agenda-map .leaflet-marker-icon")]
            .every(icon => icon.complete && icon.naturalWidth > 0)"""
    )
    list_titles = page.locator(".event-card h3").all_inner_texts()
    assert set(Event.objects.values_list("title", flat=True)) == set(list_titles)
    # Dispatched rather than clicked: the marker may still be moving while the map zooms.
    markers.first.dispatch_event("click")
    popup_link = page.locator(".leaflet-popup-content a")
    assert popup_link.inner_text() in set(upcoming.values_list("title", flat=True))
    # Followed rather than clicked: the popup pans the map and may still be moving.
    page.goto(live_server.url + popup_link.get_attribute("href"))
    assert page.locator("h2", has_text="Quand").is_visible()
    assert errors == []


def test_a_collective_contribution_shows_its_group_and_headcount(page, live_server, demo):
    page.goto(live_server.url + reverse("portal:campaign", args=["quartier-du-parc"]))
    wait_until_settled(page, "#campaign-map")

    popups = popup_texts(page, "#campaign-map .leaflet-overlay-pane path.leaflet-interactive")
    garden = next(text for text in popups if text.startswith("Un jardin partagé"))
    assert (
        "Au nom de Amicale des locataires du Parc, participants\N{NARROW NO-BREAK SPACE}: 23"
        in garden
    )


def test_on_a_phone_a_resident_registers_with_the_keyboard(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    workshop = Event.objects.get(title="Atelier « Place centrale »")
    page.goto(live_server.url + reverse("login") + "?next=" + workshop.get_absolute_url())
    page.fill("#id_username", "resident")
    page.fill("#id_password", "demo-resident-2026")
    page.press("#id_password", "Enter")
    page.wait_for_url("**" + workshop.get_absolute_url())

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="S'inscrire").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Vous êtes inscrit." in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Libérer ma place").is_visible()
    assert workshop.registrations.filter(user__username="resident").exists()
    for url in (reverse("agenda:list"), workshop.campaign.get_absolute_url()):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url

"""Headless Chromium on the demo's agenda, an event page and a collective contribution, and
the agenda map's dates written as the server writes them."""

import zoneinfo
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from agenda.models import Event
from tests.support.browser_maps import popup_texts, wait_until_settled
from tests.support.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agenda_maps_upcoming_events_and_lists_them(page, live_server, demo):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + reverse("agenda:list"))
    markers = page.locator("#agenda-map .leaflet-marker-icon")
    markers.first.wait_for()

    upcoming = Event.objects.upcoming().exclude(location=None)
    expect(markers).to_have_count(upcoming.count())
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


# French hours as the site writes them, with no-break spaces around the "h".
HOURS = "18 h 30 \N{EN DASH} 20 h 30".replace(" h ", "\N{NO-BREAK SPACE}h\N{NO-BREAK SPACE}")


@pytest.mark.parametrize(
    ("language", "written"),
    [("fr", "1er %s, " + HOURS), ("en", "%s, 6:30 p.m. \N{EN DASH} 8:30 p.m.")],
)
def test_the_map_popup_writes_an_events_dates_as_the_list_does(
    page, live_server, language, written
):
    today = timezone.localdate()
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    EventFactory(
        title="Réunion du premier",
        starts_at=datetime.combine(first, time(18, 30), paris),
        ends_at=datetime.combine(first, time(20, 30), paris),
    )
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    page.goto(live_server.url + reverse("agenda:list"))
    marker = page.locator("#agenda-map .leaflet-marker-icon")
    marker.wait_for()
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content").inner_text()
    listed = page.locator(".event-card time").inner_text()

    with translation.override(language):
        day = formats.date_format(first, "F Y" if language == "fr" else "N j, Y")
    assert popup.splitlines()[1] == written % day
    # Word for word what the server writes in the list beside the map.
    assert popup.splitlines()[1] == listed


# Resolves once the open popup has kept its place for 10 frames: the map has done panning.
POPUP_STILL = """() => new Promise(resolve => {
    let last = "", still = 0;
    (function look() {
        const popup = document.querySelector(".leaflet-popup");
        const box = JSON.stringify(popup.getBoundingClientRect());
        still = box === last ? still + 1 : 0;
        last = box;
        if (still >= 10) resolve(); else requestAnimationFrame(look);
    })();
})"""


def test_on_a_phone_an_events_popup_lies_inside_the_map_beside_its_buttons(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("agenda:list"))
    markers = page.locator("#agenda-map .leaflet-marker-icon")
    markers.first.wait_for()
    for index in range(markers.count()):
        markers.nth(index).dispatch_event("click")
        page.evaluate(POPUP_STILL)
        popup = page.locator(".leaflet-popup").bounding_box()
        map_box = page.locator("#agenda-map").bounding_box()
        zoom = page.locator("#agenda-map .leaflet-control-zoom").bounding_box()
        # Nothing of the popup is cut off by the map's edges...
        assert map_box["x"] <= popup["x"]
        assert popup["x"] + popup["width"] <= map_box["x"] + map_box["width"]
        assert map_box["y"] <= popup["y"]
        # ...nor lies under the zoom buttons.
        assert popup["x"] >= zoom["x"] + zoom["width"] or popup["y"] >= zoom["y"] + zoom["height"]
        page.keyboard.press("Escape")

"""In headless Chromium, on a phone: a photo's GPS position placed as the pin, the hint of
a contribution already made close by with its one-tap support, the contribution page with
its photos, and a filtered agenda; each looked at in a screenshot."""

import math
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation, Vote
from tests.support.browser import TEST_RESULTS, log_in
from tests.support.browser_maps import wait_until_settled
from tests.support.factories import (
    INSIDE,
    AnnotationFactory,
    CampaignFactory,
    ContributionLayerFactory,
    EventFactory,
)
from tests.support.photos import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = TEST_RESULTS / "screenshots"
PHONE = {"width": 360, "height": 780}


def east_of(point, metres):
    degrees = metres / (111_320 * math.cos(math.radians(point.y)))
    return Point(point.x + degrees, point.y, srid=4326)


def test_on_a_phone_a_photo_places_the_pin_and_a_nearby_contribution_is_supported_instead(
    page, live_server, resident, tmp_path
):
    campaign = CampaignFactory(title="Quartier du Parc")
    layer = ContributionLayerFactory(campaign=campaign, name="Signalements")
    pothole = AnnotationFactory(
        layer=layer, geometry=east_of(INSIDE, 25), title="Nid-de-poule devant l'école"
    )
    photo = tmp_path / "trottoir.jpg"
    photo.write_bytes(photo_bytes(size=(1200, 900)))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, resident, campaign.get_absolute_url())
    wait_until_settled(page, "#campaign-map")

    page.set_input_files("#id_photos-0-image", str(photo))
    offer = page.locator("#photo-position")
    offer.get_by_role("button", name="Placer le repère là où la photo a été prise").click()
    page.wait_for_function("() => document.getElementById('id_geometry').value !== ''")
    page.fill("#id_title", "Trottoir défoncé")
    hint = page.locator("#similar-contributions")
    hint.wait_for(state="visible")
    assert hint.locator("li").count() == 1
    assert "Nid-de-poule devant l'école" in hint.inner_text()
    assert "à 25\u00a0m" in hint.inner_text()
    hint.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "duplicate-hint-360.png")
    page.locator("#photo-fields").screenshot(path=SCREENSHOTS / "photo-fields-360.png")

    hint.get_by_role("button", name="Soutenir celle-ci plutôt").click()
    page.wait_for_function(
        "() => document.querySelector('.similar-status').textContent.includes('compté')"
    )
    assert Vote.objects.filter(annotation=pothole, user=resident, value=1).exists()

    # The resident sends theirs anyway, with the photo: it is stored without its metadata.
    page.select_option("#id_category", "issue")
    page.fill("#id_photos-0-alt_text", "Dalles de trottoir soulevées")
    page.click("#contribute-form button[type=submit]")
    page.wait_for_url("**?annotation=*")
    mine = Annotation.objects.get(title="Trottoir défoncé")
    assert mine.geometry.distance(INSIDE) < 1e-4
    assert mine.photos.get().alt_text == "Dalles de trottoir soulevées"
    # Its thumbnail is in the list beside the map.
    page.wait_for_selector(
        '#contribution-list img.contribution-thumbnail[alt="Dalles de trottoir soulevées"]'
    )
    page.locator("#contribution-list").screenshot(path=SCREENSHOTS / "contribution-list-360.png")

    page.goto(live_server.url + mine.get_absolute_url())
    thumbnail = page.get_by_role("img", name="Dalles de trottoir soulevées")
    thumbnail.wait_for()
    assert page.evaluate(
        "() => [...document.querySelectorAll('.photos img')].every(i => i.naturalWidth > 0)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SCREENSHOTS / "contribution-photos-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SCREENSHOTS / "contribution-photos-1280.png", full_page=True)
    assert errors == []


def test_on_a_phone_the_filtered_agenda_keeps_its_filters_in_its_address(page, live_server):
    parks = CampaignFactory(title="Parcs et jardins", slug="parcs")
    soon = timezone.now() + timedelta(days=2)
    EventFactory(
        title="Atelier vélo accessible",
        campaign=parks,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        place_name="Maison des associations",
        accessibility=["wheelchair"],
        summary="Réparer son vélo ensemble.",
    )
    EventFactory(
        title="Atelier vélo à l'étage",
        campaign=parks,
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
    )
    EventFactory(title="Balade des parcs", campaign=parks, accessibility=["wheelchair"])
    page.set_viewport_size(PHONE)

    query = "?q=v%C3%A9lo&accessibility=wheelchair&campaign=parcs"
    page.goto(live_server.url + reverse("agenda:list") + query)

    listed = page.locator(".list-panel .event-card h3").all_inner_texts()
    assert listed == ["Atelier vélo accessible"]
    assert page.input_value("#id_q") == "vélo"
    assert page.locator("#id_accessibility_0").is_checked()
    subscribe = page.get_by_role("link", name="S\u2019abonner à cet agenda filtré (iCalendar)")
    assert subscribe.get_attribute("href") == "/agenda.ics" + query
    page.screenshot(path=SCREENSHOTS / "agenda-filtered-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SCREENSHOTS / "agenda-filtered-1280.png", full_page=True)


def test_on_a_phone_a_resident_proposes_an_event_placed_on_the_map(page, live_server, resident):
    CampaignFactory(title="Quartier du Parc")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, resident, reverse("agenda:propose"))
    page.wait_for_selector("#proposal-map.leaflet-container")
    page.fill("#id_title", "Nettoyage des berges")
    page.fill("#id_organiser_name", "Les Amis de la Seine")
    page.locator("#proposal-map").click()  # in its middle, scrolled into view
    assert page.input_value("#id_latitude") != ""
    assert page.inner_text("#place-status").startswith("Placé en ")
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    page.fill("#id_sessions-0-starts_at", f"{day}T10:00")
    page.fill("#id_sessions-0-ends_at", f"{day}T09:00")  # ends before it begins
    page.click("form.propose-event button[type=submit]")

    assert "Cette séance finit avant de commencer." in page.inner_text(".sessions")
    assert page.input_value("#id_title") == "Nettoyage des berges"
    page.screenshot(path=SCREENSHOTS / "propose-event-error-360.png", full_page=True)
    page.fill("#id_sessions-0-ends_at", f"{day}T12:00")
    page.click("form.propose-event button[type=submit]")
    page.wait_for_selector(".badge-waiting")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []

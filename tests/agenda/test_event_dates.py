"""Dates as French typography writes them on the agenda's pages: "1er", "18 h 30", and a
range within one day that names the day once; the registration button near the top."""

from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.support.factories import EventFactory, EventSlotFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NBSP = "\N{NO-BREAK SPACE}"
DASH = "\N{EN DASH}"


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


def page_text(client, event, language="fr"):
    response = client.get(reverse("agenda:event", args=[event.pk]), HTTP_ACCEPT_LANGUAGE=language)
    return unescape(response.content.decode())


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load dates %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "starts", "ends", "expected"),
    [
        (
            "fr",
            at(7, 18, 30),
            at(7, 20, 30),
            f"7 décembre 2026, 18{NBSP}h{NBSP}30 {DASH} 20{NBSP}h{NBSP}30",
        ),
        (
            "fr",
            at(1, 18, 30),
            at(2, 9),
            f"1er décembre 2026, 18{NBSP}h{NBSP}30 {DASH} 2 décembre 2026, 09{NBSP}h{NBSP}00",
        ),
        ("en", at(7, 18, 30), at(7, 20, 30), f"Dec. 7, 2026, 6:30 p.m. {DASH} 8:30 p.m."),
    ],
)
def test_a_range_names_its_day_once_when_it_fits_in_one(language, starts, ends, expected):
    assert render("{% date_range starts ends %}", language, starts=starts, ends=ends) == expected


def test_the_first_of_the_month_is_1er_in_french_only():
    first = date(2026, 10, 1)

    assert render("{{ day|long_date }}", "fr", day=first) == "1er octobre 2026"
    assert render("{{ day|long_date }}", "fr", day=date(2026, 10, 11)) == "11 octobre 2026"
    assert render("{{ day|long_date }}", "en", day=first) == "Oct. 1, 2026"


def test_the_event_page_writes_each_session_as_a_french_range(client):
    event = EventFactory(title="Atelier", starts_at=at(7, 18, 30), ends_at=at(14, 20, 30))
    EventSlotFactory(event=event, starts_at=at(7, 18, 30), ends_at=at(7, 20, 30))
    EventSlotFactory(event=event, starts_at=at(14, 18, 30), ends_at=at(14, 20, 30))

    text = page_text(client, event)

    assert f"7 décembre 2026, 18{NBSP}h{NBSP}30 {DASH} 20{NBSP}h{NBSP}30" in text
    assert f"14 décembre 2026, 18{NBSP}h{NBSP}30 {DASH} 20{NBSP}h{NBSP}30" in text
    assert "7 décembre 2026 18:30" not in text


def test_registration_comes_before_the_details_as_a_button(client, resident):
    event = EventFactory(title="Atelier", starts_at=at(7, 18, 30), ends_at=at(7, 20, 30))
    client.force_login(resident)

    text = page_text(client, event)

    register = text.index('<button type="submit" name="action" value="register">S\'inscrire')
    assert register < text.index("<h2>Quand</h2>") < text.index("<h2>Où</h2>")


def test_a_visitor_is_offered_to_log_in_to_register_near_the_top(client):
    event = EventFactory(title="Atelier", starts_at=at(7, 18, 30), ends_at=at(7, 20, 30))

    text = page_text(client, event)

    log_in = text.index('<a class="button" href="/accounts/login/?next=')
    assert log_in < text.index("<h2>Quand</h2>")

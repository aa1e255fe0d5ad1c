"""axe-core (from npm) checks every page a visitor, a resident and staff open, in Chromium.

Labels, names, roles, contrast, headings: what a screen reader or a person with
low vision meets first. A page passes with no violation at all, minor included.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from annotations.models import Annotation
from notifications.models import AlertArea, Follow, Notification
from tests.support.browser import log_in
from tests.support.factories import StaffFactory, UserFactory
from tests.support.queue import run_queued_fan_outs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# TimelineJS draws its own widget, pale navigation and all; the page lists the same
# milestones beside it as plain text, which is checked.
NOT_OURS = [["#timeline"]]


def violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # The list beside the campaign map dims while it reloads.
    page.wait_for_selector("[aria-busy=true]", state="detached")
    # Evaluated by Playwright rather than added as an inline <script>, which the page's
    # Content-Security-Policy blocks, as it should.
    page.evaluate(AXE.read_text())
    found = page.evaluate("exclude => axe.run({exclude}, {resultTypes: ['violations']})", NOT_OURS)[
        "violations"
    ]
    return [
        {"rule": v["id"], "impact": v["impact"], "where": [n["target"] for n in v["nodes"]]}
        for v in found
    ]


def pages_of(campaign, *names):
    contribution = Annotation.objects.filter(layer__campaign=campaign).visible().first()
    urls = {
        "home": reverse("portal:home"),
        "campaign": campaign.get_absolute_url(),
        "contribution": contribution.get_absolute_url(),
        "timeline": reverse("timeline:campaign", args=[campaign.slug]),
        "agenda": reverse("agenda:list"),
        "sign up": reverse("signup"),
        "log in": reverse("login"),
        "my contributions": reverse("my-contributions"),
        "my account": reverse("account"),
        "delete my account": reverse("delete-account"),
        "privacy": reverse("privacy"),
        "moderation": reverse("annotations:moderation"),
        "dashboard": reverse("portal:dashboard", args=[campaign.slug]),
        "embed": reverse("portal:campaign-embed", args=[campaign.slug]),
        "event": campaign.events.first().get_absolute_url(),
        "legal notice": reverse("sitepages:page", args=["legal-notice"]),
        "accessibility statement": reverse("sitepages:page", args=["accessibility"]),
        "contact": reverse("sitepages:page", args=["contact"]),
        "open data": reverse("ogc:landing") + "?f=html",
        "collections": reverse("ogc:collections") + "?f=html",
        "features": reverse("ogc:items", args=[f"layer-{contribution.layer_id}"]) + "?f=html",
        "draw an area": reverse("notifications:area_new") + f"?campaign={campaign.slug}",
        "following": reverse("notifications:following"),
        "notifications": reverse("notifications:centre"),
        "e-mail settings": reverse("notifications:settings"),
    }
    return [urls[name] for name in names]


def assert_accessible(page, live_server, urls):
    found = {url: violations(page, live_server.url + url) for url in urls}
    assert {url: v for url, v in found.items() if v} == {}, json.dumps(found, indent=1)


def test_pages_a_visitor_opens_have_no_accessibility_violation(page, live_server, demo):
    urls = pages_of(
        demo,
        "home",
        "campaign",
        "contribution",
        "timeline",
        "agenda",
        "sign up",
        "log in",
        "privacy",
    )
    assert_accessible(page, live_server, urls)


def test_the_sites_own_pages_and_open_data_have_no_accessibility_violation(page, live_server, demo):
    urls = pages_of(
        demo,
        "event",
        "embed",
        "legal notice",
        "accessibility statement",
        "contact",
        "open data",
        "collections",
        "features",
    )
    assert_accessible(page, live_server, urls)


def test_pages_a_resident_opens_have_no_accessibility_violation(page, live_server, demo):
    log_in(page, live_server, UserFactory(), reverse("portal:home"))
    urls = pages_of(
        demo,
        "campaign",
        "contribution",
        "my contributions",
        "my account",
        "delete my account",
        "draw an area",
        "e-mail settings",
    )
    assert_accessible(page, live_server, urls)


def test_a_residents_notifications_and_follows_have_no_accessibility_violation(
    page, live_server, demo
):
    resident = UserFactory()
    Follow.objects.create(user=resident, campaign=demo)
    AlertArea.objects.create(user=resident, name="Home", geometry=demo.perimeter.envelope)
    run_queued_fan_outs()
    assert Notification.objects.filter(recipient=resident).exists()
    log_in(page, live_server, resident, reverse("portal:home"))
    # The follows page first, its header counting the unread; then the centre.
    assert_accessible(page, live_server, pages_of(demo, "following", "notifications"))


def test_pages_staff_open_have_no_accessibility_violation(page, live_server, demo):
    log_in(page, live_server, StaffFactory(is_moderator=True), reverse("portal:home"))
    urls = pages_of(demo, "contribution", "moderation", "dashboard")
    assert_accessible(page, live_server, urls)


def test_the_staff_menu_on_a_phone_has_no_accessibility_violation(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, StaffFactory(is_moderator=True), reverse("portal:home"))
    page.get_by_role("button", name="Menu").click()
    page.evaluate(AXE.read_text())

    found = page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]

    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []

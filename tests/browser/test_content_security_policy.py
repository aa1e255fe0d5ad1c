"""Under the Content-Security-Policy, the main pages, the admin and the API docs still work in
Chromium, and the browser reports no violation; staff's layer names reach Leaflet as text."""

import pytest
from django.urls import reverse

from annotations.models import Annotation
from layers.models import Layer
from tests.support.browser import log_in
from tests.support.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each violation the page reports, kept where the test can read it (init scripts run before
# the page's own and are not subject to its policy).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def open_and_check(page, url, ready):
    """Open `url`, wait for `ready` (a selector that shows the page's script ran), and
    return what the browser blocked."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    page.wait_for_selector(ready, state="attached")
    page.wait_for_load_state("networkidle")
    blocked = page.evaluate("window.cspViolations")
    return blocked + [text for text in console if "Content Security Policy" in text]


def test_the_pages_run_their_scripts_with_no_violation(page, live_server, demo):
    page.add_init_script(RECORD_VIOLATIONS)
    contribution = Annotation.objects.filter(layer__campaign=demo).visible().first()
    log_in(page, live_server, StaffFactory(is_moderator=True), reverse("portal:home"))
    pages = {
        reverse("portal:home"): ".leaflet-marker-icon, .leaflet-interactive",
        demo.get_absolute_url(): "#campaign-map[data-ready=true]",
        contribution.get_absolute_url(): "#annotation-map .leaflet-interactive",
        reverse("agenda:list"): "#agenda-map.leaflet-container",
        reverse("timeline:campaign", args=[demo.slug]): ".tl-slide .tl-headline",
        reverse("portal:dashboard", args=[demo.slug]): "#dashboard-map.leaflet-container",
        reverse("annotations:moderation"): "main",
        reverse("admin:annotations_annotation_change", args=[contribution.pk]): (
            ".leaflet-container"
        ),
        reverse("api-docs"): ".swagger-ui .info .title",
    }
    found = {
        url: open_and_check(page, live_server.url + url, ready) for url, ready in pages.items()
    }
    assert {url: v for url, v in found.items() if v} == {}


def test_a_layer_name_and_attribution_show_as_text_on_the_map(page, live_server, demo):
    page.add_init_script(RECORD_VIOLATIONS)
    layer = Layer.objects.filter(campaign=demo).first()
    layer.name = '<img src=x id="injected-name">Parcs'
    layer.attribution = '<b id="injected-attribution">IGN</b>'
    layer.save()

    page.goto(live_server.url + demo.get_absolute_url())
    page.wait_for_selector("#campaign-map[data-ready=true]")

    assert page.locator("#injected-name, #injected-attribution").count() == 0
    control = page.locator(".leaflet-control-layers").inner_text()
    assert '<img src=x id="injected-name">Parcs' in control
    assert "<b" in page.locator(".leaflet-control-attribution").inner_text()

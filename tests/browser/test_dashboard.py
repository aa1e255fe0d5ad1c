"""Staff open a campaign's dashboard in headless Chromium: the heat map is drawn, the chart
and its table are there, and the page fits a phone; screenshots at both widths."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.gis.db.models import MultiPointField
from django.db.models import F, Func
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from campaigns.models import Campaign
from tests.support.browser import TEST_RESULTS, log_in
from tests.support.factories import AnnotationFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = TEST_RESULTS / "screenshots"
HEATMAP = "#dashboard-map canvas.leaflet-heatmap-layer"
# Whether any pixel of the heat map's canvas is painted.
PAINTED = """selector => {
    const canvas = document.querySelector(selector);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    return pixels.some((value, index) => index % 4 === 3 && value > 0);
}"""

# What sticks out past the right edge of a phone's screen, to name it when a test fails.
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(element => !element.parentElement.closest(".table-scroll, .leaflet-container"))
    .map(element => element.tagName + "#" + element.id + "." + element.className)"""


@pytest.fixture
def busy_demo_campaign(demo):
    """The demo campaign with two dozen more contributions spread over its perimeter and days."""
    campaign = demo
    layer = campaign.layers.filter(kind="contribution").first()
    places = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            places=Func(
                F("perimeter"), 24, 7, function="ST_GeneratePoints", output_field=MultiPointField()
            )
        )
        .get()
        .places
    )
    for index, place in enumerate(places):
        contribution = AnnotationFactory(layer=layer, geometry=place, title=f"Idée {index}")
        day = max(campaign.start_date, timezone.localdate() - timedelta(days=index % 9))
        moment = timezone.make_aware(datetime.combine(day, time(10)))
        Annotation.objects.filter(pk=contribution.pk).update(created_at=moment)
    return campaign


def test_staff_open_the_dashboard_with_its_heat_map_chart_and_tables(
    page, live_server, busy_demo_campaign
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    staff = StaffFactory()
    url = reverse("portal:dashboard", args=[busy_demo_campaign.slug])

    log_in(page, live_server, staff, url)

    page.wait_for_selector("#dashboard-map[data-ready]")
    page.wait_for_selector(HEATMAP, state="attached")
    page.wait_for_function(PAINTED, arg=HEATMAP)
    assert errors == []
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tableau de bord")
    chart = page.locator("#over-time-chart")
    assert "Contributions par jour" in chart.locator("figcaption").inner_text()
    assert chart.locator("li").count() >= 9
    # The chart's table opens from the keyboard.
    table = page.locator("#over-time-table")
    assert not table.is_visible()
    page.locator("summary").focus()
    page.keyboard.press("Enter")
    assert table.is_visible()
    counted = Annotation.objects.filter(layer__campaign=busy_demo_campaign).visible().count()
    figures = [int(text) for text in table.locator("tbody td").all_inner_texts()]
    assert sum(figures) == counted
    for table_id in ("by-category", "by-status", "participants", "by-layer"):
        assert page.locator(f"#{table_id}").is_visible(), table_id

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.wait_for_function(PAINTED, arg=HEATMAP)
    page.screenshot(path=SCREENSHOTS / "dashboard-360.png", full_page=True)
    wider = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wider
    assert errors == []

"""A resident on a phone debates the demo's fibre charter: comments an article, abstains,
proposes an amendment; the article and results pages pass axe-core, without sideways scroll."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from annotations.models import Comment
from consultations.models import Amendment, Consultation, Vote
from tests.browser.test_accessibility import assert_accessible
from tests.support.browser import log_in
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/geoconsult-screenshots"))
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def charter():
    return Consultation.objects.get(slug="charte-de-la-fibre-pour-tous")


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_resident_on_a_phone_comments_abstains_and_amends(page, live_server, demo):
    page.set_viewport_size(PHONE)
    article = charter().articles.get(number=3)
    resident = UserFactory()
    log_in(page, live_server, resident, article.get_absolute_url())
    assert no_sideways_scroll(page)

    # The page speaks French (the browser's language): found by their fields, not their words.
    page.fill("#comment-form-body", "Six mois, c'est court pour un syndic.")
    page.locator("form.comment-form button[type=submit]").last.click()
    page.wait_for_url(f"**{article.get_absolute_url()}#comment-*")
    assert page.get_by_text("Six mois, c'est court pour un syndic.").is_visible()

    abstain = page.locator('form.votes button[value="0"]')
    abstain.click()
    page.wait_for_url(f"**{article.get_absolute_url()}#votes")
    assert abstain.get_attribute("aria-pressed") == "true"

    page.locator("details.propose summary").click()
    page.fill(
        "#amendment-body",
        "Le syndic est informé un an avant le déploiement de sa zone. Le raccordement des "
        "parties communes est gratuit pour les copropriétés.",
    )
    page.locator("details.propose button[type=submit]").click()
    page.wait_for_url("**/amendments/*/")
    assert page.locator(".diff ins").first.inner_text() == "un an"
    assert no_sideways_scroll(page)

    assert Comment.objects.filter(article=article, author=resident).count() == 1
    assert Vote.objects.get(article=article, user=resident).value == Vote.Value.ABSTAIN
    assert Amendment.objects.filter(article=article, author=resident).count() == 1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_article_and_results_pages_are_accessible_and_fit(page, live_server, demo, viewport):
    page.set_viewport_size(viewport)
    consultation = charter()
    article = consultation.articles.get(number=4)
    results = reverse("consultations:results", args=[consultation.slug])
    pages = {
        "text": consultation.get_absolute_url(),
        "article": article.get_absolute_url(),
        "amendment": article.amendments.get().get_absolute_url(),
        "results": results,
    }
    assert_accessible(page, live_server, pages.values())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = viewport["width"]
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert no_sideways_scroll(page), url
        page.screenshot(path=SCREENSHOTS / f"consultation-{name}-{width}.png", full_page=True)


def test_a_rollout_zone_popup_links_back_to_the_article_naming_it(page, live_server, demo):
    article = charter().articles.get(number=4)
    zone = article.features.get()
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.wait_for_selector("#article-map[data-ready=true]")
    page.locator(".places a").click()
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.locator(".leaflet-popup-content")
    assert zone.label in popup.inner_text()
    popup.get_by_role("link", name="Charte de la fibre pour tous", exact=False).click()
    page.wait_for_url(f"**{article.get_absolute_url()}")

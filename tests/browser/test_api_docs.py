"""The API's interactive documentation speaks the site's language, Swagger UI's own
buttons and headings included."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_amendments_list(page, live_server):
    """Opens GET /api/amendments/."""
    page.goto(live_server.url + reverse("api-docs"))
    page.locator("#operations-amendments-amendments_list .opblock-summary-control").click()
    page.locator(".try-out__btn").first.wait_for()
    return page.locator("#swagger-ui")


def required_mark(page):
    """The word Swagger UI's stylesheet writes after a required parameter's name."""
    page.locator("#operations-annotations-annotations_vote_update .opblock-summary-control").click()
    page.locator(".parameter__name.required").first.wait_for()
    return page.evaluate(
        "() => getComputedStyle(document.querySelector('.parameter__name.required'), '::after')"
        ".content"
    )


def opened_description(page):
    return page.locator(".opblock.is-open .opblock-description-wrapper").first.inner_text()


def test_on_a_french_page_swagger_ui_speaks_french(page, live_server):
    docs = open_amendments_list(page, live_server)

    text = docs.inner_text()
    assert "Essayer" in text and "Try it out" not in text
    assert {"Paramètres", "Réponses", "Autoriser"} <= set(text.splitlines())
    assert page.locator("html").get_attribute("lang") == "fr"
    assert opened_description(page).startswith(
        "Les amendements aux articles des consultations que vous pouvez voir, du plus "
        "ancien au plus récent, une page à la fois\N{NARROW NO-BREAK SPACE};"
    )

    page.get_by_role("button", name="Essayer").first.click()
    assert page.get_by_role("button", name="Exécuter").first.is_visible()
    assert page.get_by_role("button", name="Annuler").first.is_visible()
    page.get_by_role("button", name="Autoriser").first.click()
    dialog = page.locator(".auth-container").first
    assert "Valeur\N{NARROW NO-BREAK SPACE}:" in dialog.inner_text()
    token = page.locator(".auth-container", has_text="tokenAuth")
    assert "Authentification par jeton, préfixe" in token.inner_text()
    page.get_by_role("button", name="Fermer").first.click()
    assert required_mark(page) == '"obligatoire"'
    assert "Value:" not in docs.inner_text()


def test_on_an_english_page_swagger_ui_keeps_its_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    docs = open_amendments_list(page, live_server)

    text = docs.inner_text()
    assert "Try it out" in text and "Essayer" not in text
    assert {"Parameters", "Example Value"} <= set(text.splitlines())
    assert page.locator("html").get_attribute("lang") == "en"
    assert opened_description(page).startswith(
        "Amendments to the articles of the consultations you may see, oldest first, "
        "a page at a time;"
    )
    assert required_mark(page) == '"required"'

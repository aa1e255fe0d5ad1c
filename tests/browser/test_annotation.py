"""Headless Chromium on a contribution's page: voting live, replying to a comment, and
staff's answer reaching a resident."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

from annotations.models import Annotation, Comment, Vote
from tests.support.browser import log_in, offline_page
from tests.support.factories import AnnotationFactory, CommentFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_french(text):
    """What the pages show, in French (the browser's language), for a lazy source string."""
    with translation.override("fr"):
        return str(text)


def watch_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_voting_and_unvoting_update_the_count(page, live_server):
    annotation = AnnotationFactory()
    resident = UserFactory()
    errors = watch_errors(page)
    log_in(page, live_server, resident, annotation.get_absolute_url())
    support = page.locator('button.vote[data-value="1"]')
    oppose = page.locator('button.vote[data-value="-1"]')
    announcement = page.locator(".votes [aria-live]")
    expect(page.locator("#annotation-map[data-ready] .leaflet-overlay-pane path")).to_have_count(1)
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(support.locator(".vote-count")).to_have_text("0")

    support.click()

    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support.locator(".vote-count")).to_have_text("1")
    expect(oppose).to_have_attribute("aria-pressed", "false")
    expect(announcement).to_contain_text("1")
    assert Vote.objects.get(annotation=annotation, user=resident).value == Vote.Value.FOR
    # The vote went through the API: the page did not reload.
    assert page.url == f"{live_server.url}{annotation.get_absolute_url()}"

    page.reload()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support.locator(".vote-count")).to_have_text("1")

    support.click()

    expect(support).to_have_attribute("aria-pressed", "false")
    expect(support.locator(".vote-count")).to_have_text("0")
    expect(announcement).to_contain_text("0")
    assert not Vote.objects.filter(annotation=annotation).exists()

    page.reload()
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(support.locator(".vote-count")).to_have_text("0")
    assert errors == []


def test_replying_to_a_comment(page, live_server):
    annotation = AnnotationFactory()
    question = CommentFactory(annotation=annotation, body="Which trees would you plant?")
    CommentFactory(annotation=annotation, body="A later comment")
    resident = UserFactory(display_name="Chloé")
    errors = watch_errors(page)
    log_in(page, live_server, resident, annotation.get_absolute_url())
    thread = page.locator(f"#comment-{question.pk}")

    # The comment also carries the moderation include (a "Report" summary): pick the reply one.
    thread.locator("summary", has_text=in_french(_("Reply"))).click()
    thread.get_by_label(in_french(_("Your reply"))).fill("Lime trees, for the shade.")
    thread.locator('button[type="submit"]').last.click()

    reply = Comment.objects.get(body="Lime trees, for the shade.")
    page.wait_for_url(f"**{annotation.get_absolute_url()}#comment-{reply.pk}")
    nested = thread.locator(f".replies > article.comment#comment-{reply.pk}")
    expect(nested).to_contain_text("Lime trees, for the shade.")
    expect(nested).to_contain_text("Chloé")
    expect(page.locator(f"#comment-{reply.pk}")).to_be_in_viewport()
    # The confirmation comes where the page opens, just before the new comment.
    notice = thread.locator(f".notice-here + #comment-{reply.pk}")
    expect(notice).to_have_count(1)
    expect(thread.locator(".notice-here")).to_have_text(in_french(_("Your comment is published.")))
    expect(thread.locator(".notice-here")).to_be_in_viewport()
    assert (reply.parent, reply.author) == (question, resident)
    assert errors == []


def test_staff_answer_an_annotation_and_the_resident_sees_the_answer(page, browser, live_server):
    resident = UserFactory()
    annotation = AnnotationFactory(author=resident)
    staff = StaffFactory(display_name="Service des parcs")
    log_in(page, live_server, staff, annotation.get_absolute_url())

    page.select_option("#answer-status", Annotation.Status.ACCEPTED.value)
    page.fill("#answer-response_text", "Accepted: the benches come in April.")
    page.locator(".answer-form button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text(in_french(_("Your answer is published.")))
    annotation.refresh_from_db()
    assert annotation.status == Annotation.Status.ACCEPTED
    assert annotation.response_text == "Accepted: the benches come in April."
    assert annotation.response_author == staff

    with offline_page(browser, live_server) as resident_page:
        log_in(resident_page, live_server, resident, annotation.get_absolute_url())
        response = resident_page.locator(".official-response")
        expect(response.locator(".status")).to_have_text(
            in_french(Annotation.Status.ACCEPTED.label)
        )
        expect(response).to_contain_text("Accepted: the benches come in April.")
        expect(response).to_contain_text("Service des parcs")
        expect(resident_page.locator(".answer-form")).to_have_count(0)


def test_the_page_fits_a_phone_with_a_deep_thread(page, live_server):
    annotation = AnnotationFactory(body="A-very-long-unbroken-word-" * 8)
    parent = None
    for depth in range(6):
        parent = CommentFactory(annotation=annotation, parent=parent, body=f"Level {depth}")
    log_in(page, live_server, UserFactory(), annotation.get_absolute_url())
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    expect(page.locator("#annotation-map[data-ready]")).to_have_count(1)

    page.screenshot(path="test-results/annotation-page-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    deepest = page.locator(f"#comment-{parent.pk} .comment-body").bounding_box()
    assert deepest["x"] >= 0 and deepest["width"] > 200

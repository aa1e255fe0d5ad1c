"""Headless Chromium: a resident reports a comment, a moderator hides it from the queue,
and other residents no longer see it."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from annotations.models import ModerationAction
from tests.support import factories
from tests.support.browser import TEST_RESULTS, log_in, offline_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = reverse("annotations:moderation")
SCREENSHOTS = TEST_RESULTS


def fr(text):
    """What a French-speaking person reads for `text`."""
    with translation.override("fr"):
        return translation.gettext(text)


def test_a_moderator_hides_a_comment_and_it_disappears_for_residents(page, browser, live_server):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    comment = factories.CommentFactory(
        body="Mon voisin du troisième est un escroc, il habite au 12.",
        annotation__title="Des bancs sur la place",
    )
    contribution = reverse("annotations:detail", args=[comment.annotation_id])
    reporter, moderator, reader = (
        factories.UserFactory(),
        factories.ModeratorFactory(display_name="Camille Modère"),
        factories.UserFactory(),
    )

    # A resident reports the comment from the contribution's page.
    log_in(page, live_server, reporter, contribution)
    thread = page.locator(f"#comment-{comment.pk}")
    thread.locator("summary", has_text=fr("Report")).click()
    thread.get_by_label(fr("Why?")).select_option("personal_data")
    thread.get_by_label(fr("Anything to add (optional)")).fill("Son adresse est donnée.")
    with page.expect_navigation():
        thread.get_by_role("button", name=fr("Send the report")).click()
    expect(page.locator(".messages")).to_contain_text(fr("Thank you, moderators will look at it."))

    with (
        offline_page(browser, live_server) as moderation,
        offline_page(browser, live_server) as reading,
    ):
        # The moderator finds it in the queue and hides it with a reason.
        moderation.set_viewport_size({"width": 360, "height": 740})
        log_in(moderation, live_server, moderator, QUEUE)
        row = moderation.locator(f"#queue-comment-{comment.pk}")
        expect(row).to_contain_text(comment.body)
        expect(row).to_contain_text(fr("Reveals personal data"))
        expect(row).to_contain_text("Son adresse est donnée.")
        assert moderation.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(exist_ok=True)
        moderation.screenshot(path=SCREENSHOTS / "moderation-queue-360.png", full_page=True)
        hide = row.locator("form", has=moderation.get_by_role("button", name=fr("Hide")))
        hide.get_by_label(fr("Why hide it?")).fill("Donne l'adresse d'un voisin")
        with moderation.expect_navigation():
            hide.get_by_role("button", name=fr("Hide")).click()
        expect(moderation.locator(".messages")).to_contain_text(
            fr("Hidden. The reason is kept in the moderation history.")
        )
        expect(moderation.locator(f"#queue-comment-{comment.pk}")).to_have_count(0)

        # Another resident opens the contribution: the comment is gone; so for the reporter.
        log_in(reading, live_server, reader, contribution)
        expect(reading.locator("main")).to_contain_text("Des bancs sur la place")
        expect(reading.locator("main")).not_to_contain_text(comment.body)
        page.reload()
        expect(page.locator("main")).not_to_contain_text(comment.body)

        # The history tells who hid it, when and why.
        moderation.get_by_role("link", name=fr("History")).click()
        entry = moderation.locator(f"#queue-comment-{comment.pk}")
        expect(entry).to_contain_text("Donne l'adresse d'un voisin")
        expect(entry).to_contain_text("Camille Modère")
        expect(entry).to_contain_text(fr("Hidden"))
        action = ModerationAction.objects.get()
        assert (action.comment_id, action.kind, action.moderator) == (comment.pk, "hide", moderator)
        assert errors == []

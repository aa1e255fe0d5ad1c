"""Consultations on a text: who may take part, three-way votes, amendments and versions,
results, and bad input refused with a message and nothing written."""

import csv
import io
from datetime import timedelta

import pytest
import rules
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from annotations import services as moderation
from annotations.models import Comment, ModerationAction, Report
from consultations import services
from consultations.models import Amendment, Consultation, Support, Vote
from consultations.results import results
from consultations.text import split_articles, word_diff
from tests.support import factories
from tests.support.concurrency import at_once
from timeline.models import Milestone

from .conftest import make_consultation


def client_of(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def close(consultation):
    consultation.phase = Consultation.Phase.CLOSED
    consultation.save()


# Rules


@pytest.mark.django_db
def test_residents_take_part_only_while_open_and_staff_edit_and_answer(
    charter, resident, staff, moderator
):
    assert rules.has_perm("consultations.take_part", resident, charter)
    assert not rules.has_perm("consultations.edit_text", resident, charter)
    assert rules.has_perm("consultations.edit_text", staff, charter)
    charter.closes_at = timezone.now() - timedelta(minutes=1)
    charter.opens_at = timezone.now() - timedelta(days=2)
    charter.save()
    assert not rules.has_perm("consultations.take_part", resident, charter)
    draft = make_consultation(charter.campaign, staff, slug="draft", is_published=False)
    assert not Consultation.objects.visible_to(resident).filter(pk=draft.pk).exists()
    assert Consultation.objects.visible_to(moderator).filter(pk=draft.pk).exists()
    assert Client().get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_article_comment_is_moderated_like_a_contribution_comment(article, resident, moderator):
    comment = Comment.objects.create(
        consultation=article.consultation, article=article, author=resident, body="Insulte"
    )
    reporter = factories.UserFactory()
    moderation.report(comment, reporter, Report.Reason.OFFENSIVE)
    reported = client_of(moderator).get(f"/moderation/?campaign={article.consultation.campaign.pk}")
    assert "Insulte" in reported.content.decode()
    moderation.hide(comment, moderator, "Propos injurieux")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert ModerationAction.objects.get().comment == comment
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(article.get_absolute_url())
    assert "Insulte" not in page.content.decode()
    queue = client_of(moderator).get("/moderation/?tab=history")
    assert article.get_absolute_url() + f"#comment-{comment.pk}" in queue.content.decode()


# Three-way votes


@pytest.mark.django_db
def test_a_vote_is_for_against_or_abstain_and_changing_it_replaces_it(article, resident):
    url = article.get_absolute_url() + "vote/"
    client_of(resident).post(url, {"value": "0"})
    client_of(resident).post(url, {"value": "-1"})
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]
    response = client_of(resident).post(url, {"value": "2"}, follow=True)
    assert "A vote is for, against or abstain." in response.content.decode()
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


@pytest.mark.django_db(transaction=True)
def test_fifty_people_voting_at_once_give_fifty_votes(campaign, staff):
    charter = make_consultation(campaign, staff)
    article = charter.articles.get(number=1)
    voters = factories.UserFactory.create_batch(50, password="!")
    url = article.get_absolute_url() + "vote/"
    statuses = at_once(
        lambda user: client_of(user).post(url, {"value": str(user.pk % 3 - 1)}).status_code,
        voters,
    )
    assert statuses == [302] * 50
    assert Vote.objects.filter(article=article).count() == 50
    expected = {value: sum(1 for u in voters if u.pk % 3 - 1 == value) for value in (1, 0, -1)}
    counts = Vote.objects.filter(article=article).counts()
    assert (counts["for"], counts["abstain"], counts["against"]) == (
        expected[1],
        expected[0],
        expected[-1],
    )


# Amendments and versions


@pytest.mark.django_db
def test_an_amendment_is_shown_as_a_word_diff_supported_answered_and_taken_in(
    article, resident, staff
):
    new = "Le syndic est informé un an avant."
    client_of(resident).post(
        article.get_absolute_url() + "amend/", {"body": new, "explanation": "Plus tôt"}
    )
    amendment = Amendment.objects.get()
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(article.get_absolute_url()).content.decode()
    assert "<del>six mois</del><ins>un an</ins>" in page
    supporter = factories.UserFactory()
    for _ in range(2):
        client_of(supporter).post(amendment.get_absolute_url() + "support/", {"support": "1"})
    assert Support.objects.filter(amendment=amendment).count() == 1
    client_of(staff).post(
        amendment.get_absolute_url() + "answer/", {"status": "accepted", "answer": "Bonne idée"}
    )
    version = services.publish_version(article.consultation, staff, "Amendement retenu")
    assert version.number == 2
    assert article.text_in(version).body == new
    assert article.consultation.articles.get(number=1).text_in(version).body.startswith("La charte")
    amendment.refresh_from_db()
    assert amendment.taken_in == version
    compare = (
        Client()
        .get(article.consultation.get_absolute_url() + "compare/?old=1&new=2")
        .content.decode()
    )
    assert "<del>six mois</del><ins>un an</ins>" in compare
    # Version 1 is kept as it was.
    assert article.text_in(article.consultation.versions.get(number=1)).body.endswith(
        "six mois avant."
    )


@pytest.mark.django_db
def test_an_amendment_identical_to_the_current_text_is_refused(article, resident):
    response = client_of(resident).post(
        article.get_absolute_url() + "amend/",
        {"body": "Le  syndic est informé\nsix mois avant."},
    )
    assert response.status_code == 400
    assert "identical to the current wording" in response.content.decode()
    assert not Amendment.objects.exists()


@pytest.mark.django_db
def test_a_comment_on_a_closed_consultation_is_refused(article, resident):
    close(article.consultation)
    response = client_of(resident).post(
        article.get_absolute_url() + "comments/", {"body": "Trop tard ?"}
    )
    assert response.status_code == 403
    assert "This consultation is closed" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_an_article_from_another_consultation_is_refused(
    charter, campaign, staff, resident, in_english
):
    other = make_consultation(campaign, staff, slug="autre").articles.get(number=1)
    with pytest.raises(Exception) as refused:
        services.cast_vote(charter, resident, 1, other)
    assert "belongs to another consultation" in str(refused.value)
    comment = Comment(consultation=charter, article=other, author=resident, body="?")
    with pytest.raises(Exception) as refused:
        comment.full_clean()
    assert "belongs to another consultation" in str(refused.value)
    assert not Vote.objects.exists() and not Comment.objects.exists()


# Results


@pytest.mark.django_db
def test_results_count_votes_participants_and_neutralise_csv_cells(article, staff):
    charter = article.consultation
    people = factories.UserFactory.create_batch(4)
    for person, value in zip(people, (1, 1, -1, 0), strict=True):
        services.cast_vote(charter, person, value, article)
    services.cast_vote(charter, people[0], -1)
    amendment = services.propose_amendment(article, people[1], '=HYPERLINK("x") un an')
    services.support(amendment, people[2])
    outcome = results(charter)
    line = next(line for line in outcome.articles if line.article == article)
    assert (line.tally.for_, line.tally.against, line.tally.abstain) == (2, 1, 1)
    assert line.tally.percent_for == 50.0
    assert outcome.whole_text.tally.against == 1
    assert outcome.participants == 4
    assert line.amendments[0].support_count == 1
    close(charter)
    response = client_of(staff).get(charter.get_absolute_url() + "results.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    article_row = next(row for row in rows if row[0] == str(article.number))
    assert article_row[2:6] == ["2", "1", "1", "4"]
    assert article_row[10].startswith("'=HYPERLINK")


def test_a_text_is_split_at_its_top_headings_and_diffed_word_by_word():
    sections = split_articles("Préambule\n## Un\nA\n### détail\nB\n## Deux\nC")
    assert [(s.number, s.title) for s in sections] == [(1, "Un"), (2, "Deux")]
    assert sections[0].body == "A\n### détail\nB"
    assert str(word_diff("a <b> c", "a <i> c")) == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"


@pytest.mark.django_db
def test_the_campaign_page_and_dashboard_count_the_consultation(article, staff):
    charter = article.consultation
    people = factories.UserFactory.create_batch(3)
    for person in people:
        services.cast_vote(charter, person, 1, article)
    services.propose_amendment(article, people[0], "Le syndic est informé un an avant.")
    Comment.objects.create(consultation=charter, author=people[1], body="Oui")
    campaign_page = Client(HTTP_ACCEPT_LANGUAGE="en").get(charter.campaign.get_absolute_url())
    assert "3 participants" in campaign_page.content.decode()
    dashboard = client_of(staff).get(f"/campaigns/{charter.campaign.slug}/dashboard/")
    row = dashboard.content.decode().split('id="consultations"')[1].split("</tr>")[1]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["3", "3", "1", "1", "0"]


@pytest.mark.django_db
def test_staff_import_a_version_and_a_text_without_heading_is_refused(charter, staff, resident):
    url = charter.get_absolute_url() + "import/"
    refused = client_of(staff).post(url, {"markdown": "Pas de titre ici."})
    assert refused.status_code == 400
    assert "The text has no heading" in refused.content.decode()
    assert charter.versions.count() == 1
    assert client_of(resident).post(url, {"markdown": "# Un\nA"}).status_code == 403
    client_of(staff).post(url, {"markdown": "# Un\nA\n# Deux\nB", "note": "Réécrit"})
    version = charter.current_version()
    assert version.number == 2
    assert [t.title for t in version.texts.order_by("article__number")] == ["Un", "Deux"]


@pytest.mark.django_db
def test_a_milestone_links_to_its_consultation_and_only_its_campaigns(charter, in_english):
    milestone = Milestone(
        campaign=charter.campaign,
        date=timezone.localdate(),
        headline="Ouverture de la consultation",
        consultation=charter,
    )
    milestone.full_clean()
    milestone.save()
    timeline = f"/campaigns/{charter.campaign.slug}/timeline/"
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(timeline).content.decode()
    assert f'<a href="{charter.get_absolute_url()}">Charte</a>' in page
    elsewhere = Milestone(
        campaign=factories.CampaignFactory(slug="ailleurs"),
        date=timezone.localdate(),
        headline="?",
        consultation=charter,
    )
    with pytest.raises(ValidationError, match="another campaign"):
        elsewhere.full_clean()


@pytest.mark.django_db
def test_a_second_vote_on_the_whole_text_replaces_the_first(charter, resident):
    url = charter.get_absolute_url() + "vote/"
    client_of(resident).post(url, {"value": "1"})
    client_of(resident).post(url, {"value": "0"})
    assert list(Vote.objects.values_list("article", "value")) == [(None, 0)]
    client_of(resident).post(url, {"value": "take_back"})
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_moderator_hides_an_article_comment_from_its_page(article, resident, moderator):
    comment = Comment.objects.create(
        consultation=article.consultation, article=article, author=resident, body="Spam"
    )
    page = client_of(moderator).get(article.get_absolute_url()).content.decode()
    hide_url = f"/moderation/comment/{comment.pk}/hide/"
    assert hide_url in page
    response = client_of(moderator).post(hide_url, {"reason": "Publicité"})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + f"#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Publicité"
    assert ModerationAction.objects.filter(comment=comment, kind="hide").count() == 1


# Abuse limits: the same as contributions'


def test_an_unconfirmed_account_may_not_vote_on_an_article(article):
    unconfirmed = factories.UserFactory(email_confirmed=False)

    response = client_of(unconfirmed).post(article.get_absolute_url() + "vote/", {"value": "1"})

    assert response.status_code == 403
    assert "Confirm your e-mail address first" in response.content.decode()
    assert not Vote.objects.exists()


def test_votes_on_a_text_over_their_limit_are_refused_with_when_to_come_back(
    article, resident, settings
):
    cache.clear()
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "vote": {"account": "1/h", "address": "100/h"},
    }
    url = article.get_absolute_url() + "vote/"
    client_of(resident).post(url, {"value": "1"})

    refused = client_of(resident).post(url, {"value": "-1"})

    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert list(Vote.objects.values_list("value", flat=True)) == [1]

"""The consultations' API: what the pages allow, the same refusals, nothing written then."""

import pytest

from annotations.models import Comment
from consultations import services
from consultations.api import AmendmentPagination
from consultations.models import Amendment, Support, Vote
from tests.support import factories
from tests.support.api import FORGED_CURSORS, INVALID_CURSOR, api, errors_text

from .conftest import make_consultation

pytestmark = pytest.mark.django_db


def url(consultation, action=""):
    return f"/api/consultations/{consultation.slug}/" + (f"{action}/" if action else "")


def test_the_text_reads_with_its_articles_of_the_current_version(charter):
    body = api().get(url(charter)).json()
    assert body["version"] == 1 and body["is_open"] is True
    assert [(a["number"], a["title"]) for a in body["articles"]] == [
        (1, "Objet"),
        (2, "Information"),
        (3, "Raccordement"),
    ]


def test_votes_three_ways_one_per_person_and_refuses_a_fourth_value(article, resident):
    charter = article.consultation
    client = api(resident)
    assert client.put(url(charter, "vote"), {"value": 0, "article": article.pk}).json() == {
        "for": 0,
        "against": 0,
        "abstain": 1,
        "total": 1,
    }
    counts = client.put(url(charter, "vote"), {"value": -1, "article": article.pk}).json()
    assert counts["against"] == 1 and counts["total"] == 1
    refused = client.put(url(charter, "vote"), {"value": 2, "article": article.pk})
    assert refused.status_code == 400
    assert "A vote is for, against or abstain." in errors_text(refused)
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_an_article_of_another_consultation_is_refused_for_votes_and_comments(
    charter, campaign, staff, resident
):
    elsewhere = make_consultation(campaign, staff, slug="autre").articles.get(number=1)
    client = api(resident)
    vote = client.put(url(charter, "vote"), {"value": 1, "article": elsewhere.pk})
    assert vote.status_code == 400
    assert "This article belongs to another consultation." in errors_text(vote)
    comment = client.post(url(charter, "comments"), {"body": "?", "article": elsewhere.pk})
    assert comment.status_code == 400
    assert "This belongs to another consultation." in errors_text(comment)
    assert not Vote.objects.exists() and not Comment.objects.exists()


def test_a_comment_on_a_closed_consultation_is_refused(charter, resident):
    charter.phase = charter.Phase.CLOSED
    charter.save()
    response = api(resident).post(url(charter, "comments"), {"body": "Trop tard"})
    assert response.status_code == 400
    assert "This consultation is closed" in errors_text(response)
    assert not Comment.objects.exists()


def test_amendments_are_proposed_supported_answered_and_in_the_results(article, resident, staff):
    client = api(resident)
    identical = client.post(
        "/api/amendments/", {"article": article.pk, "body": "Le syndic est informé six mois avant."}
    )
    assert identical.status_code == 400
    assert "identical to the current wording" in errors_text(identical)
    assert not Amendment.objects.exists()
    created = client.post(
        "/api/amendments/", {"article": article.pk, "body": "Le syndic est informé un an avant."}
    )
    assert created.status_code == 201
    amendment = created.json()["id"]
    supporter = api(factories.UserFactory(password="!"))
    for _ in range(2):
        assert supporter.put(f"/api/amendments/{amendment}/support/").json()["support_count"] == 1
    assert client.put(f"/api/amendments/{amendment}/support/").status_code == 403
    assert Support.objects.count() == 1
    assert (
        client.post(
            f"/api/amendments/{amendment}/answer/", {"status": "rejected", "answer": "Non"}
        ).status_code
        == 403
    )
    answered = api(staff).post(
        f"/api/amendments/{amendment}/answer/", {"status": "accepted", "answer": "Oui"}
    )
    assert answered.json()["status"] == "accepted"
    outcome = api().get(url(article.consultation, "results")).json()
    line = next(line for line in outcome["articles"] if line["article"] == article.pk)
    assert line["most_supported"][0]["id"] == amendment
    assert outcome["participants"] == 2


def test_the_comments_of_a_text_come_a_page_at_a_time(article, resident):
    charter = article.consultation
    client = api(resident)
    assert client.post(url(charter, "comments"), {"body": "Sur le texte"}).status_code == 201
    created = client.post(
        url(charter, "comments"), {"body": "Sur l'article", "article": article.pk}
    )
    assert created.json()["article"] == article.pk
    listed = api().get(url(charter, "comments") + "?page_size=1").json()
    assert listed["count"] == 2 and len(listed["results"]) == 1 and listed["next"]


def test_amendments_are_listed_by_consultation_and_a_malformed_slug_is_refused(
    article, campaign, staff, resident
):
    other = make_consultation(campaign, staff, slug="autre")
    mine = services.propose_amendment(article, resident, "Le syndic est informé un an avant.")
    services.propose_amendment(other.articles.get(number=3), resident, "Un an avant.")
    client = api()

    listed = client.get("/api/amendments/", {"consultation": article.consultation.slug})
    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    refused = client.get("/api/amendments/", {"consultation": "charte\x00"})
    assert refused.status_code == 400
    assert "consultation" in refused.json()
    assert Amendment.objects.count() == 2


def test_amendments_come_a_page_at_a_time_oldest_first(article, resident, monkeypatch):
    written = [
        services.propose_amendment(article, resident, f"Le syndic est informé {months} mois avant.")
        for months in (2, 3, 4)
    ]
    client = api()

    first = client.get("/api/amendments/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert [row["id"] for row in first["results"] + second["results"]] == [a.pk for a in written]
    assert second["next"] is None
    # However many are asked for, a page holds no more than the cap (200; 2 here).
    monkeypatch.setattr(AmendmentPagination, "max_page_size", 2)
    capped = client.get("/api/amendments/", {"page_size": 10**9})
    assert capped.status_code == 200 and len(capped.json()["results"]) == 2


@pytest.mark.parametrize("cursor", FORGED_CURSORS)
def test_a_cursor_the_amendments_list_did_not_give_is_refused_with_a_message(article, cursor):
    services.propose_amendment(article, factories.UserFactory(), "Un an avant.")

    response = api().get("/api/amendments/", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == {"cursor": [INVALID_CURSOR]}

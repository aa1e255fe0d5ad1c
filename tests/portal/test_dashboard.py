"""The staff campaign dashboard: each figure on the page is what the data says, only staff
see it, and its number of queries does not grow with the number of contributions."""

import csv
import io
from datetime import datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.gis.geos import LineString
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from tests.support.factories import (
    INSIDE,
    PASSWORD,
    AnnotationFactory,
    CampaignFactory,
    CommentFactory,
    ContributionLayerFactory,
    EventFactory,
    FeatureFactory,
    ModeratorFactory,
    UserFactory,
    VoteFactory,
)
from tests.support.pages import page_json
from tests.support.tiles import read_page_tile

pytestmark = pytest.mark.django_db


class _Texts(HTMLParser):
    """The text of each row's cells in the element with `element_id`, or of its list items."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.rows, self.cell = element_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in ("input", "br", "img")
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag in ("tr", "li"):
            self.rows.append([])
        if tag in ("th", "td") or tag == "li":
            self.cell = ""

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if tag in ("th", "td", "li") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            self.cell += data


def rows(response, element_id):
    parser = _Texts(element_id)
    parser.feed(response.content.decode())
    assert parser.depth == 0 and parser.rows, f"no #{element_id} on the page"
    return parser.rows


def on_day(annotation, day, hour=12):
    """Back-date a contribution to noon (local time) of `day`."""
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    Annotation.objects.filter(pk=annotation.pk).update(created_at=moment)


def dashboard(client, campaign, user, **params):
    client.force_login(user)
    return client.get(reverse("portal:dashboard", args=[campaign.slug]), params)


def test_contributions_per_day_from_the_start_of_the_campaign_to_today(
    client, staff, campaign, layer
):
    start = campaign.start_date
    for annotation in AnnotationFactory.create_batch(3, layer=layer):
        on_day(annotation, start)
    for annotation in AnnotationFactory.create_batch(2, layer=layer):
        on_day(annotation, start + timedelta(days=2))

    response = dashboard(client, campaign, staff)

    assert response.status_code == 200
    days = (timezone.localdate() - start).days + 1
    expected = [3, 0, 2] + [0] * (days - 3)
    table = rows(response, "over-time-table")
    assert table[0] == ["Jour", "Contributions"]
    assert [int(count) for _day, count in table[1:]] == expected
    # Each bar of the chart says its day and count to a screen reader.
    bars = rows(response, "over-time-chart")
    assert len(bars) == days
    assert bars[0][0].endswith(": 3") and bars[2][0].endswith(": 2")
    assert "Le jour le plus actif a compté 3 contributions." in response.content.decode()


def test_a_long_campaign_counts_per_week_and_the_csv_has_the_same_series(client, staff):
    campaign = CampaignFactory(
        start_date=timezone.localdate() - timedelta(days=200),
        end_date=timezone.localdate() + timedelta(days=10),
    )
    layer = ContributionLayerFactory(campaign=campaign)
    monday = campaign.start_date - timedelta(days=campaign.start_date.weekday())
    for offset in (0, 1, 6, 7, 21):  # weeks 1, 1, 1, 2, 4
        on_day(AnnotationFactory(layer=layer), monday + timedelta(days=offset))

    response = dashboard(client, campaign, staff)

    table = rows(response, "over-time-table")
    assert table[0] == ["Semaine du", "Contributions"]
    counts = [int(count) for _week, count in table[1:]]
    assert counts[:4] == [3, 1, 0, 1] and sum(counts) == 5
    csv_response = client.get(reverse("portal:dashboard-csv", args=[campaign.slug]))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert lines[0] == ["Semaine du", "Contributions"]
    assert lines[1] == [monday.isoformat(), "3"]
    assert [int(count) for _week, count in lines[1:]] == counts


def test_hidden_withdrawn_and_submitted_contributions_are_not_counted_unless_asked(
    client, staff, campaign, layer
):
    AnnotationFactory(layer=layer, category="proposal")
    AnnotationFactory(layer=layer, category="issue", is_hidden=True)
    AnnotationFactory(layer=layer, category="issue", status=Annotation.Status.WITHDRAWN)
    AnnotationFactory(layer=layer, category="question", status=Annotation.Status.SUBMITTED)
    AnnotationFactory(category="issue")  # another campaign

    response = dashboard(client, campaign, staff)

    assert rows(response, "by-category")[1:] == [["Proposition", "1", "1"]]
    assert rows(response, "by-status")[1:] == [["Publiée", "1", "1"]]
    html = response.content.decode()
    assert "ne sont pas comptées" in html
    assert '<dd id="figure-contributions">1</dd>' in html

    response = dashboard(client, campaign, staff, submitted="1")

    assert rows(response, "by-category")[1:] == [
        ["Proposition", "1", "1"],
        ["Question", "1", "1"],
    ]
    assert rows(response, "by-status")[1:] == [["Publiée", "1", "1"], ["Soumise", "1", "1"]]


def test_by_category_and_status_in_english(client, staff, campaign, layer):
    AnnotationFactory(layer=layer, category="proposal", status=Annotation.Status.ACCEPTED)
    AnnotationFactory(layer=layer, category="proposal", participant_count=4, group_name="Club")
    client.force_login(staff)

    response = client.get(
        reverse("portal:dashboard", args=[campaign.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert rows(response, "by-category") == [
        ["Category", "Contributions", "People behind them"],
        ["Proposal", "2", "5"],
    ]
    assert rows(response, "by-status")[1:] == [["Accepted", "1", "1"], ["Published", "1", "4"]]


def test_top_supported_in_order_of_votes_for_with_against_and_comments(
    client, staff, campaign, layer
):
    bench = AnnotationFactory(layer=layer, title="Des bancs")
    trees = AnnotationFactory(layer=layer, title="Des arbres")
    AnnotationFactory(layer=layer, title="Sans soutien")
    hidden = AnnotationFactory(layer=layer, title="Masquée", is_hidden=True)
    VoteFactory.create_batch(3, annotation=trees)
    VoteFactory(annotation=trees, value=-1)
    VoteFactory.create_batch(2, annotation=bench)
    VoteFactory.create_batch(5, annotation=hidden)
    CommentFactory.create_batch(2, annotation=bench)
    CommentFactory(annotation=bench, is_hidden=True)

    response = dashboard(client, campaign, staff)

    table = rows(response, "top-supported")
    assert [row[:5] for row in table[1:]] == [
        ["Des arbres", "Problème", "3", "1", "0"],
        ["Des bancs", "Problème", "2", "0", "2"],
    ]
    html = response.content.decode()
    assert f'<a href="{reverse("annotations:detail", args=[trees.pk])}">Des arbres</a>' in html
    assert f'href="{campaign.get_absolute_url()}?annotation={trees.pk}"' in html


def test_participants_count_each_person_once_even_one_who_only_voted(
    client, staff, campaign, layer
):
    alice, bob, carol, dan = UserFactory.create_batch(4)
    first = AnnotationFactory(layer=layer, author=alice)
    AnnotationFactory(layer=layer, author=alice)
    AnnotationFactory(layer=layer, author=bob)
    CommentFactory(annotation=first, author=bob)
    CommentFactory(annotation=first, author=alice)
    VoteFactory(annotation=first, user=carol)  # only voted
    VoteFactory(annotation=first, user=bob)
    # Taking part in a hidden contribution, or only through a hidden comment, does not count.
    CommentFactory(annotation=first, author=dan, is_hidden=True)
    VoteFactory(annotation=AnnotationFactory(layer=layer, is_hidden=True), user=dan)

    response = dashboard(client, campaign, staff)

    assert [row[-1] for row in rows(response, "participants")] == ["3", "2", "2", "2"]


def test_collective_contributions_with_their_group_meeting_and_total_headcount(
    client, staff, campaign, layer
):
    meeting = EventFactory(campaign=campaign, title="Atelier du 12 mars")
    AnnotationFactory(
        layer=layer,
        title="Une aire de jeux",
        group_name="Atelier",
        participant_count=23,
        source_event=meeting,
    )
    AnnotationFactory(layer=layer, title="Un marché", group_name="Amicale", participant_count=8)
    AnnotationFactory(layer=layer, title="Seul", participant_count=1)
    AnnotationFactory(layer=layer, group_name="Masqué", participant_count=40, is_hidden=True)

    response = dashboard(client, campaign, staff)

    assert rows(response, "collective") == [
        ["Contribution", "Au nom de", "Participants", "Réunion"],
        ["Une aire de jeux", "Atelier", "23", "Atelier du 12 mars"],
        ["Un marché", "Amicale", "8", "—"],
        ["Effectif total", "31", ""],
    ]
    assert f'href="{meeting.get_absolute_url()}"' in response.content.decode()


def test_heat_map_reads_one_weighted_point_per_contribution_and_a_text_alternative(
    client, staff, campaign, layer, tmp_path
):
    square = FeatureFactory(layer__campaign=campaign, label="Place centrale")
    AnnotationFactory(layer=layer, target_feature=square)
    AnnotationFactory(layer=layer, target_feature=square, participant_count=12, group_name="CQ")
    path = LineString((2.2080, 48.8940), (2.2090, 48.8940), srid=4326)
    AnnotationFactory(layer=layer, geometry=path)
    AnnotationFactory(layer=layer, is_hidden=True)

    response = dashboard(client, campaign, staff)

    data = page_json(response, "dashboard-data")
    query = "&".join([f"status={status}" for status in data["statuses"]] + ["hidden=false"])
    [template] = data["layers"]
    # At zoom 16 the two points at one place are a cluster weighing 1 + 12 people.
    tile = read_page_tile(client, template, INSIDE, 16, tmp_path, query)
    [(cluster, _)] = tile["clusters"]
    assert (cluster["count"], cluster["weight"]) == (2, 13)
    [(line, geometry)] = tile["contributions"]
    assert (line["participant_count"], geometry.geom_type) == (1, "LineString")
    assert data["heaviest"] == 12
    assert data["perimeter"]["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert rows(response, "by-layer")[1:] == [[layer.name, "3"]]
    assert rows(response, "most-annotated")[1:] == [["Place centrale", square.layer.name, "2"]]


def test_anonymous_visitors_are_sent_to_log_in(client, campaign):
    url = reverse("portal:dashboard", args=[campaign.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    csv_url = reverse("portal:dashboard-csv", args=[campaign.slug])
    assert client.get(csv_url).status_code == 302


@pytest.mark.parametrize("user_factory", [UserFactory, ModeratorFactory])
def test_residents_and_moderators_are_refused(client, campaign, layer, user_factory):
    AnnotationFactory(layer=layer, title="Rien à voir")
    response = dashboard(client, campaign, user_factory())
    assert response.status_code == 403
    assert "Rien à voir" not in response.content.decode()
    csv_url = reverse("portal:dashboard-csv", args=[campaign.slug])
    assert client.get(csv_url).status_code == 403


def test_staff_see_the_dashboard_of_a_draft_campaign(client, staff):
    draft = CampaignFactory(is_published=False, phase="draft", title="Brouillon")
    response = dashboard(client, draft, staff)
    assert response.status_code == 200
    assert "Brouillon" in response.content.decode()
    assert "Non publiée" in response.content.decode()


def test_staff_log_in_and_come_back_to_the_dashboard(client, staff, campaign):
    url = reverse("portal:dashboard", args=[campaign.slug])
    response = client.post(
        f"{reverse('login')}?next={url}",
        {"username": staff.username, "password": PASSWORD, "next": url},
    )
    assert response["Location"] == url


def test_the_number_of_queries_does_not_grow_with_contributions(
    client, staff, campaign, layer, django_assert_max_num_queries
):
    def populate(count):
        for annotation in AnnotationFactory.create_batch(count, layer=layer, group_name="G"):
            VoteFactory(annotation=annotation)
            CommentFactory(annotation=annotation)

    populate(2)
    client.force_login(staff)
    url = reverse("portal:dashboard", args=[campaign.slug])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    populate(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(rows(response, "collective")) == 1 + 32 + 1


def test_the_admin_campaign_page_links_to_the_dashboard(client, staff, campaign):
    client.force_login(staff)
    response = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    url = reverse("portal:dashboard", args=[campaign.slug])
    assert f'<a href="{url}">Ouvrir le tableau de bord de la campagne</a>' in (
        response.content.decode()
    )

"""Reading contributions: GeoJSON pages, who sees what, filters, ordering and counts."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from annotations.api.views import AnnotationPagination
from annotations.models import Annotation
from tests.support import factories
from tests.support.api import api, errors_text, user_in_role

pytestmark = pytest.mark.django_db

LIST = "/api/annotations/"


def titles(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return [f["properties"]["title"] for f in body["features"]]


def test_a_contribution_is_a_geojson_feature_with_its_counts_and_official_response(staff):
    annotation = factories.AnnotationFactory(title="Benches please", author__display_name="Ada")
    factories.VoteFactory.create_batch(2, annotation=annotation)
    factories.VoteFactory(annotation=annotation, value=-1)
    factories.CommentFactory(annotation=annotation)
    annotation.respond(by=staff, response_text="Planned for spring.", status="accepted")

    response = api().get(f"{LIST}{annotation.pk}/")

    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["id"] == annotation.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.2088, 48.895]}
    properties = feature["properties"]
    assert properties["title"] == "Benches please"
    assert properties["author"] == "Ada"
    assert properties["campaign"] == annotation.layer.campaign.slug
    assert (properties["votes_for"], properties["votes_against"]) == (2, 1)
    assert properties["comment_count"] == 1
    assert properties["my_vote"] is None
    assert properties["status"] == "accepted"
    assert properties["response"]["text"] == "Planned for spring."
    assert properties["response"]["author"] == staff.public_name
    assert response["ETag"]


def test_no_account_data_leaves_and_names_follow_the_campaign_setting():
    shown = factories.AnnotationFactory(author__display_name="Ada", author__email="ada@ex.org")
    anonymous = factories.AnnotationFactory(layer__campaign__show_author_names=False)

    body = api().get(LIST).content.decode()

    assert "@ex.org" not in body
    assert shown.author.username not in body
    assert anonymous.author.display_name not in body
    features = {f["id"]: f["properties"] for f in api().get(LIST).json()["features"]}
    assert features[shown.pk]["author"] == "Ada"
    assert features[anonymous.pk]["author"] is None


def test_user_text_comes_back_as_json_text_never_as_html():
    factories.AnnotationFactory(title="<script>alert(1)</script>")
    response = api().get(LIST)
    assert response["Content-Type"] == "application/json"
    assert titles(response) == ["<script>alert(1)</script>"]


def test_my_vote_is_given_to_the_voter_without_a_query_per_contribution(
    resident, django_assert_num_queries
):
    annotations = factories.AnnotationFactory.create_batch(3)
    factories.VoteFactory(annotation=annotations[0], user=resident, value=-1)
    factories.VoteFactory(annotation=annotations[1])

    client = api(resident)
    # The count, the page with counts and votes, and the page's photos; the first two in a
    # transaction of their own (its start, the setting for serial plans, its end).
    with django_assert_num_queries(6):
        features = client.get(LIST).json()["features"]
    factories.AnnotationFactory.create_batch(5)
    with django_assert_num_queries(6):
        assert len(client.get(LIST).json()["features"]) == 8

    my_votes = {f["id"]: f["properties"]["my_vote"] for f in features}
    assert my_votes == {annotations[0].pk: -1, annotations[1].pk: None, annotations[2].pk: None}


# Who sees what: (state of the contribution, roles that see it in lists and by id)
VISIBILITY = {
    "published": ({}, {"anonymous", "author", "resident", "moderator", "staff"}),
    "hidden": ({"is_hidden": True}, {"author", "moderator", "staff"}),
    "submitted": ({"status": "submitted"}, {"author", "moderator", "staff"}),
    "withdrawn": ({"status": "withdrawn"}, {"author", "moderator", "staff"}),
    "in an unpublished campaign": (
        {"layer__campaign__is_published": False},
        {"author", "moderator", "staff"},
    ),
}


@pytest.mark.parametrize("state", VISIBILITY.values(), ids=VISIBILITY.keys())
@pytest.mark.parametrize("role", ["anonymous", "author", "resident", "moderator", "staff"])
def test_who_sees_a_contribution(state, role):
    attributes, seen_by = state
    annotation = factories.AnnotationFactory(title="Here", **attributes)
    client = api(user_in_role(role, author=annotation.author))

    assert (titles(client.get(LIST)) == ["Here"]) == (role in seen_by)
    assert client.get(f"{LIST}{annotation.pk}/").status_code == (200 if role in seen_by else 404)


def test_pages_are_valid_feature_collections_that_say_the_total():
    layer = factories.ContributionLayerFactory()
    factories.AnnotationFactory.create_batch(7, layer=layer)

    first = api().get(LIST, {"page_size": 3}).json()
    assert first["type"] == "FeatureCollection"
    assert first["count"] == 7
    assert len(first["features"]) == 3
    assert first["previous"] is None
    last = api().get(first["next"].replace("http://testserver", "")).json()
    last = api().get(last["next"].replace("http://testserver", "")).json()
    assert len(last["features"]) == 1
    assert last["next"] is None
    seen = [f["id"] for f in first["features"]]
    assert len(set(seen)) == 3


def test_a_page_size_beyond_the_maximum_is_capped(monkeypatch):
    monkeypatch.setattr(AnnotationPagination, "max_page_size", 2)
    factories.AnnotationFactory.create_batch(3)
    page = api().get(LIST, {"page_size": 100_000}).json()
    assert (page["count"], len(page["features"])) == (3, 2)


def test_a_page_past_the_end_is_not_found_with_a_message():
    factories.AnnotationFactory()
    response = api().get(LIST, {"page": 9})
    assert response.status_code == 404
    assert "Invalid page" in errors_text(response)


def bbox_around(point, margin=0.001):
    return f"{point.x - margin},{point.y - margin},{point.x + margin},{point.y + margin}"


def filter_cases():
    """(filter parameters, the contribution it selects, another it leaves out), built per test."""
    east, west = Point(2.2200, 48.8950, srid=4326), Point(2.1950, 48.8900, srid=4326)
    return {
        "bbox": lambda: (
            {"bbox": bbox_around(east)},
            factories.AnnotationFactory(geometry=east),
            factories.AnnotationFactory(geometry=west),
        ),
        "campaign": lambda: _pair(lambda a: {"campaign": a.layer.campaign.slug}),
        "layer": lambda: _pair(lambda a: {"layer": a.layer_id}),
        "category": lambda: (
            {"category": ["proposal", "question"]},
            factories.AnnotationFactory(category="proposal"),
            factories.AnnotationFactory(category="issue"),
        ),
        "status": lambda: (
            {"status": "accepted"},
            factories.AnnotationFactory(status="accepted"),
            factories.AnnotationFactory(status="published"),
        ),
        "created since": lambda: _dated({"created_since": _days_ago(1)}, newer_selected=True),
        "created until": lambda: _dated({"created_until": _days_ago(1)}, newer_selected=False),
        "target feature": lambda: _targeted(),
        "collective": lambda: (
            {"collective": "true"},
            factories.AnnotationFactory(group_name="Residents' council", participant_count=12),
            factories.AnnotationFactory(),
        ),
        "not collective": lambda: (
            {"collective": "false"},
            factories.AnnotationFactory(),
            factories.AnnotationFactory(group_name="Residents' council"),
        ),
    }


def _pair(parameters):
    selected, other = factories.AnnotationFactory(), factories.AnnotationFactory()
    return parameters(selected), selected, other


def _days_ago(days):
    return (timezone.now() - timedelta(days=days)).isoformat()


def _dated(parameters, newer_selected):
    newer, older = factories.AnnotationFactory.create_batch(2)
    Annotation.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    return (parameters, newer, older) if newer_selected else (parameters, older, newer)


def _targeted():
    selected = factories.AnnotationFactory()
    selected.target_feature = factories.FeatureFactory(layer__campaign=selected.layer.campaign)
    selected.save()
    return {"target_feature": selected.target_feature_id}, selected, factories.AnnotationFactory()


@pytest.mark.parametrize("case", filter_cases().values(), ids=filter_cases().keys())
def test_each_filter_selects_what_it_names(case):
    parameters, selected, other = case()
    ids = [f["id"] for f in api().get(LIST, parameters).json()["features"]]
    assert selected.pk in ids
    assert other.pk not in ids


def test_author_me_lists_my_own_and_nothing_for_anonymous(resident):
    mine = factories.AnnotationFactory(author=resident, title="Mine")
    factories.AnnotationFactory(title="Someone else's")
    assert titles(api(resident).get(LIST, {"author": "me"})) == [mine.title]
    assert titles(api().get(LIST, {"author": "me"})) == []


def test_a_viewport_past_the_poles_and_the_antimeridian_is_clamped_not_refused():
    factories.AnnotationFactory(title="Here")
    assert titles(api().get(LIST, {"bbox": "-500,-100,500,100"})) == ["Here"]


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"bbox": "2.1,48.8,2.3"}, "bbox takes four numbers: west,south,east,north"),
        ({"bbox": "2.3,48.8,2.1,48.9"}, "bbox must have west < east and south < north"),
        (
            {"ordering": "oldest"},
            "Unknown ordering “oldest”; use newest, most_supported or most_discussed.",
        ),
        ({"status": "lost"}, "Select a valid choice. lost is not one of the available choices."),
        ({"created_since": "yesterday"}, "Enter a valid date/time."),
    ],
)
def test_a_bad_filter_is_refused_with_a_message_naming_it(parameters, message):
    factories.AnnotationFactory()
    response = api().get(LIST, parameters)
    assert response.status_code == 400
    assert message in errors_text(response)


@pytest.mark.parametrize("value", ["junk", "1", "yes", "on", "unknown"])
@pytest.mark.parametrize("name", ["collective", "hidden"])
def test_a_yes_no_filter_takes_true_or_false_alone(name, value):
    # Any other value used to select everything, as if the filter had not been asked for.
    factories.AnnotationFactory()
    response = api().get(LIST, {name: value})
    assert response.status_code == 400
    assert response.json() == {name: [f"Use true or false, not “{value}”."]}


def test_a_yes_no_filter_takes_true_and_false_in_any_case():
    factories.AnnotationFactory(title="Alone")
    factories.AnnotationFactory(title="Together", group_name="Residents' council")
    assert titles(api().get(LIST, {"collective": "True"})) == ["Together"]
    assert titles(api().get(LIST, {"collective": "FALSE"})) == ["Alone"]


def test_orderings_newest_most_supported_most_discussed():
    quiet, supported, discussed = factories.AnnotationFactory.create_batch(3)
    factories.VoteFactory.create_batch(3, annotation=supported)
    factories.VoteFactory(annotation=discussed)
    factories.CommentFactory.create_batch(2, annotation=discussed)

    def order(value):
        return [f["id"] for f in api().get(LIST, {"ordering": value}).json()["features"]]

    assert order("newest") == [discussed.pk, supported.pk, quiet.pk]
    assert order("most_supported")[0] == supported.pk
    assert order("most_discussed")[0] == discussed.pk


@pytest.mark.parametrize("ordering", ["newest", "most_supported", "most_discussed"])
def test_cursor_pages_walk_every_ordering_once_through_ties(ordering):
    layer = factories.ContributionLayerFactory()
    annotations = factories.AnnotationFactory.create_batch(7, layer=layer)
    for annotation in annotations[:3]:
        factories.VoteFactory(annotation=annotation)
        factories.CommentFactory(annotation=annotation)
    # Same moment for several: the primary key breaks the tie.
    Annotation.objects.filter(pk__in=[a.pk for a in annotations[2:6]]).update(
        created_at=annotations[2].created_at
    )
    whole = [
        f["id"]
        for f in api().get(LIST, {"ordering": ordering, "page_size": 500}).json()["features"]
    ]

    seen, url = [], f"{LIST}?ordering={ordering}&page_size=2"
    while url:
        page = api().get(url.replace("http://testserver", "")).json()
        seen += [f["id"] for f in page["features"]]
        assert (page["count"], page["count_is_exact"], page["previous"]) == (7, True, None)
        url = page["next"]
        assert url is None or "cursor=" in url

    assert seen == whole
    assert sorted(seen) == sorted(a.pk for a in annotations)


def test_a_cursor_the_list_did_not_give_is_refused_with_a_message(in_english):
    factories.AnnotationFactory()

    response = api().get(LIST, {"cursor": "bm90IGEgY3Vyc29y"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["cursor"] == [
        "This cursor is not one this list gave; start from the first page."
    ]


def test_past_the_exact_limit_the_count_says_more_than(monkeypatch):
    monkeypatch.setattr("core.pagination.EXACT_COUNT_LIMIT", 3)
    factories.AnnotationFactory.create_batch(5)

    page = api().get(LIST, {"page_size": 2}).json()

    assert (page["count"], page["count_is_exact"]) == (3, False)
    assert len(page["features"]) == 2


def test_a_draft_campaigns_list_shows_a_visitor_their_own_alone(resident, staff):
    layer = factories.ContributionLayerFactory(campaign__is_published=False)
    factories.AnnotationFactory(layer=layer, title="Mine", author=resident)
    factories.AnnotationFactory(layer=layer, title="Someone else's")
    draft = {"campaign": layer.campaign.slug}

    assert titles(api().get(LIST, draft)) == []
    assert titles(api(resident).get(LIST, draft)) == ["Mine"]
    assert sorted(titles(api(staff).get(LIST, draft))) == ["Mine", "Someone else's"]


def test_several_categories_and_statuses_list_each_contribution_once():
    layer = factories.ContributionLayerFactory()
    for category, status in [("issue", "accepted"), ("proposal", "published"), ("other", "done")]:
        factories.AnnotationFactory(layer=layer, title=category, category=category, status=status)
    chosen = {
        "campaign": layer.campaign.slug,
        "category": ["issue", "proposal"],
        "status": ["accepted", "published", "done"],
        "ordering": "most_supported",
    }

    page = api().get(LIST, chosen)

    assert sorted(titles(page)) == ["issue", "proposal"]
    assert (page.json()["count"], page.json()["count_is_exact"]) == (2, True)

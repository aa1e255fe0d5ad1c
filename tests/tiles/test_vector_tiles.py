"""A layer's vector tiles: what they carry, for whom, and how they are cached."""

import math

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Point
from django.db import connection

from annotations import services
from annotations.models import Annotation
from layers.models import Layer
from tests.support import factories
from tests.support.tiles import read_tile, tile_of, tile_url
from tiles import views
from tiles.mvt import CLUSTER_CELLS, MARKER_MARGIN

INSIDE = factories.INSIDE


@pytest.fixture
def contribution(layer):
    annotation = factories.AnnotationFactory(
        layer=layer, title="Un banc <ici>", category="proposal", group_name="Conseil de quartier"
    )
    factories.VoteFactory.create_batch(2, annotation=annotation)
    factories.VoteFactory(annotation=annotation, value=-1)
    factories.CommentFactory(annotation=annotation)
    factories.CommentFactory(annotation=annotation, is_hidden=True)
    return annotation


def fetch(client, layer, z, tmp_path, query="", **headers):
    z, x, y = tile_of(INSIDE, z)
    response = client.get(tile_url(layer, z, x, y, query), **headers)
    layers = read_tile(response.content, z, x, y, tmp_path) if response.status_code == 200 else {}
    return response, layers


def titles(layers):
    return sorted(attributes["title"] for attributes, _ in layers.get("contributions", []))


def cached_tiles():
    """The keys of the tiles in the cache: its database table in tests."""
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key LIKE %s", ["%:tile:%"])
        return {key for (key,) in cursor.fetchall()}


@pytest.mark.django_db
def test_gdal_reads_a_contribution_with_what_its_popup_needs(client, contribution, tmp_path):
    response, layers = fetch(client, contribution.layer, 18, tmp_path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    [(attributes, geometry)] = layers["contributions"]
    assert attributes == {
        "mvt_id": contribution.pk,
        "title": "Un banc <ici>",
        "category": "proposal",
        "status": "published",
        "votes_for": 2,
        "votes_against": 1,
        "comment_count": 1,
        "group_name": "Conseil de quartier",
        "participant_count": 1,
    }
    # Quantised to the tile's 4096 units: at zoom 18, well under a metre.
    assert geometry.distance(INSIDE) < 1e-5


@pytest.mark.django_db
def test_a_hidden_contribution_vanishes_from_the_next_tile(
    client, contribution, moderator, tmp_path
):
    before, layers = fetch(client, contribution.layer, 16, tmp_path)
    assert titles(layers) == ["Un banc <ici>"]

    services.hide(contribution, by=moderator, reason="Insulting")
    after, _ = fetch(client, contribution.layer, 16, tmp_path)
    revalidated, _ = fetch(
        client, contribution.layer, 16, tmp_path, HTTP_IF_NONE_MATCH=before["ETag"]
    )

    assert after.status_code == 204
    assert after["ETag"] != before["ETag"]
    assert revalidated.status_code == 204


@pytest.mark.django_db
def test_an_unchanged_tile_answers_304_to_its_etag(client, contribution, tmp_path):
    first, _ = fetch(client, contribution.layer, 14, tmp_path)
    again, _ = fetch(client, contribution.layer, 14, tmp_path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "must-revalidate" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda a: factories.VoteFactory(annotation=a),
        lambda a: factories.CommentFactory(annotation=a),
        lambda a: a.respond(by=factories.StaffFactory(), response_text="Oui.", status="accepted"),
        lambda a: factories.AnnotationFactory(layer=a.layer, title="Autre"),
    ],
    ids=["vote", "comment", "answer", "new contribution"],
)
def test_any_change_a_tile_shows_gives_it_a_new_etag(change, client, contribution, tmp_path):
    before, _ = fetch(client, contribution.layer, 18, tmp_path)

    change(contribution)
    after, layers = fetch(client, contribution.layer, 18, tmp_path)

    assert after["ETag"] != before["ETag"]
    refreshed = Annotation.objects.get(pk=contribution.pk)
    [shown] = [a for a, _ in layers["contributions"] if a["mvt_id"] == contribution.pk]
    assert (shown["votes_for"], shown["comment_count"], shown["status"]) == (
        refreshed.votes_for,
        refreshed.comment_count,
        refreshed.status,
    )


@pytest.mark.django_db
def test_tiles_follow_the_lists_visibility_rules(client, layer, resident, staff, tmp_path):
    factories.AnnotationFactory(layer=layer, title="Publique")
    factories.AnnotationFactory(layer=layer, title="Masquée", is_hidden=True)
    factories.AnnotationFactory(layer=layer, title="Retirée", status="withdrawn")
    factories.AnnotationFactory(layer=layer, title="Mienne", status="submitted", author=resident)

    public = titles(fetch(client, layer, 18, tmp_path / "public")[1])
    client.force_login(resident)
    own = fetch(client, layer, 18, tmp_path / "own")
    client.force_login(staff)
    everything = titles(fetch(client, layer, 18, tmp_path / "staff")[1])

    assert public == ["Publique"]
    assert titles(own[1]) == ["Mienne", "Publique"]
    assert "private" in own[0]["Cache-Control"]
    assert everything == ["Masquée", "Mienne", "Publique", "Retirée"]


@pytest.mark.django_db
def test_an_unpublished_campaigns_tiles_are_not_found(client, tmp_path):
    layer = factories.ContributionLayerFactory(
        campaign=factories.CampaignFactory(is_published=False)
    )
    factories.AnnotationFactory(layer=layer)

    response, _ = fetch(client, layer, 18, tmp_path)
    document = client.get(f"/tiles/layers/{layer.pk}/tiles.json")

    assert response.status_code == 404
    assert document.status_code == 404


@pytest.mark.django_db
def test_a_cached_tile_is_not_served_once_its_campaign_is_unpublished(
    client, layer, staff, tmp_path
):
    factories.AnnotationFactory(layer=layer, title="Publique")
    served, _ = fetch(client, layer, 18, tmp_path / "served")
    layer.campaign.is_published = False
    layer.campaign.save()

    gone, _ = fetch(client, layer, 18, tmp_path / "gone")
    client.force_login(staff)
    draft = titles(fetch(client, layer, 18, tmp_path / "draft")[1])

    assert served.status_code == 200
    assert gone.status_code == 404
    assert draft == ["Publique"]


@pytest.mark.django_db
def test_a_layer_deleted_while_its_tile_is_drawn_is_not_found(client, layer, monkeypatch):
    lookup = views.tile_layer

    def found_then_deleted(user, layer_id):
        found = lookup(user, layer_id)
        Layer.objects.filter(pk=layer_id).delete()
        return found

    monkeypatch.setattr(views, "tile_layer", found_then_deleted)
    client.raise_request_exception = False

    assert client.get(tile_url(layer, 18, 0, 0)).status_code == 404


@pytest.mark.django_db
def test_each_kind_of_user_gets_the_layer_lookup_it_would_compile(
    layer, resident, moderator, staff
):
    # The lookup is compiled once for the staff and once for everyone else: right only while
    # the campaigns' visibility rule reads nothing else of a person.
    people = [AnonymousUser(), resident, moderator, staff]
    views._lookup_sql_by_staff.clear()
    for person in people:
        views.tile_layer(person, layer.pk)
    for person in people:
        assert views._lookup_sql_by_staff[person.is_staff] == views.compiled_lookup(person)


@pytest.mark.django_db
def test_tiles_take_the_lists_filters(client, layer, tmp_path):
    factories.AnnotationFactory(layer=layer, title="Problème", category="issue")
    factories.AnnotationFactory(layer=layer, title="Idée", category="proposal", status="accepted")
    factories.AnnotationFactory(layer=layer, title="Collectif", category="issue", group_name="AG")

    def shown(query):
        return titles(fetch(client, layer, 18, tmp_path / query, query)[1])

    assert shown("category=issue") == ["Collectif", "Problème"]
    assert shown("status=accepted") == ["Idée"]
    assert shown("collective=true") == ["Collectif"]
    assert shown("collective=false&category=issue") == ["Problème"]


@pytest.mark.django_db
def test_a_filter_value_the_list_does_not_know_is_refused(client, layer, in_english):
    response = client.get(tile_url(layer, 18, 0, 0, "category=nope"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "nope is not one of the available choices" in response.json()["category"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["category=issue&category=", "category=nope&category=", "category="]
)
def test_a_filter_the_list_refuses_is_refused_whatever_its_last_value(client, contribution, query):
    listed = client.get(f"/api/annotations/?{query}")

    response, _ = fetch(client, contribution.layer, 14, None, query)

    assert listed.status_code == response.status_code == 400
    assert list(response.json()) == list(listed.json()) == ["category"]
    assert cached_tiles() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["collective=junk1", "hidden=zzz", "collective=1", "hidden=on"])
def test_a_yes_no_filter_other_than_true_or_false_is_refused_and_nothing_cached(
    client, contribution, in_english, query
):
    name, value = query.split("=")

    response, _ = fetch(client, contribution.layer, 14, None, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {name: [f"Use true or false, not “{value}”."]}
    assert cached_tiles() == set()


@pytest.mark.django_db
def test_a_filter_however_spelt_is_one_tile(client, contribution, tmp_path):
    queries = ["collective=true", "collective=True", "collective=TRUE&collective=true"]

    fetched = [
        fetch(client, contribution.layer, 14, tmp_path / str(n), q) for n, q in enumerate(queries)
    ]

    assert {response["ETag"] for response, _ in fetched} == {fetched[0][0]["ETag"]}
    assert [titles(layers) for _, layers in fetched] == [["Un banc <ici>"]] * 3
    assert len(cached_tiles()) == 1


@pytest.mark.django_db
def test_a_reference_layers_tiles_ignore_the_lists_filters(client, campaign, tmp_path):
    # They select contributions, which a reference layer does not hold: an address made for
    # a contribution layer still draws the layer, as one tile whatever the filters say.
    reference = factories.ReferenceLayerFactory(campaign=campaign)
    square = Point(INSIDE.x, INSIDE.y, srid=4326).buffer(0.001)
    factories.FeatureFactory(layer=reference, geometry=square, label="Parcelle 12")

    plain, _ = fetch(client, reference, 15, tmp_path / "plain")
    filtered, layers = fetch(client, reference, 15, tmp_path / "filtered", "category=junk&hidden=x")
    document = client.get(f"/tiles/layers/{reference.pk}/tiles.json?category=junk").json()

    assert filtered.status_code == 200
    assert filtered["ETag"] == plain["ETag"]
    assert [attributes["label"] for attributes, _ in layers["features"]] == ["Parcelle 12"]
    assert len(cached_tiles()) == 1
    assert document["tiles"] == [
        f"http://testserver/tiles/layers/{reference.pk}/{{z}}/{{x}}/{{y}}.mvt"
    ]


@pytest.mark.django_db
def test_points_are_clustered_at_low_zoom_and_shown_from_zoom_18(client, layer, tmp_path):
    for offset in range(5):
        factories.AnnotationFactory(
            layer=layer, geometry=Point(INSIDE.x + offset * 1e-5, INSIDE.y, srid=4326)
        )

    _, low = fetch(client, layer, 12, tmp_path / "low")
    _, high = fetch(client, layer, 18, tmp_path / "high")

    [(cluster, where)] = low["clusters"]
    assert (cluster["count"], cluster["weight"]) == (5, 5)
    # At the points, or moved at most the margin of its cell that keeps markers apart.
    margin = 360 / 2**12 / CLUSTER_CELLS * MARKER_MARGIN
    assert where.distance(INSIDE) <= math.hypot(margin, margin)
    assert "contributions" not in low
    assert len(high["contributions"]) == 5
    assert "clusters" not in high


@pytest.mark.django_db
def test_a_lone_point_is_shown_as_itself_at_low_zoom(client, contribution, tmp_path):
    _, layers = fetch(client, contribution.layer, 8, tmp_path)

    assert titles(layers) == ["Un banc <ici>"]
    assert "clusters" not in layers


@pytest.mark.django_db
def test_an_empty_tile_answers_204_and_a_tile_off_the_grid_404(client, layer):
    assert client.get(tile_url(layer, 18, 0, 0)).status_code == 204
    assert client.get(tile_url(layer, 3, 8, 0)).status_code == 404
    assert client.get(tile_url(layer, 23, 0, 0)).status_code == 404


@pytest.mark.django_db
def test_lines_and_polygons_are_drawn_and_a_reference_layer_carries_labels(
    client, campaign, tmp_path
):
    reference = factories.ReferenceLayerFactory(campaign=campaign, style_property="etat")
    square = Point(INSIDE.x, INSIDE.y, srid=4326).buffer(0.001)
    factories.FeatureFactory(
        layer=reference, geometry=square, label="Parcelle 12", properties={"etat": "prévu"}
    )

    _, layers = fetch(client, reference, 15, tmp_path)

    [(attributes, geometry)] = layers["features"]
    assert (attributes["label"], attributes["style"]) == ("Parcelle 12", "prévu")
    assert geometry.geom_type in ("Polygon", "MultiPolygon")
    assert geometry.intersects(INSIDE)


@pytest.mark.django_db
def test_tilejson_names_the_tiles_and_their_fields(client, layer):
    document = client.get(f"/tiles/layers/{layer.pk}/tiles.json?category=issue&junk=1").json()

    assert document["tiles"] == [
        f"http://testserver/tiles/layers/{layer.pk}/{{z}}/{{x}}/{{y}}.mvt?category=issue"
    ]
    [contributions, clusters] = document["vector_layers"]
    assert contributions["id"] == "contributions"
    assert {"id", "title", "votes_for", "comment_count"} <= set(contributions["fields"])
    assert clusters["id"] == "clusters"
    west, south, east, north = document["bounds"]
    assert west < INSIDE.x < east and south < INSIDE.y < north


@pytest.mark.django_db
def test_a_filter_value_asked_many_times_is_the_same_tile(client, contribution, tmp_path):
    once, _ = fetch(client, contribution.layer, 14, tmp_path / "once", "category=proposal")
    repeated = "&".join(["category=proposal"] * 200)
    many, layers = fetch(client, contribution.layer, 14, tmp_path / "many", repeated)

    assert many.status_code == 200
    assert many["ETag"] == once["ETag"]
    assert many.content == once.content
    assert titles(layers) == ["Un banc <ici>"]


@pytest.mark.django_db(transaction=True)
def test_a_tile_whose_layer_lookup_fails_says_the_service_is_briefly_unavailable(
    client, layer, tmp_path
):
    # The lookup every tile request makes runs on psycopg's own cursor: its failure still
    # reaches Django as a database error (503 with a retry hint), not as a bug (500).
    client.raise_request_exception = False
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '100ms'")
    params = connection.get_connection_params()
    place = {name: params[name] for name in ("dbname", "user", "password", "host", "port")}
    with psycopg.connect(**place) as other:
        other.execute("LOCK TABLE layers_layer IN ACCESS EXCLUSIVE MODE")
        response, _ = fetch(client, layer, 18, tmp_path, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"

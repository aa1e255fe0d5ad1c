"""Planners open geoconsult in QGIS through OGC API - Features; GDAL's own client reads it."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from annotations.models import Annotation
from tests.support import factories
from tests.support.gis_files import ogrinfo

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def campaign_layers():
    """A reference layer of two parcels and a contribution layer with three public contributions."""
    plan = factories.ReferenceLayerFactory(
        name="Plan", campaign__slug="parks", campaign__title="Parks"
    )
    campaign = plan.campaign
    factories.FeatureFactory(layer=plan, label="Parcel A", properties={"zone": "UA", "height": 12})
    factories.FeatureFactory(
        layer=plan,
        label="Parcel B",
        properties={"zone": "N"},
        geometry=Point(2.21, 48.89, srid=4326),
    )
    ideas = factories.ContributionLayerFactory(name="Ideas", campaign=campaign)
    author = factories.UserFactory(display_name="Camille")
    for title in ("Bench", "Tree", "Fountain"):
        factories.AnnotationFactory(layer=ideas, title=title, author=author)
    factories.VoteFactory(annotation=ideas.annotations.get(title="Tree"))
    factories.AnnotationFactory(layer=ideas, title="Hidden", is_hidden=True)
    factories.AnnotationFactory(layer=ideas, title="Draft", status=Annotation.Status.SUBMITTED)
    factories.ReferenceLayerFactory(name="Secret", campaign__is_published=False)
    return plan, ideas


def get(client, name, *args, **params):
    return client.get(reverse(f"ogc:{name}", args=args), params, headers={"accept-language": "en"})


def json_of(response):
    """The JSON of a response, whether streamed (items) or not; it may be read again."""
    if not response.streaming:
        return response.json()
    content = b"".join(response.streaming_content)
    response.streaming_content = [content]
    return json.loads(content)


def titles(response):
    return [
        feature["properties"].get("title") or feature["properties"]["label"]
        for feature in json_of(response)["features"]
    ]


@pytest.mark.django_db
def test_the_landing_page_leads_to_conformance_and_collections(client):
    landing = get(client, "landing")

    assert landing["Content-Type"] == "application/json"
    links = {link["rel"]: link["href"] for link in landing.json()["links"]}
    assert links == {
        "self": "http://testserver/ogc/",
        "service-desc": "http://testserver/ogc/api",
        "conformance": "http://testserver/ogc/conformance",
        "data": "http://testserver/ogc/collections",
        "alternate": "http://testserver/ogc/?f=html",
    }
    assert get(client, "conformance").json()["conformsTo"] == [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]
    definition = get(client, "api")
    assert definition["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    items = definition.json()["paths"]["/collections/{collectionId}/items"]["get"]
    assert [p["name"] for p in items["parameters"]] == ["collectionId", "bbox", "limit", "offset"]


@pytest.mark.django_db
def test_collections_are_the_layers_of_published_campaigns(client, campaign_layers):
    plan, ideas = campaign_layers

    collections = get(client, "collections").json()["collections"]

    assert [(c["id"], c["title"]) for c in collections] == [
        (f"layer-{ideas.pk}", "Parks · Ideas"),
        (f"layer-{plan.pk}", "Parks · Plan"),
    ]
    plan_extent = collections[1]["extent"]["spatial"]["bbox"][0]
    assert plan_extent == pytest.approx([2.2088, 48.89, 2.21, 48.895])
    one = get(client, "collection", f"layer-{ideas.pk}").json()
    assert one["extent"]["spatial"]["bbox"][0] == pytest.approx(
        list(ideas.campaign.perimeter.extent)
    )
    assert {link["rel"] for link in one["links"]} == {"self", "alternate", "items"}


@pytest.mark.django_db
def test_items_come_a_page_at_a_time_with_counts(client, campaign_layers):
    _, ideas = campaign_layers

    first = get(client, "items", f"layer-{ideas.pk}", limit=2)

    assert first["Content-Type"] == "application/geo+json"
    body = json_of(first)
    assert (body["numberMatched"], body["numberReturned"]) == (3, 2)
    assert titles(first) == ["Bench", "Tree"]
    assert body["features"][1]["properties"]["votes_for"] == 1
    assert body["features"][1]["properties"]["author"] == "Camille"
    links = {link["rel"]: link["href"] for link in body["links"]}
    assert set(links) == {"self", "next"}
    second = client.get(links["next"])
    assert titles(second) == ["Fountain"]
    # The next page is found by a cursor (the last id seen); a cursor leads forward only.
    assert f"cursor={json_of(first)['features'][1]['id']}" in links["next"]
    assert {link["rel"] for link in json_of(second)["links"]} == {"self"}
    # A client paging by offset still gets its page, and a way back.
    by_offset = get(client, "items", f"layer-{ideas.pk}", limit=2, offset=2)
    assert titles(by_offset) == ["Fountain"]
    assert {link["rel"] for link in json_of(by_offset)["links"]} == {"self", "prev"}


@pytest.mark.django_db
@pytest.mark.parametrize("position", ["offset", "cursor"])
def test_a_position_past_any_row_gives_an_empty_page(client, campaign_layers, position):
    _, ideas = campaign_layers

    response = get(client, "items", f"layer-{ideas.pk}", **{position: "9" * 40})

    assert response.status_code == 200
    assert json_of(response)["numberReturned"] == 0
    assert json_of(response)["features"] == []


@pytest.mark.django_db
def test_paging_to_the_end_keeps_one_limit_in_each_next_link(client, campaign_layers):
    _, ideas = campaign_layers
    factories.AnnotationFactory.create_batch(4, layer=ideas)

    seen, url = [], reverse("ogc:items", args=[f"layer-{ideas.pk}"]) + "?limit=2"
    while url:
        body = json_of(client.get(url))
        seen += [feature["id"] for feature in body["features"]]
        assert body["numberReturned"] == len(body["features"])
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        assert url is None or url.count("limit=") == 1

    assert seen == sorted(ideas.annotations.visible().values_list("pk", flat=True))


@pytest.mark.django_db
def test_reference_features_carry_their_imported_attributes(client, campaign_layers):
    plan, _ = campaign_layers

    features = json_of(get(client, "items", f"layer-{plan.pk}", bbox="2.205,48.893,2.209,48.896"))

    assert features["numberMatched"] == 1
    assert features["features"][0]["properties"] == {
        "label": "Parcel A",
        "zone": "UA",
        "height": 12,
    }
    assert features["features"][0]["geometry"] == {"type": "Point", "coordinates": [2.2088, 48.895]}


@pytest.mark.django_db
def test_one_item_and_what_is_not_there(client, campaign_layers):
    plan, ideas = campaign_layers
    tree = ideas.annotations.get(title="Tree")
    hidden = ideas.annotations.get(title="Hidden")

    item = get(client, "item", f"layer-{ideas.pk}", tree.pk)
    assert item.json()["properties"]["title"] == "Tree"
    assert item.json()["id"] == tree.pk

    for response in (
        get(client, "item", f"layer-{ideas.pk}", hidden.pk),
        get(client, "item", f"layer-{plan.pk}", tree.pk),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "NotFound"
    secret = plan.__class__.objects.get(name="Secret")
    assert get(client, "collection", f"layer-{secret.pk}").json() == {
        "code": "NotFound",
        "description": f"There is no collection “layer-{secret.pk}”.",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"limit": "0"}, "limit must be a whole number of at least 1."),
        ({"offset": "-3"}, "offset must be a whole number of at least 0."),
        ({"bbox": "2,48"}, "bbox takes four numbers: west,south,east,north (in degrees)."),
        ({"f": "xml"}, "Unknown format “xml”; this service speaks f=json, f=html."),
    ],
)
def test_bad_parameters_get_an_ogc_exception(client, campaign_layers, params, description):
    _, ideas = campaign_layers

    response = get(client, "items", f"layer-{ideas.pk}", **params)

    assert response.status_code == 400
    assert response.json() == {"code": "InvalidParameterValue", "description": description}


@pytest.mark.django_db
def test_json_is_served_to_whoever_accepts_it_first(client, campaign_layers):
    _, ideas = campaign_layers
    url = reverse("ogc:items", args=[f"layer-{ideas.pk}"])
    language = {"accept-language": "en"}

    anything = client.get(url, headers={**language, "accept": "*/*"})
    json_first = client.get(url, headers={**language, "accept": "application/json,text/html"})
    xml_only = client.get(url, headers={**language, "accept": "application/xml"})

    assert anything["Content-Type"] == "application/geo+json"
    assert json_first["Content-Type"] == "application/geo+json"
    assert xml_only.status_code == 406
    assert xml_only.json() == {
        "code": "NotAcceptable",
        "description": "This service answers in JSON (application/json, application/geo+json) "
        "or HTML.",
    }


@pytest.mark.django_db
def test_a_limit_past_the_maximum_is_served_as_the_maximum(client, campaign_layers):
    _, ideas = campaign_layers

    body = json_of(get(client, "items", f"layer-{ideas.pk}", limit=1_000_000))

    assert body["numberReturned"] == 3
    assert "limit=10000" in body["links"][0]["href"]


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_the_collections_and_their_features(live_server, campaign_layers):
    plan, ideas = campaign_layers
    service = f"OAPIF:{live_server.url}/ogc/"

    listing = ogrinfo("-so", service)
    assert f"1: layer-{ideas.pk} (title: Parks · Ideas) (Point)" in listing
    assert f"2: layer-{plan.pk} (title: Parks · Plan) (Point)" in listing
    assert "Secret" not in listing

    contributions = ogrinfo(service, f"layer-{ideas.pk}")
    assert "Feature Count: 3" in contributions
    assert contributions.count("OGRFeature(") == 3
    assert "title (String) = Tree" in contributions
    assert "votes_for (Integer) = 1" in contributions
    assert "author (String) = Camille" in contributions

    parcels = ogrinfo(service, f"layer-{plan.pk}")
    assert "zone (String) = UA" in parcels
    assert "height (Integer) = 12" in parcels
    assert "POINT (2.2088 48.895)" in parcels


AWKWARD_NAMES = ["geometry", "srid", "members", "queryset", "chunk_size", "properties", "self"]


@pytest.mark.django_db
def test_a_reference_layer_with_two_hundred_attributes_and_awkward_names(client):
    layer = factories.ReferenceLayerFactory()
    attributes = {f"attribute_{number:03}": number for number in range(200)}
    attributes.update({name: f"value of {name}" for name in AWKWARD_NAMES})
    factories.FeatureFactory(layer=layer, label="Parcel", properties=attributes)

    items = get(client, "items", f"layer-{layer.pk}")
    one = get(client, "item", f"layer-{layer.pk}", layer.features.get().pk)

    assert items.status_code == 200 and one.status_code == 200
    [feature] = json_of(items)["features"]
    assert feature["properties"] == {"label": "Parcel", **attributes}
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.2088, 48.895]}
    assert json_of(one)["properties"] == {"label": "Parcel", **attributes}

"""The campaign page without JavaScript: legend colours by style attribute, the list and
its filters as a plain form, the in-page sections, the staff's dashboard link."""

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from layers.models import STYLE_PALETTE
from tests.support.factories import (
    INSIDE,
    AnnotationFactory,
    CampaignFactory,
    ContributionLayerFactory,
    FeatureFactory,
    ReferenceLayerFactory,
    VoteFactory,
)
from tests.support.pages import page_json
from tests.support.tiles import read_page_tile

pytestmark = pytest.mark.django_db


def test_a_reference_layer_styled_by_an_attribute_gets_one_colour_per_value(client, tmp_path):
    campaign = CampaignFactory()
    plan = ReferenceLayerFactory(campaign=campaign, style_property="zone")
    for zone in ["Logements", "Commerces", "Logements", "Parc"]:
        FeatureFactory(layer=plan, properties={"zone": zone})
    FeatureFactory(layer=plan, properties={})

    response = client.get(campaign.get_absolute_url())

    expected = [
        {"value": "Commerces", "color": STYLE_PALETTE[0]},
        {"value": "Logements", "color": STYLE_PALETTE[1]},
        {"value": "Parc", "color": STYLE_PALETTE[2]},
    ]
    drawn = page_json(response, "campaign-data")["layers"][0]
    assert drawn["style_classes"] == expected
    features = read_page_tile(client, drawn["tiles"], INSIDE, 18, tmp_path)["features"]
    assert {attributes["style"] for attributes, _ in features} == {
        "Commerces",
        "Logements",
        "Parc",
        None,
    }
    html = response.content.decode()
    for entry in expected:
        assert (
            f'<span class="swatch" style="background: {entry["color"]}" aria-hidden="true">'
            f"</span>{entry['value']}</li>"
        ) in html


def test_values_past_the_palette_share_the_layer_colour_as_one_legend_entry(client):
    campaign = CampaignFactory()
    plan = ReferenceLayerFactory(campaign=campaign, style_property="street", color="#555555")
    streets = [f"Rue {letter}" for letter in "ABCDEFGHIJ"]
    for street in streets:
        FeatureFactory(layer=plan, properties={"street": street})

    response = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    classes = page_json(response, "campaign-data")["layers"][0]["style_classes"]
    named = classes[: len(STYLE_PALETTE)]
    assert [c["value"] for c in named] == streets[: len(STYLE_PALETTE)]
    assert len({c["color"] for c in named}) == len(STYLE_PALETTE)  # no colour twice
    assert classes[len(STYLE_PALETTE) :] == [{"value": None, "color": "#555555", "others": True}]
    assert (
        '<span class="swatch" style="background: #555555" aria-hidden="true"></span>Other values'
        in response.content.decode()
    )


def list_titles(response):
    return [a.title for a in response.context["contributions"]["items"]]


def test_the_list_takes_its_filters_from_the_address(client):
    campaign = CampaignFactory()
    layer = ContributionLayerFactory(campaign=campaign)
    AnnotationFactory(layer=layer, title="Old issue", category="issue")
    supported = AnnotationFactory(layer=layer, title="Supported proposal", category="proposal")
    AnnotationFactory(layer=layer, title="New proposal", category="proposal")
    AnnotationFactory(layer=layer, title="Done", category="proposal", status="done")
    AnnotationFactory(layer=layer, title="Hidden", category="proposal", is_hidden=True)
    VoteFactory.create_batch(2, annotation=supported)
    url = campaign.get_absolute_url()

    everything = client.get(url)
    proposals = client.get(url, {"category": "proposal", "status": "", "ordering": "newest"})
    supported_first = client.get(url, {"category": "proposal", "ordering": "most_supported"})
    done = client.get(url, {"status": "done"})

    assert list_titles(everything) == ["Done", "New proposal", "Supported proposal", "Old issue"]
    assert list_titles(proposals) == ["Done", "New proposal", "Supported proposal"]
    assert list_titles(supported_first)[0] == "Supported proposal"
    assert list_titles(done) == ["Done"]
    html = supported_first.content.decode()
    assert '<option value="proposal" selected>' in html
    assert '<option value="most_supported" selected>' in html
    assert f'href="/contributions/{supported.pk}/">Supported proposal</a>' in html


def test_a_junk_filter_value_is_dropped_and_the_menus_show_what_the_list_holds(client):
    campaign = CampaignFactory()
    layer = ContributionLayerFactory(campaign=campaign)
    AnnotationFactory(layer=layer, title="An issue", category="issue")
    AnnotationFactory(layer=layer, title="A proposal", category="proposal")

    response = client.get(campaign.get_absolute_url(), {"category": "proposal", "status": "zzz"})

    assert response.status_code == 200
    assert list_titles(response) == ["A proposal"]
    assert '<option value="proposal" selected>' in response.content.decode()


def test_the_map_and_list_get_every_category_and_status_name_in_the_page_language(client):
    campaign = CampaignFactory()

    response = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    labels = page_json(response, "campaign-data")["labels"]
    # The status menu leaves out what the public never sees; an author's own
    # withdrawn contribution still shows in the list, named in French.
    assert labels["status"]["withdrawn"] == "Retirée par son auteur"
    assert labels["status"]["submitted"] == "Soumise"
    assert labels["category"]["proposal"] == "Proposition"


def test_contributions_of_other_campaigns_stay_out_of_the_list(client):
    campaign = CampaignFactory()
    AnnotationFactory(layer__campaign=campaign, title="Here")
    AnnotationFactory(title="Elsewhere", geometry=Point(2.21, 48.89, srid=4326))

    assert list_titles(client.get(campaign.get_absolute_url())) == ["Here"]


def test_staff_see_the_dashboard_link_and_residents_do_not(client, staff, resident):
    campaign = CampaignFactory()
    dashboard = f'href="{reverse("portal:dashboard", args=[campaign.slug])}"'

    client.force_login(resident)
    assert dashboard not in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert dashboard in client.get(campaign.get_absolute_url()).content.decode()


def test_a_campaign_out_of_its_contribution_phase_says_so(client, resident):
    campaign = CampaignFactory(phase="analysis")
    ContributionLayerFactory(campaign=campaign)
    client.force_login(resident)

    html = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This campaign does not take contributions now." in html
    assert 'id="contribute-form"' not in html
